package io.jvirt.core.kit.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A UNIX socket in front of a libvirtd's that relays every message both ways (read and written
 * whole with the kit's framing) and records, in order, the procedure name of each CALL a client
 * sends: how many round trips a client makes for an operation. driver-remote's RemoteRoundTripsTest
 * checks its calls against libvirt's client's with it, and bench's scenario 7 counts both client
 * libraries' calls per operation beside its rows. Two daemon threads per relayed connection
 * (blocking copies): for counting, not for timing. {@link #close} ends the listener and every
 * relayed socket.
 */
public final class CallCountingRelay implements AutoCloseable {

    private final Path socket;
    private final ServerSocketChannel server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> channels = new CopyOnWriteArrayList<>();
    private final ProtocolDescription protocol = ProtocolDescription.libvirt();

    private CallCountingRelay(Path socket, ServerSocketChannel server) {
        this.socket = socket;
        this.server = server;
    }

    /** Listens on {@code socket} (replaced if there), each client relayed to a new connection to {@code upstream}. */
    public static CallCountingRelay start(Path socket, Path upstream) throws IOException {
        Files.deleteIfExists(socket);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socket));
        CallCountingRelay r = new CallCountingRelay(socket, s);
        daemon(() -> {
            while (true) {
                SocketChannel client = s.accept();
                SocketChannel up = SocketChannel.open(UnixDomainSocketAddress.of(upstream));
                r.channels.add(client);
                r.channels.add(up);
                daemon(() -> r.relay(client, up, true));
                daemon(() -> r.relay(up, client, false));
            }
        });
        return r;
    }

    /** The relay's socket. */
    public Path socket() {
        return socket;
    }

    /** test+unix:///default through this relay. */
    public String testUri() {
        return "test+unix:///default?socket=" + socket;
    }

    /** The calls recorded since the last take, in order (procedure names; PROGRAM/PROCEDURE when unknown), and forgets them. */
    public synchronized List<String> take() {
        List<String> out = new ArrayList<>(calls);
        // only appends come meanwhile: the first ones are those taken
        calls.subList(0, out.size()).clear();
        return out;
    }

    private interface Loop {
        void run() throws IOException;
    }

    private static void daemon(Loop loop) {
        Thread t = new Thread(() -> {
            try {
                loop.run();
            } catch (IOException e) {
                // one side closed: each copy closes the side it writes, so the other copy ends too
            }
        }, "call-counting-relay");
        t.setDaemon(true);
        t.start();
    }

    /** Relays {@code from} to {@code to} message by message, recording the CALLs when {@code count}. */
    private void relay(SocketChannel from, SocketChannel to, boolean count) throws IOException {
        // the kit's transport streams: Channels' would make a write wait for the other thread's blocked read
        InputStream in = ChannelTransport.of(from, "relay", true).input();
        OutputStream out = ChannelTransport.of(to, "relay", true).output();
        try {
            RpcMessage m;
            while ((m = RpcFraming.read(in, RpcLimits.MAX_MESSAGE)) != null) {
                if (count && m.header().type() == MessageType.CALL) {
                    Program program = protocol.program(m.header().program());
                    Procedure p = program == null ? null : program.procedure(m.header().procedure());
                    calls.add(p == null ? m.header().program() + "/" + m.header().procedure() : p.name());
                }
                RpcFraming.write(out, m);
            }
        } finally {
            to.close();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel c : channels) {
            c.close();
        }
        Files.deleteIfExists(socket);
    }
}
