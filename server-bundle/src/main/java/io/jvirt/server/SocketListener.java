package io.jvirt.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UNIX socket the server listens on, with libvirtd's file modes: the read-write socket 0700
 * (libvirtd's {@code unix_sock_rw_perms} without polkit), the read-only one 0777; the run directory
 * 0755 as libvirtd's {@code /run/libvirt}.
 */
final class SocketListener {

    private static final Logger LOG = LoggerFactory.getLogger(SocketListener.class);
    static final Set<PosixFilePermission> RW_MODE = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> RO_MODE = PosixFilePermissions.fromString("rwxrwxrwx");

    private final Path path;
    private final boolean readOnly;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    SocketListener(Path path, boolean readOnly, Consumer<SocketChannel> onAccept) throws IOException {
        this.path = path;
        this.readOnly = readOnly;
        Path dir = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        // a socket left by a server that did not stop cleanly; never anything else
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (!"s".equals(fileType(path))) {
                throw new IOException("Failed to bind socket to '" + path + "': it exists and is not a socket");
            }
            Files.delete(path);
        }
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, readOnly ? RO_MODE : RW_MODE);
        acceptor = new Thread(() -> acceptLoop(onAccept), "jvirt-rpc-accept-" + path.getFileName());
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("listening on {} ({})", path, readOnly ? "read-only" : "read-write");
    }

    private static String fileType(Path p) throws IOException {
        Object other = Files.readAttributes(p, "unix:mode", LinkOption.NOFOLLOW_LINKS).get("mode");
        int mode = other instanceof Integer i ? i : 0;
        return (mode & 0170000) == 0140000 ? "s" : "-";
    }

    boolean readOnly() {
        return readOnly;
    }

    Path path() {
        return path;
    }

    private void acceptLoop(Consumer<SocketChannel> onAccept) {
        while (server.isOpen()) {
            try {
                onAccept.accept(server.accept());
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("accepting on {} failed: {}", path, e.getMessage());
            }
        }
    }

    void close() {
        try {
            server.close();
            acceptor.join(5000);
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("closing {}: {}", path, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
