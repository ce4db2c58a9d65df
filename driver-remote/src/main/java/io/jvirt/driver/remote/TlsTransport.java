package io.jvirt.driver.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.rpc.RpcTransport;
import io.jvirt.core.kit.tls.TlsClientContext;
import io.jvirt.core.kit.tls.TlsPeer;
import io.jvirt.core.kit.tls.TlsSetupException;
import io.jvirt.core.kit.tls.X509Files;
import io.jvirt.core.spi.UserFiles;

/**
 * libvirt's {@code +tls} transport (remote_driver.c's REMOTE_DRIVER_TRANSPORT_TLS, then
 * virNetClientSetTLSSession): TCP to the server's TLS port, the x509 handshake with the client's
 * certificate from the {@code pkipath} (or libvirt's default places), the server's certificate
 * checked against the CA list and the host name unless {@code no_verify=1}, and the server's
 * confirmation byte (it accepted our certificate). Secure and encrypted.
 */
final class TlsTransport implements RpcTransport {

    /** virNetTLSContextLocateCredentials's system layout, used by root (as libvirtd's client). */
    static final Path SYSTEM_PKI = Path.of("/etc/pki");

    private final Socket raw;
    private final TlsPeer peer;
    private final String description;

    private TlsTransport(Socket raw, TlsPeer peer, String description) {
        this.raw = raw;
        this.peer = peer;
        this.description = description;
    }

    /**
     * Connects, runs the handshake and reads the confirmation within {@code timeout}.
     *
     * @throws VirtException with libvirt's wording: SYSTEM_ERROR for the connect and the
     *                       certificate checks, RPC when the server refused our certificate
     */
    static TlsTransport connect(RemoteUri uri, Duration timeout, UserFiles allowed) {
        X509Files files = files(uri.pkiPath(), allowed);
        TlsClientContext context;
        try {
            context = TlsClientContext.create(files, uri.verify(), uri.tlsPriority());
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC, e.getMessage(), e);
        }
        String host = uri.serverHost();
        int port = uri.tcpPort();
        Socket raw = new Socket();
        try {
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            raw.connect(new InetSocketAddress(host, port), millis);
            raw.setTcpNoDelay(true);
            raw.setKeepAlive(true);
            // bounds the handshake and the wait for the confirmation byte, then off: the RPC client has its own bounds
            raw.setSoTimeout(millis);
        } catch (IOException e) {
            close(raw);
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                "unable to connect to server at '" + host + ":" + port + "': " + RemoteTransports.reason(e), e);
        }
        try {
            TlsPeer peer = context.handshake(raw, host);
            raw.setSoTimeout(0);
            return new TlsTransport(raw, peer, "TLS " + host + ":" + port + " (server " + peer.describe() + ")");
        } catch (TlsSetupException e) {
            close(raw);
            // virNetClientSetTLSSession: a refusal after the handshake is an RPC error, the certificate checks system errors
            ErrorCode code = e.getMessage() != null && e.getMessage().startsWith("server verification")
                ? ErrorCode.RPC : ErrorCode.SYSTEM_ERROR;
            throw new VirtException(code, ErrorDomain.RPC, e.getMessage(), e);
        } catch (IOException e) {
            close(raw);
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                "Unable to read TLS confirmation: " + RemoteTransports.reason(e), e);
        }
    }

    /**
     * virNetTLSContextLocateCredentials for a client: the {@code pkipath} directory when given
     * (used whether or not its files exist); else, for a user other than root, {@code
     * ~/.pki/libvirt} when it holds any of the files; else the system layout under /etc/pki.
     */
    static X509Files files(String pkiPath, UserFiles allowed) {
        if (pkiPath != null) {
            if (!allowed.unrestricted()) {
                // jvirt reads these as root: a read-only connection's user may name only files the
                // connection's rule lets through (the configured directory, links resolved), as for
                // any other file a user names
                allowed.resolve(Path.of(pkiPath, "cacert.pem").toString(), null);
                for (String optional : new String[] {"clientcert.pem", "clientkey.pem", "cacrl.pem"}) {
                    if (Files.exists(Path.of(pkiPath, optional), LinkOption.NOFOLLOW_LINKS)) {
                        allowed.resolve(Path.of(pkiPath, optional).toString(), null);
                    }
                }
            }
            return X509Files.clientPkiPath(Path.of(pkiPath));
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            Path user = Path.of(System.getProperty("user.home"), ".pki", "libvirt");
            if (Files.exists(user.resolve("cacert.pem")) || Files.exists(user.resolve("clientcert.pem"))
                    || Files.exists(user.resolve("clientkey.pem"))) {
                return X509Files.clientPkiPath(user);
            }
        }
        return X509Files.libvirtClient(SYSTEM_PKI);
    }

    @Override
    public InputStream input() {
        try {
            return peer.socket().getInputStream();
        } catch (IOException e) {
            throw new IllegalStateException("TLS socket without streams", e);
        }
    }

    @Override
    public OutputStream output() {
        try {
            return peer.socket().getOutputStream();
        } catch (IOException e) {
            throw new IllegalStateException("TLS socket without streams", e);
        }
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public boolean isEncrypted() {
        return true;
    }

    @Override
    public String describe() {
        return description;
    }

    /**
     * Closes the TCP socket under the TLS one: JSSE's own close would send close_notify and could
     * wait on the lock a blocked reader holds.
     */
    @Override
    public void close() {
        close(raw);
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }
}
