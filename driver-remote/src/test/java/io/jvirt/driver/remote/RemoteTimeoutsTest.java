package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.CloseListener;
import io.jvirt.api.Connection;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;

/** Every wait of the remote driver ends: a reply that never comes, a peer that stops answering PINGs. */
class RemoteTimeoutsTest {

    @TempDir
    Path tmp;

    /** The set-up a daemon without auth answers: AUTH_LIST [none], features (keepalive as asked), open. */
    private static byte[] setUp(int proc, boolean keepalive) {
        return switch (proc) {
            case 66 -> ScriptedPeer.ints(1, 0);
            case 60 -> ScriptedPeer.ints(keepalive ? 1 : 0);
            case 1, 2, 360, 361 -> new byte[0];
            default -> null;
        };
    }

    @Test
    void aCallWithoutReplyEndsAtTheCallTimeout() throws Exception {
        Path socket = tmp.resolve("sock");
        try (ScriptedPeer peer = new ScriptedPeer(socket, p -> setUp(p, false))) {
            RemoteSettings s = new RemoteSettings(Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ZERO, 0);
            try (Connection c = StandaloneConnector.create(null, new RemoteDriver(s)).open("test+unix:///default?socket=" + socket)) {
                VirtException e = assertThrows(VirtException.class, c::numOfDomains);
                assertEquals(ErrorCode.OPERATION_TIMEOUT, e.code());
                assertEquals(ErrorDomain.RPC, e.errorDomain());
                assertTrue(e.getMessage().contains("within 500 ms"), e.getMessage());
            }
        }
    }

    @Test
    void aSilentDaemonFailsTheOpenAtTheConnectTimeout() throws Exception {
        Path socket = tmp.resolve("sock");
        try (ScriptedPeer peer = new ScriptedPeer(socket, p -> null)) {
            RemoteSettings s = new RemoteSettings(Duration.ofMillis(300), Duration.ofSeconds(10), Duration.ZERO, 0);
            VirtException e = assertThrows(VirtException.class,
                () -> StandaloneConnector.create(null, new RemoteDriver(s)).open("test+unix:///default?socket=" + socket));
            assertEquals(ErrorCode.OPERATION_TIMEOUT, e.code());
        }
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsClosedByTheKeepalive() throws Exception {
        Path socket = tmp.resolve("sock");
        try (ScriptedPeer peer = new ScriptedPeer(socket, p -> setUp(p, true))) {
            RemoteSettings s = new RemoteSettings(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(200), 2);
            BlockingQueue<CloseListener.Reason> reasons = new LinkedBlockingQueue<>();
            try (Connection c = StandaloneConnector.create(null, new RemoteDriver(s)).open("test+unix:///default?socket=" + socket)) {
                c.addCloseListener((conn, r) -> reasons.add(r));
                assertEquals(CloseListener.Reason.KEEPALIVE, reasons.poll(30, TimeUnit.SECONDS));
                assertFalse(c.isAlive());
                VirtException e = assertThrows(VirtException.class, c::numOfDomains);
                assertEquals("internal error: client socket is closed", e.getMessage());
            }
        }
    }
}
