package io.jvirt.driver.remote;

import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

import io.jvirt.core.kit.rpc.ChannelTransport;
import io.jvirt.core.kit.rpc.MessageStatus;
import io.jvirt.core.kit.rpc.MessageType;
import io.jvirt.core.kit.rpc.RpcFraming;
import io.jvirt.core.kit.rpc.RpcLimits;
import io.jvirt.core.kit.rpc.RpcHeader;
import io.jvirt.core.kit.rpc.RpcMessage;

/**
 * A peer on a UNIX socket that answers calls as a script says: for a procedure number, the reply's
 * payload, or null to stay silent (a hung daemon). It never answers keepalive PINGs. For the
 * waits a real daemon does not let a test reach: a reply that never comes, a peer that stops talking.
 * With a {@link Conversation} it also speaks after its replies and hears the client's stream
 * packets: a hostile server's stream data, broken frames.
 */
final class ScriptedPeer implements AutoCloseable {

    /** What the peer does besides replying. */
    interface Conversation {
        /** After the reply to {@code call} went out (or did not, when the script stays silent). */
        default void replied(RpcHeader call, Wire wire) throws IOException {
        }

        /** A stream packet from the client. */
        default void streamed(RpcMessage packet, Wire wire) throws IOException {
        }
    }

    /** The peer's end of one client's socket: whole messages, or raw bytes (a broken frame). */
    static final class Wire {
        private final OutputStream out;

        Wire(OutputStream out) {
            this.out = out;
        }

        synchronized void send(RpcMessage m) throws IOException {
            RpcFraming.write(out, m);
        }

        synchronized void raw(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }
    }

    private final ServerSocketChannel server;
    private final IntFunction<byte[]> script;
    private final Conversation conversation;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();

    ScriptedPeer(Path socket, IntFunction<byte[]> script) throws IOException {
        this(socket, script, new Conversation() { });
    }

    ScriptedPeer(Path socket, IntFunction<byte[]> script, Conversation conversation) throws IOException {
        this.script = script;
        this.conversation = conversation;
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread t = new Thread(this::acceptLoop, "scripted-peer");
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop() {
        try {
            while (true) {
                SocketChannel ch = server.accept();
                clients.add(ch);
                Thread t = new Thread(() -> serve(ch), "scripted-peer-client");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(SocketChannel ch) {
        ChannelTransport t = ChannelTransport.of(ch, "scripted client", true);
        Wire wire = new Wire(t.output());
        try {
            while (true) {
                RpcMessage m = RpcFraming.read(t.input(), RpcLimits.MAX_MESSAGE);
                if (m == null) {
                    return;
                }
                if (m.header().type() == MessageType.STREAM) {
                    conversation.streamed(m, wire);
                }
                if (m.header().type() != MessageType.CALL) {
                    continue;
                }
                byte[] reply = script.apply(m.header().procedure());
                if (reply != null) {
                    wire.send(new RpcMessage(m.header().reply(MessageStatus.OK), reply));
                }
                conversation.replied(m.header(), wire);
            }
        } catch (IOException e) {
            // the client went
        } finally {
            t.close();
        }
    }

    /** A reply of one int (SUPPORTS_FEATURE's supported, AUTH_LIST's count...). */
    static byte[] ints(int... values) {
        byte[] b = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            b[4 * i] = (byte) (values[i] >>> 24);
            b[4 * i + 1] = (byte) (values[i] >>> 16);
            b[4 * i + 2] = (byte) (values[i] >>> 8);
            b[4 * i + 3] = (byte) values[i];
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel c : clients) {
            c.close();
        }
    }
}
