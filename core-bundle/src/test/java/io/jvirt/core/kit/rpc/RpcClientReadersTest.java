package io.jvirt.core.kit.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.CloseListener;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/**
 * Who reads an {@link RpcClient}'s socket over a {@link ChannelTransport}: the caller waiting for
 * its reply when no other thread reads (libvirt's buck passing), the shared selector's thread while
 * no caller does. Against a peer on a UNIX socket that answers CONNECT_SUPPORTS_FEATURE with the
 * feature number it was asked (so each reply says whose call it was), and for a few numbers does
 * more: sends an event after its reply, closes the socket, or stays silent.
 */
class RpcClientReadersTest {

    private static final int SEND_EVENT_AFTER = 1_000_000;
    private static final int CLOSE_AFTER = 2_000_000;
    private static final int SILENT = 3_000_000;

    private final ProtocolDescription protocol = ProtocolDescription.libvirt();
    private final Program remote = protocol.program("REMOTE");
    private final List<SocketChannel> accepted = new CopyOnWriteArrayList<>();
    private Path dir;
    private ServerSocketChannel server;
    private Thread acceptor;

    @BeforeEach
    void peer() throws IOException {
        dir = Files.createTempDirectory("rpc-readers");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("sock")));
        acceptor = new Thread(() -> {
            try {
                while (true) {
                    SocketChannel ch = server.accept();
                    accepted.add(ch);
                    Thread t = new Thread(() -> serve(ch), "rpc-readers-peer");
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException e) {
                // closed
            }
        }, "rpc-readers-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        for (SocketChannel c : accepted) {
            c.close();
        }
        acceptor.join(10_000);
        Files.deleteIfExists(dir.resolve("sock"));
        Files.deleteIfExists(dir);
    }

    private void serve(SocketChannel ch) {
        ChannelTransport t = ChannelTransport.of(ch, "peer", true);
        Procedure feature = remote.procedure("CONNECT_SUPPORTS_FEATURE");
        Procedure closed = remote.procedure("CONNECT_EVENT_CONNECTION_CLOSED");
        try {
            RpcMessage m;
            while ((m = RpcFraming.read(t.input(), RpcLimits.MAX_MESSAGE)) != null) {
                if (m.header().type() != MessageType.CALL || m.header().procedure() != feature.number()) {
                    continue;
                }
                int asked = feature.decodeArgs(m.payload()).getInt("feature");
                if (asked == SILENT) {
                    continue;
                }
                synchronized (t) {
                    RpcFraming.write(t.output(), new RpcMessage(m.header().reply(MessageStatus.OK),
                        feature.encodeRet(XdrStruct.of("connect_supports_feature_ret", "supported", asked))));
                }
                if (asked == SEND_EVENT_AFTER) {
                    // after the caller had its reply: no call is waiting when the event comes
                    TimeUnit.MILLISECONDS.sleep(200);
                    synchronized (t) {
                        RpcFraming.write(t.output(), new RpcMessage(remote.message(closed),
                            closed.encodeArgs(XdrStruct.of("connect_event_connection_closed_msg", "reason", 7))));
                    }
                } else if (asked == CLOSE_AFTER) {
                    TimeUnit.MILLISECONDS.sleep(200);
                    ch.close();
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went
        }
    }

    private RpcClient client() throws IOException {
        return RpcClient.start(ChannelTransport.unix(dir.resolve("sock")), Duration.ofSeconds(30));
    }

    private int ask(RpcClient c, int feature, Duration timeout) {
        return c.call(c.procedure("CONNECT_SUPPORTS_FEATURE"), XdrStruct.of("connect_supports_feature_args", "feature", feature), timeout)
            .getInt("supported");
    }

    /** Many callers on one client at once: whoever reads hands each reply to its own caller. */
    @Test
    void concurrentCallersEachGetTheirOwnReply() throws Exception {
        try (RpcClient c = client()) {
            int threads = 8;
            int calls = 300;
            List<Thread> all = new ArrayList<>();
            List<Throwable> failed = new CopyOnWriteArrayList<>();
            AtomicInteger done = new AtomicInteger();
            for (int k = 0; k < threads; k++) {
                int base = k * 10_000;
                Thread t = new Thread(() -> {
                    try {
                        for (int i = 0; i < calls; i++) {
                            assertEquals(base + i, ask(c, base + i, Duration.ofSeconds(30)));
                            done.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failed.add(e);
                    }
                });
                all.add(t);
                t.start();
            }
            for (Thread t : all) {
                t.join(120_000);
            }
            assertEquals(List.of(), failed);
            assertEquals(threads * calls, done.get());
        }
    }

    /** An event that comes while no call waits is read by the shared selector and handed to its handler. */
    @Test
    void anEventComesWhileNoCallWaits() throws Exception {
        try (RpcClient c = client()) {
            CountDownLatch got = new CountDownLatch(1);
            AtomicInteger reason = new AtomicInteger();
            c.onEvent(c.procedure("CONNECT_EVENT_CONNECTION_CLOSED"), m -> {
                reason.set(m.getInt("reason"));
                got.countDown();
            });
            assertEquals(SEND_EVENT_AFTER, ask(c, SEND_EVENT_AFTER, Duration.ofSeconds(30)));
            assertTrue(got.await(30, TimeUnit.SECONDS), "the event came");
            assertEquals(7, reason.get());
            assertEquals(5, ask(c, 5, Duration.ofSeconds(30)), "calls go on after it");
        }
    }

    /** The peer's end while no call waits: the client closes (EOF) and tells its close listeners. */
    @Test
    void thePeersEndIsSeenWhileIdle() throws Exception {
        try (RpcClient c = client()) {
            CountDownLatch told = new CountDownLatch(1);
            List<CloseListener.Reason> reasons = new CopyOnWriteArrayList<>();
            c.onClose(r -> {
                reasons.add(r);
                told.countDown();
            });
            assertEquals(CLOSE_AFTER, ask(c, CLOSE_AFTER, Duration.ofSeconds(30)));
            assertTrue(told.await(30, TimeUnit.SECONDS), "the close listener was told");
            assertEquals(List.of(CloseListener.Reason.EOF), reasons);
            VirtException e = assertThrows(VirtException.class, () -> ask(c, 1, Duration.ofSeconds(30)));
            assertEquals("internal error: client socket is closed", e.getMessage());
        }
    }

    /** A caller reading its own reply still gives up at its timeout, and the client serves the next call. */
    @Test
    void aSilentPeerTimesTheCallOut() throws Exception {
        try (RpcClient c = client()) {
            VirtException e = assertThrows(VirtException.class, () -> ask(c, SILENT, Duration.ofMillis(300)));
            assertEquals(ErrorCode.OPERATION_TIMEOUT, e.code());
            assertEquals(9, ask(c, 9, Duration.ofSeconds(30)));
            assertTrue(c.isOpen());
        }
    }

    /** A caller interrupted while it reads for its reply ends with libvirt's error, and the client stays usable. */
    @Test
    void anInterruptedCallerEndsAndTheClientStays() throws Exception {
        try (RpcClient c = client()) {
            Thread.currentThread().interrupt();
            VirtException e = assertThrows(VirtException.class, () -> ask(c, SILENT, Duration.ofSeconds(30)));
            assertTrue(Thread.interrupted(), "the interrupt is kept");
            assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
            assertEquals(11, ask(c, 11, Duration.ofSeconds(30)));
        }
    }
}
