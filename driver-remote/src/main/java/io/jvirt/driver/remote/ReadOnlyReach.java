package io.jvirt.driver.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.RemoteEndpoint;
import io.jvirt.core.kit.remote.RemoteLogin;
import io.jvirt.core.spi.ConnectRequest;

/**
 * Where a read-only client may make jvirt, running as root, connect with a URI of its own (a console
 * viewer's, or one a libvirt client of the server's read-only socket sends). Such a client must not
 * reach, through jvirt, what it cannot reach itself:
 *
 * <ul>
 *   <li>a server (tcp, tls, ssh): only those the administrator lists in {@code readonly.hosts} of
 *       PID io.jvirt.driver.remote ({@link RemoteLogin#checkReach});</li>
 *   <li>a UNIX socket named with {@code socket=}: only libvirt's read-only sockets (a socket whose
 *       name ends in {@code -sock-ro}, as libvirtd's and every modular daemon's, judged by the name
 *       as typed and again by the socket it leads to, links resolved) or sockets in the
 *       administrator's {@code readonly.files.dir}. Otherwise root would connect to any socket on
 *       the host (libvirtd's read-write socket, a container runtime's) and write the client's
 *       bytes into it. Without {@code socket=} the driver uses libvirt's read-only socket anyway.</li>
 * </ul>
 *
 * Read-write connections (their user may change the host through jvirt anyway) and named
 * connections (the administrator's URIs, {@link ConnectRequest#administered}) are not limited.
 */
final class ReadOnlyReach {

    private static final String RO_SUFFIX = "-sock-ro";
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private ReadOnlyReach() {
    }

    static boolean limited(ConnectRequest request) {
        return request.readOnly() && !request.administered();
    }

    /** The server check, before anything is resolved or sent. */
    static void checkServer(RemoteEndpoint to, ConnectRequest request, RemoteLogin login) {
        login.checkReach(to, request);
    }

    /**
     * The UNIX socket to connect to: {@code uri}'s as it is for unlimited requests; for a limited one
     * its real path once the rule lets it through.
     *
     * @throws VirtException OPERATION_DENIED when the rule refuses the socket (before the file system
     *                       is asked when the name alone refuses it); SYSTEM_ERROR as libvirt's
     *                       connect error when the socket does not exist
     */
    static Path unixSocket(RemoteUri uri, ConnectRequest request) {
        Path spelled = uri.unixSocket(request.readOnly());
        if (!limited(request) || uri.socket() == null) {
            return spelled;
        }
        Path dir = request.files().directory();
        if (dir != null && spelled.normalize().startsWith(dir)) {
            // the administrator's directory: the rule for every file a user names, links resolved
            return request.files().resolve(spelled.toString(), null);
        }
        if (!readOnlyName(spelled)) {
            throw denied(spelled);
        }
        Path real;
        try {
            real = spelled.toRealPath();
        } catch (NoSuchFileException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                "Failed to connect socket to '" + spelled + "': No such file or directory");
        } catch (IOException e) {
            throw denied(spelled);
        }
        if (!readOnlyName(real) || !isSocket(real)) {
            // a link named like a read-only socket that leads elsewhere, or not a socket at all
            throw denied(spelled);
        }
        return real;
    }

    private static boolean readOnlyName(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().endsWith(RO_SUFFIX) && name.toString().length() > RO_SUFFIX.length();
    }

    private static boolean isSocket(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return false;
        }
    }

    private static VirtException denied(Path socket) {
        return new VirtException(ErrorCode.OPERATION_DENIED, ErrorDomain.REMOTE, "read-only connections may use "
            + "only libvirt's read-only sockets (NAME-sock-ro) or sockets under readonly.files.dir, not '" + socket + "'");
    }
}
