package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.ConsoleFlag;
import io.jvirt.api.DomainConsole;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.ConsoleScreen;
import io.jvirt.api.testing.Poll;
import io.jvirt.core.kit.rpc.MessageStatus;
import io.jvirt.core.kit.rpc.MessageType;
import io.jvirt.core.kit.rpc.Program;
import io.jvirt.core.kit.rpc.ProtocolDescription;
import io.jvirt.core.kit.rpc.RpcHeader;
import io.jvirt.core.kit.rpc.RpcMessage;
import io.jvirt.core.kit.rpc.RpcStream;
import io.jvirt.core.kit.rpc.XdrStruct;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * The console stream of the remote driver against a scripted server (what a real daemon does not
 * let a test reach): both directions at once, silence longer than the call timeout, stream packets
 * for serials never opened or of another procedure, a server that floods a console nobody reads,
 * an oversize frame. None of them may break the client: at worst the console ends with an error.
 */
class RemoteConsoleStreamTest {

    private static final Program REMOTE = ProtocolDescription.libvirt().program("REMOTE");
    private static final int OPEN_CONSOLE = REMOTE.procedure("DOMAIN_OPEN_CONSOLE").number();
    private static final UUID UUID_ = UUID.fromString("4dea22b3-1d52-d8f3-2516-782e98ab3fa0");

    @TempDir
    Path tmp;

    /** A daemon without auth or features that serves one domain, "cons", and its console call. */
    private static byte[] script(int proc) {
        return switch (proc) {
            case 66 -> ScriptedPeer.ints(1, 0);
            case 60 -> ScriptedPeer.ints(0);
            case 1, 2, 201 -> new byte[0];
            case 3 -> REMOTE.procedure("CONNECT_GET_TYPE").encodeRet(XdrStruct.of("connect_get_type_ret", "type", "TEST"));
            case 51 -> ScriptedPeer.ints(1); // CONNECT_NUM_OF_DOMAINS
            case 23 -> REMOTE.procedure("DOMAIN_LOOKUP_BY_NAME").encodeRet(XdrStruct.of("domain_lookup_by_name_ret",
                "dom", XdrStruct.of("nonnull_domain", "name", "cons", "uuid", UUID_, "id", 1)));
            default -> null;
        };
    }

    private static Connection open(Path socket, Duration callTimeout) {
        RemoteSettings s = new RemoteSettings(Duration.ofSeconds(10), callTimeout, Duration.ZERO, 0);
        return StandaloneConnector.create(null, new RemoteDriver(s)).open("test+unix:///default?socket=" + socket);
    }

    private static RpcMessage packet(RpcHeader call, MessageStatus status, byte[] payload) {
        return new RpcMessage(new RpcHeader(call.program(), call.version(), call.procedure(), MessageType.STREAM, call.serial(),
            status), payload);
    }

    private static RpcMessage data(RpcHeader call, String text) {
        return packet(call, MessageStatus.CONTINUE, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A server that echoes what is typed ("echo: ..."), speaks after a silence, and confirms the finish. */
    @Test
    void bytesFlowBothWaysAtOnceAndSilenceLongerThanTheCallTimeoutIsNoEnd() throws Exception {
        BlockingQueue<String> ends = new LinkedBlockingQueue<>();
        ScriptedPeer.Conversation echo = new ScriptedPeer.Conversation() {
            @Override
            public void replied(RpcHeader call, ScriptedPeer.Wire wire) {
                if (call.procedure() == OPEN_CONSOLE) {
                    Thread late = new Thread(() -> {
                        try {
                            Thread.sleep(1500); // three call timeouts of silence
                            wire.send(data(call, "late banner\r\n"));
                        } catch (IOException | InterruptedException e) {
                            // the test ended
                        }
                    });
                    late.setDaemon(true);
                    late.start();
                }
            }

            @Override
            public void streamed(RpcMessage m, ScriptedPeer.Wire wire) throws IOException {
                RpcHeader h = m.header();
                if (h.status() == MessageStatus.CONTINUE && m.payload().length > 0) {
                    wire.send(data(h, "echo: " + new String(m.payload(), StandardCharsets.ISO_8859_1)));
                } else if (h.status() == MessageStatus.OK) {
                    ends.add("finish");
                    wire.send(packet(h, MessageStatus.OK, new byte[0]));
                } else if (h.status() == MessageStatus.ERROR) {
                    ends.add("abort");
                }
            }
        };
        Path socket = tmp.resolve("sock");
        try (ScriptedPeer peer = new ScriptedPeer(socket, RemoteConsoleStreamTest::script, echo);
             Connection c = open(socket, Duration.ofMillis(500))) {
            ConsoleScreen screen = new ConsoleScreen(c.lookupByName("cons").openConsole(null, ConsoleFlag.SAFE));
            for (int i = 0; i < 20; i++) {
                screen.type("line " + i);
            }
            assertTrue(screen.awaitText("echo: line 19\r", Duration.ofSeconds(30)), screen.toString());
            assertTrue(screen.awaitText("late banner", Duration.ofSeconds(30)), screen.toString());
            assertFalse(screen.ended(), screen.toString());
            screen.close();
            assertEquals("finish", ends.poll(30, TimeUnit.SECONDS), "the console's close finishes the stream as virsh does");
            assertEquals(1, c.numOfDomains(), "the connection goes on");
        }
    }

    /** Packets for a serial never opened, or with the console's serial but another procedure, are dropped. */
    @Test
    void strayStreamPacketsAreDroppedAndTheConsoleGoesOn() throws Exception {
        ScriptedPeer.Conversation stray = new ScriptedPeer.Conversation() {
            @Override
            public void replied(RpcHeader call, ScriptedPeer.Wire wire) throws IOException {
                if (call.procedure() == OPEN_CONSOLE) {
                    RpcHeader never = new RpcHeader(call.program(), call.version(), call.procedure(), MessageType.STREAM,
                        call.serial() + 1000, MessageStatus.CONTINUE);
                    wire.send(data(never, "never opened\r\n"));
                    RpcHeader other = new RpcHeader(call.program(), call.version(), REMOTE.procedure("STORAGE_VOL_DOWNLOAD").number(),
                        MessageType.STREAM, call.serial(), MessageStatus.CONTINUE);
                    wire.send(data(other, "another procedure\r\n"));
                    wire.send(packet(other, MessageStatus.ERROR, new byte[0]));
                    wire.send(data(call, "real\r\n"));
                }
            }

            @Override
            public void streamed(RpcMessage m, ScriptedPeer.Wire wire) throws IOException {
                if (m.header().status() == MessageStatus.OK) {
                    wire.send(packet(m.header(), MessageStatus.OK, new byte[0])); // the finish confirmed
                }
            }
        };
        Path socket = tmp.resolve("sock");
        try (ScriptedPeer peer = new ScriptedPeer(socket, RemoteConsoleStreamTest::script, stray);
             Connection c = open(socket, Duration.ofSeconds(10));
             ConsoleScreen screen = new ConsoleScreen(c.lookupByName("cons").openConsole(null))) {
            assertTrue(screen.awaitText("real\r\n", Duration.ofSeconds(30)), screen.toString());
            assertEquals("real\r\n", screen.toString());
            assertTrue(c.isAlive());
            assertEquals(1, c.numOfDomains(), "the connection goes on");
            assertFalse(screen.ended(), screen.toString());
        }
    }

    /**
     * A server that floods a console nobody reads: the console ends with an error once 4 MiB wait,
     * its abort is told to the server, and the connection's other calls are answered meanwhile
     * (the connection's reader never waits for the console's reader).
     */
    @Test
    void aFloodNobodyReadsEndsTheConsoleNotTheConnection() throws Exception {
        BlockingQueue<String> ends = new LinkedBlockingQueue<>();
        ScriptedPeer.Conversation flood = new ScriptedPeer.Conversation() {
            @Override
            public void replied(RpcHeader call, ScriptedPeer.Wire wire) throws IOException {
                if (call.procedure() == OPEN_CONSOLE) {
                    byte[] chunk = new byte[RpcStream.MAX_DATA];
                    for (int i = 0; i < 40; i++) {
                        wire.send(packet(call, MessageStatus.CONTINUE, chunk));
                    }
                }
            }

            @Override
            public void streamed(RpcMessage m, ScriptedPeer.Wire wire) {
                if (m.header().status() == MessageStatus.ERROR) {
                    ends.add("abort");
                }
            }
        };
        Path socket = tmp.resolve("sock");
        // a long call timeout: a connection reader held by the console would hold this call as long
        try (ScriptedPeer peer = new ScriptedPeer(socket, RemoteConsoleStreamTest::script, flood);
             Connection c = open(socket, Duration.ofSeconds(60))) {
            DomainConsole console = c.lookupByName("cons").openConsole(null);
            assertEquals("abort", ends.poll(30, TimeUnit.SECONDS), "the console is aborted on the server");
            assertEquals(1, c.numOfDomains(), "the connection goes on");
            byte[] buf = new byte[RpcStream.MAX_DATA];
            IOException e = assertThrows(IOException.class, () -> {
                while (console.input().read(buf) >= 0) {
                    // what was queued before the console ended may be read; then the failure
                }
            });
            assertInstanceOf(VirtException.class, e.getCause(), e.toString());
            assertTrue(e.getMessage().contains("fell behind"), e.getMessage());
            console.close();
        }
    }

    /** An oversize frame: the connection cannot be trusted further; the console ends with the reason, calls fail. */
    @Test
    void anOversizeFrameEndsTheConnectionAndTheConsoleCleanly() throws Exception {
        ScriptedPeer.Conversation oversize = new ScriptedPeer.Conversation() {
            @Override
            public void replied(RpcHeader call, ScriptedPeer.Wire wire) throws IOException {
                if (call.procedure() == OPEN_CONSOLE) {
                    wire.send(data(call, "before\r\n"));
                    wire.raw(new byte[] {(byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0});
                }
            }
        };
        Path socket = tmp.resolve("sock");
        try (ScriptedPeer peer = new ScriptedPeer(socket, RemoteConsoleStreamTest::script, oversize);
             Connection c = open(socket, Duration.ofSeconds(10));
             ConsoleScreen screen = new ConsoleScreen(c.lookupByName("cons").openConsole(null))) {
            Poll.until("the console to end", Duration.ofSeconds(30), screen::ended, screen::toString);
            // what came before the broken frame may or may not have been read: the failure wins, as in libvirt's client
            assertNotNull(screen.failure(), screen.toString());
            assertTrue(screen.failure().getMessage().contains("exceeds the maximum"), screen.toString());
            assertFalse(c.isAlive());
            VirtException closed = assertThrows(VirtException.class, c::numOfDomains);
            assertEquals("internal error: client socket is closed", closed.getMessage());
            assertThrows(IOException.class, () -> screen.type("too late"));
        }
    }

    /** A server that finishes the console on its own: the reader sees the end, and typing after it fails instead of going nowhere. */
    @Test
    void aConsoleTheServerFinishedTakesNoMoreInput() throws Exception {
        BlockingQueue<String> after = new LinkedBlockingQueue<>();
        ScriptedPeer.Conversation finisher = new ScriptedPeer.Conversation() {
            @Override
            public void replied(RpcHeader call, ScriptedPeer.Wire wire) throws IOException {
                if (call.procedure() == OPEN_CONSOLE) {
                    wire.send(data(call, "bye\r\n"));
                    wire.send(packet(call, MessageStatus.OK, new byte[0]));
                }
            }

            @Override
            public void streamed(RpcMessage m, ScriptedPeer.Wire wire) {
                after.add(m.header().status() + " " + m.payload().length);
            }
        };
        Path socket = tmp.resolve("sock");
        try (ScriptedPeer peer = new ScriptedPeer(socket, RemoteConsoleStreamTest::script, finisher);
             Connection c = open(socket, Duration.ofSeconds(10));
             ConsoleScreen screen = new ConsoleScreen(c.lookupByName("cons").openConsole(null))) {
            Poll.until("the console to end", Duration.ofSeconds(30), screen::ended, screen::toString);
            assertEquals("bye\r\n", screen.toString());
            IOException e = assertThrows(IOException.class, () -> screen.type("anyone there?"));
            assertEquals("stream closed", e.getMessage());
            assertEquals(1, c.numOfDomains(), "the connection goes on");
            assertEquals(null, after.poll(), "nothing was sent on the finished stream");
        }
    }
}
