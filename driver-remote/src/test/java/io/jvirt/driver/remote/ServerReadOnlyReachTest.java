package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.rpc.ChannelTransport;
import io.jvirt.core.kit.rpc.RpcClient;
import io.jvirt.core.kit.rpc.XdrStruct;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;
import io.jvirt.server.RemoteServer;
import io.jvirt.server.ServerSettings;

/**
 * The attack through jvirt's own server: any local user may use the read-only socket (mode 0777, as
 * libvirtd's), and a client chooses the URI CONNECT_OPEN carries. With the remote driver installed,
 * a URI naming the read-write socket would make jvirt, as root, connect there for that user. The
 * server's connections for read-only clients are read-only, so the remote driver's rule for them
 * applies ({@link ReadOnlyReach}).
 */
class ServerReadOnlyReachTest {

    @TempDir
    Path tmp;
    private RemoteServer server;
    private Path socket;

    @BeforeEach
    void start() throws Exception {
        socket = tmp.resolve("libvirt-sock");
        server = RemoteServer.start(StandaloneConnector.create(null, new TestDriver(), new RemoteDriver()),
            ServerSettings.defaults(socket));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** CONNECT_OPEN as a hostile client writes it: any name. */
    private static void open(Path through, String name) throws Exception {
        try (RpcClient client = RpcClient.start(ChannelTransport.unix(through), Duration.ofSeconds(30))) {
            client.call(client.procedure("CONNECT_OPEN"), XdrStruct.of("connect_open_args", "name", name, "flags", 0),
                Duration.ofSeconds(30));
        }
    }

    @Test
    void aReadOnlySocketClientCannotMakeJvirtConnectToTheReadWriteSocket() throws Exception {
        String toReadWrite = "test+unix:///default?socket=" + socket;
        Path readOnly = socket.resolveSibling("libvirt-sock-ro");
        VirtException e = assertThrows(VirtException.class, () -> open(readOnly, toReadWrite));
        assertEquals(ErrorCode.OPERATION_DENIED, e.code());
        assertTrue(e.getMessage().contains("read-only connections may use only libvirt's read-only sockets"), e.getMessage());
        VirtException tcp = assertThrows(VirtException.class, () -> open(readOnly, "test+tcp://127.0.0.1:22/default"));
        assertEquals(ErrorCode.OPERATION_DENIED, tcp.code());
        // the same URI from the read-write socket (root's) proxies, jvirt to itself
        open(socket, toReadWrite);
        // and the read-only socket itself is libvirt's: a read-only client may proxy through it
        open(readOnly, "test+unix:///default?socket=" + readOnly);
    }
}
