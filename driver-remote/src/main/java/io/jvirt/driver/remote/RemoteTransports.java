package io.jvirt.driver.remote;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.RemoteEndpoint;
import io.jvirt.core.kit.remote.RemoteLogin;
import io.jvirt.core.kit.rpc.ChannelTransport;
import io.jvirt.core.kit.rpc.RpcTransport;
import io.jvirt.core.spi.ConnectRequest;

/**
 * How each transport of a remote URI is reached: the one place a transport plugs in (each is an
 * {@link RpcTransport}).
 */
final class RemoteTransports {

    /** The service name of libvirt's own TCP and TLS ports in endpoints (auth-file groups, messages). */
    static final String SERVICE = "libvirt";

    private RemoteTransports() {
    }

    static RpcTransport connect(RemoteUri uri, ConnectRequest request, RemoteSettings settings, RemoteLogin login) {
        boolean readOnly = request.readOnly();
        return switch (uri.transport()) {
            case UNIX -> unix(ReadOnlyReach.unixSocket(uri, request));
            case TCP -> {
                ReadOnlyReach.checkServer(new RemoteEndpoint(SERVICE, uri.serverHost(), uri.tcpPort()), request, login);
                yield tcp(uri.serverHost(), uri.tcpPort(), settings.connectTimeout());
            }
            case TLS -> {
                ReadOnlyReach.checkServer(new RemoteEndpoint(SERVICE, uri.serverHost(), uri.tcpPort()), request, login);
                yield TlsTransport.connect(uri, settings.connectTimeout(), request.files());
            }
            case SSH -> SshTransport.connect(uri, request, login, settings.ssh());
            default -> throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.REMOTE,
                "transport '" + uri.transport().name().toLowerCase(java.util.Locale.ROOT)
                    + "' is not available in jvirt's remote driver yet (unix, tcp, tls and ssh are)");
        };
    }

    /** virNetSocketNewConnectUNIX's error: "Failed to connect socket to 'PATH': REASON". */
    private static RpcTransport unix(Path socket) {
        try {
            return ChannelTransport.unix(socket);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                "Failed to connect socket to '" + socket + "': " + reason(e), e);
        }
    }

    /** virNetSocketNewConnectTCP's error: "unable to connect to server at 'HOST:PORT': REASON". */
    private static RpcTransport tcp(String host, int port, Duration timeout) {
        try {
            return ChannelTransport.tcp(host, port, timeout);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                "unable to connect to server at '" + host + ":" + port + "': " + reason(e), e);
        }
    }

    static String reason(IOException e) {
        if (e instanceof java.net.UnknownHostException) {
            return "Name or service not known";
        }
        if (e instanceof java.net.SocketTimeoutException) {
            return "Connection timed out";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
