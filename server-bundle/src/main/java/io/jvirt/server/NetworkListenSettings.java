package io.jvirt.server;

import java.net.InetAddress;
import java.util.Objects;

import io.jvirt.core.kit.tls.AllowedDnList;
import io.jvirt.core.kit.tls.X509Files;

/**
 * libvirtd's TCP listeners (libvirtd.conf's {@code listen_tls}, {@code listen_tcp},
 * {@code listen_addr}, {@code tls_port}, {@code tcp_port}, {@code key_file}/{@code cert_file}/
 * {@code ca_file}, {@code tls_no_verify_certificate}, {@code tls_allowed_dn_list},
 * {@code max_anonymous_clients}); both off unless enabled. Plain TCP has no authentication in jvirt
 * (libvirt's {@code auth_tcp = "none"}): whoever can connect may do everything, so it binds to
 * loopback unless an address is configured.
 *
 * @param tls                 listen with TLS
 * @param tcp                 listen on plain TCP
 * @param address             the address to bind, or null: TLS on every address (as libvirtd), plain TCP on loopback
 * @param tlsPort             libvirt's 16514; 0 picks a free port (tests)
 * @param tcpPort             libvirt's 16509; 0 picks a free port (tests)
 * @param files               the server's CA, certificate and key
 * @param verifyClients       libvirt's {@code tls_no_verify_certificate = 0}: client certificates demanded and checked
 * @param allowedDns          the client DNs let in (when verifying)
 * @param maxAnonymousClients TLS handshakes in progress at once; one more is closed at accept
 * @param tlsPriority         libvirtd's {@code tls_priority} (a GnuTLS priority string; its protocol
 *                            version parts are honoured, see the kit's TlsPriority), null: GnuTLS's NORMAL
 */
public record NetworkListenSettings(boolean tls, boolean tcp, InetAddress address, int tlsPort, int tcpPort,
                                    X509Files files, boolean verifyClients, AllowedDnList allowedDns,
                                    int maxAnonymousClients, String tlsPriority) {

    public static final int TLS_PORT = 16514;
    public static final int TCP_PORT = 16509;

    /** Neither listener. */
    public static final NetworkListenSettings NONE =
        new NetworkListenSettings(false, false, null, TLS_PORT, TCP_PORT, null, true, AllowedDnList.ANY, 20);

    /** With GnuTLS's default priority. */
    public NetworkListenSettings(boolean tls, boolean tcp, InetAddress address, int tlsPort, int tcpPort, X509Files files,
                                 boolean verifyClients, AllowedDnList allowedDns, int maxAnonymousClients) {
        this(tls, tcp, address, tlsPort, tcpPort, files, verifyClients, allowedDns, maxAnonymousClients, null);
    }

    public NetworkListenSettings {
        if (tls) {
            Objects.requireNonNull(files, "files");
        }
        Objects.requireNonNull(allowedDns, "allowedDns");
        if (tlsPort < 0 || tlsPort > 65535 || tcpPort < 0 || tcpPort > 65535 || maxAnonymousClients < 1) {
            throw new IllegalArgumentException("ports 0..65535 and max_anonymous_clients >= 1");
        }
    }

    /** TLS with libvirtd's defaults on these files, verifying clients. */
    public static NetworkListenSettings tls(InetAddress address, int port, X509Files files, AllowedDnList allowed) {
        return new NetworkListenSettings(true, false, address, port, TCP_PORT, files, true, allowed, 20);
    }

    /** Plain TCP alone. */
    public static NetworkListenSettings tcp(InetAddress address, int port) {
        return new NetworkListenSettings(false, true, address, TLS_PORT, port, null, true, AllowedDnList.ANY, 20);
    }

    public NetworkListenSettings withoutVerification() {
        return new NetworkListenSettings(tls, tcp, address, tlsPort, tcpPort, files, false, allowedDns, maxAnonymousClients,
            tlsPriority);
    }

    public NetworkListenSettings withTcp(int port) {
        return new NetworkListenSettings(tls, true, address, tlsPort, port, files, verifyClients, allowedDns, maxAnonymousClients,
            tlsPriority);
    }

    public NetworkListenSettings withTlsPriority(String priority) {
        return new NetworkListenSettings(tls, tcp, address, tlsPort, tcpPort, files, verifyClients, allowedDns, maxAnonymousClients,
            priority);
    }

    InetAddress tlsAddress() {
        return address;
    }

    InetAddress tcpAddress() {
        return address != null ? address : InetAddress.getLoopbackAddress();
    }
}
