package io.jvirt.core.kit.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay bench's scenario 7 puts in front of each libvirtd to make it answer like a host across a network. */
class DelayingRelayTest {

    @TempDir
    Path tmp;

    /** An upstream that echoes what it reads until the client half-closes, then half-closes too. */
    private Thread echo(ServerSocketChannel server) {
        Thread t = new Thread(() -> {
            try (SocketChannel c = server.accept()) {
                ByteBuffer b = ByteBuffer.allocate(8192);
                while (c.read(b) >= 0) {
                    b.flip();
                    while (b.hasRemaining()) {
                        c.write(b);
                    }
                    b.clear();
                }
                c.shutdownOutput();
            } catch (IOException e) {
                // the test failed elsewhere
            }
        }, "echo");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void bytesGoBothWaysWholeAndInOrderNoSoonerThanTheDelayEachWay() throws Exception {
        Path up = tmp.resolve("up");
        Duration oneWay = Duration.ofMillis(30);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(up));
            Thread echo = echo(server);
            try (DelayingRelay relay = DelayingRelay.start(tmp.resolve("relay"), up, oneWay);
                 SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(relay.socket()))) {
                byte[] sent = new byte[3 * DelayingRelay.CHUNK + 123]; // more than one chunk
                new Random(7).nextBytes(sent);
                long t0 = System.nanoTime();
                ByteBuffer out = ByteBuffer.wrap(sent);
                ByteBuffer in = ByteBuffer.allocate(sent.length);
                c.configureBlocking(true);
                Thread writer = new Thread(() -> {
                    try {
                        while (out.hasRemaining()) {
                            c.write(out);
                        }
                        c.shutdownOutput();
                    } catch (IOException e) {
                        // seen as missing bytes below
                    }
                });
                writer.start();
                int first = c.read(in);
                long firstByte = System.nanoTime() - t0;
                assertTrue(first > 0);
                while (in.hasRemaining() && c.read(in) >= 0) {
                    // until every byte came back
                }
                writer.join(TimeUnit.SECONDS.toMillis(10));
                assertArrayEquals(sent, in.array());
                // the echo's half-close comes through after the bytes
                assertEquals(-1, c.read(ByteBuffer.allocate(1)));
                // a round trip: the delay each way at least (a lower bound the relay guarantees, not a speed)
                assertTrue(firstByte >= 2 * oneWay.toNanos(), firstByte + " ns");
            }
            echo.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    @Test
    void closeEndsItsThreadsAndTheRelayedConnections() throws Exception {
        Path up = tmp.resolve("up");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(up));
            echo(server);
            DelayingRelay relay = DelayingRelay.start(tmp.resolve("relay"), up, Duration.ofMillis(1));
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(relay.socket()))) {
                c.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                ByteBuffer in = ByteBuffer.allocate(3);
                while (in.hasRemaining() && c.read(in) >= 0) {
                    // the echo
                }
                assertArrayEquals(new byte[] {1, 2, 3}, in.array());
                assertEquals(5, relayThreads(), "the listener and two per direction");
                relay.close();
                assertEquals(-1, c.read(ByteBuffer.allocate(1)), "the relayed connection ends");
                assertTrue(Files.notExists(relay.socket()));
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (relayThreads() > 0 && System.nanoTime() < end) {
                    TimeUnit.MILLISECONDS.sleep(10);
                }
                assertEquals(0, relayThreads());
            }
        }
    }

    private static long relayThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(DelayingRelay.THREAD_NAME)).count();
    }
}
