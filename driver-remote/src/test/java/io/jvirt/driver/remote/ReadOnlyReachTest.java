package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ConnectAuth;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.RemoteAccessPolicy;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.UserFiles;

/**
 * A read-only client's own URI may not make jvirt, running as root, connect where the client could
 * not itself: UNIX sockets other than libvirt's read-only ones (or the administrator's directory),
 * servers the administrator did not list in {@code readonly.hosts}. Listeners made here stand for
 * what such a URI could reach (libvirtd's read-write socket, a loopback service); each check looks
 * at whether a connection arrived, before or instead of any protocol error.
 */
class ReadOnlyReachTest {

    @TempDir
    Path tmp;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** Short bounds: a listener here never answers libvirt's protocol. */
    private static RemoteSettings quick() {
        return new RemoteSettings(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ZERO, 0);
    }

    private ServerSocketChannel unixListener(Path at) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(at));
        s.configureBlocking(false);
        open.add(s);
        return s;
    }

    private ServerSocketChannel tcpListener() throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        s.configureBlocking(false);
        open.add(s);
        return s;
    }

    private static int port(ServerSocketChannel s) throws IOException {
        return ((InetSocketAddress) s.getLocalAddress()).getPort();
    }

    private static ConnectRequest request(String uri, boolean readOnly, UserFiles readOnlyFiles, boolean administered) {
        return new ConnectRequest(URI.create(uri), readOnly, ConnectAuth.NONE,
            UserFiles.forConnection(readOnly, readOnlyFiles), null, administered);
    }

    /** Opens; returns the refusal's code, or null when the open got past the rule (whatever failed after). */
    private static ErrorCode open(RemoteDriver driver, ConnectRequest request) {
        try {
            DriverConnection c = driver.open(request);
            c.close();
            return null;
        } catch (VirtException e) {
            return e.code() == ErrorCode.OPERATION_DENIED ? e.code() : null;
        }
    }

    /** Whether a connection reached the listener (accepted and closed here). */
    private static boolean reached(ServerSocketChannel s) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            SocketChannel c = s.accept();
            if (c != null) {
                c.close();
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static boolean nothingArrived(ServerSocketChannel s) throws IOException {
        SocketChannel c = s.accept();
        if (c != null) {
            c.close();
            return false;
        }
        return true;
    }

    @Test
    void aReadOnlyConnectionNamesNoSocketButLibvirtsReadOnlyOnesAndNoLinkDressedAsOne() throws Exception {
        RemoteDriver driver = new RemoteDriver(quick());
        ServerSocketChannel readWrite = unixListener(tmp.resolve("libvirt-sock"));
        String uri = "test+unix:///default?socket=" + tmp.resolve("libvirt-sock");
        VirtException e = assertThrows(VirtException.class, () -> driver.open(request(uri, true, UserFiles.NONE, false)));
        assertEquals(ErrorCode.OPERATION_DENIED, e.code());
        assertTrue(e.getMessage().contains("-sock-ro"), e.getMessage());
        assertTrue(nothingArrived(readWrite), "root connected to the read-write socket for a read-only client");

        // a link whose name says read-only but leads to the read-write socket
        Path dressed = tmp.resolve("evil-sock-ro");
        Files.createSymbolicLink(dressed, tmp.resolve("libvirt-sock"));
        assertEquals(ErrorCode.OPERATION_DENIED, open(driver, request("test+unix:///default?socket=" + dressed, true,
            UserFiles.NONE, false)));
        assertTrue(nothingArrived(readWrite));

        // a regular file named like one is no socket either
        Path file = Files.writeString(tmp.resolve("file-sock-ro"), "x");
        assertEquals(ErrorCode.OPERATION_DENIED, open(driver, request("test+unix:///default?socket=" + file, true,
            UserFiles.NONE, false)));

        // a read-only socket is reached (the listener never answers: the open fails after the rule)
        ServerSocketChannel readOnly = unixListener(tmp.resolve("virtqemud-sock-ro"));
        assertNull(open(driver, request("test+unix:///default?socket=" + tmp.resolve("virtqemud-sock-ro"), true,
            UserFiles.NONE, false)));
        assertTrue(reached(readOnly));
    }

    @Test
    void readWriteNamedAndAdministratorsDirectorySocketsAreReached() throws Exception {
        RemoteDriver driver = new RemoteDriver(quick());
        Path dir = Files.createDirectories(tmp.resolve("ro-files"));
        ServerSocketChannel inDir = unixListener(dir.resolve("proxy.sock"));
        ServerSocketChannel elsewhere = unixListener(tmp.resolve("other.sock"));
        String inDirUri = "test+unix:///default?socket=" + dir.resolve("proxy.sock");
        String elsewhereUri = "test+unix:///default?socket=" + tmp.resolve("other.sock");

        assertNull(open(driver, request(inDirUri, true, UserFiles.under(dir), false)));
        assertTrue(reached(inDir), "a socket in readonly.files.dir");
        assertEquals(ErrorCode.OPERATION_DENIED, open(driver, request(elsewhereUri, true, UserFiles.under(dir), false)));
        assertTrue(nothingArrived(elsewhere));

        assertNull(open(driver, request(elsewhereUri, false, UserFiles.NONE, false)));
        assertTrue(reached(elsewhere), "a read-write connection names any socket");
        assertNull(open(driver, request(elsewhereUri, true, UserFiles.NONE, true)));
        assertTrue(reached(elsewhere), "a named connection's socket is the administrator's");
    }

    @Test
    void aReadOnlyConnectionReachesOnlyTheServersTheAdministratorListed() throws Exception {
        ServerSocketChannel service = tcpListener();
        int port = port(service);
        String tcp = "test+tcp://127.0.0.1:" + port + "/default";
        String tls = "test+tls://127.0.0.1:" + port + "/default";
        String ssh = "test+ssh://root@127.0.0.1:" + port + "/default";
        RemoteDriver strict = new RemoteDriver(quick());
        for (String uri : List.of(tcp, tls, ssh)) {
            VirtException e = assertThrows(VirtException.class, () -> strict.open(request(uri, true, UserFiles.NONE, false)));
            assertEquals(ErrorCode.OPERATION_DENIED, e.code(), uri);
            assertTrue(e.getMessage().contains("readonly.hosts"), e.getMessage());
            assertTrue(nothingArrived(service), "root reached a loopback service for a read-only client: " + uri);
        }
        // read-write, or the administrator's URI: reached
        assertNull(open(strict, request(tcp, false, UserFiles.NONE, false)));
        assertTrue(reached(service));
        assertNull(open(strict, request(tcp, true, UserFiles.NONE, true)));
        assertTrue(reached(service));

        // listed with its port: reached; another port of the same host is not
        RemoteDriver listed = new RemoteDriver(quick(), RemoteAccessPolicy.of(null, null, null,
            new String[] {"127.0.0.1:" + port}));
        assertNull(open(listed, request(tcp, true, UserFiles.NONE, false)));
        assertTrue(reached(service));
        ServerSocketChannel other = tcpListener();
        assertEquals(ErrorCode.OPERATION_DENIED, open(listed, request("test+tcp://127.0.0.1:" + port(other) + "/default",
            true, UserFiles.NONE, false)));
        assertTrue(nothingArrived(other));
    }
}
