package io.jvirt.server;

import java.io.IOException;

import io.jvirt.core.kit.tls.TlsServerContext;

/** Opens the TLS and plain TCP ports a server's {@link NetworkListenSettings} enable. */
final class NetworkListeners {

    private NetworkListeners() {
    }

    static void start(RemoteServer server, NetworkListenSettings n) throws IOException {
        NetworkListener tls = null;
        NetworkListener tcp = null;
        try {
            if (n.tls()) {
                // the certificates are read and sanity-checked before anything listens, as libvirtd
                TlsServerContext ctx = TlsServerContext.create(n.files(), n.verifyClients(), n.allowedDns(), n.tlsPriority());
                tls = new TlsListener(n.tlsAddress(), n.tlsPort(), ctx, server.loop(), server::inBackground,
                    n.maxAnonymousClients(), server.settings().handshakeTimeout(), (ch, wire, who) -> server.accept(ch, wire, false, who));
            }
            if (n.tcp()) {
                tcp = new TcpListener(n.tcpAddress(), n.tcpPort(), (ch, who) -> server.accept(ch, false, who));
            }
        } catch (IOException | RuntimeException e) {
            if (tls != null) {
                tls.close();
            }
            throw e;
        }
        server.networkListeners(tls, tcp);
    }
}
