package io.jvirt.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import io.jvirt.core.kit.rpc.ChannelTransport;
import io.jvirt.core.kit.rpc.MessageType;
import io.jvirt.core.kit.rpc.Procedure;
import io.jvirt.core.kit.rpc.Program;
import io.jvirt.core.kit.rpc.ProtocolDescription;
import io.jvirt.core.kit.rpc.RpcFraming;
import io.jvirt.core.kit.rpc.RpcLimits;
import io.jvirt.core.kit.rpc.RpcMessage;

/**
 * A UNIX-socket relay between clients and a libvirtd that counts the CALL messages the clients
 * send, by procedure (read and written whole with the kit's framing). Scenario 7 uses it, outside the measured rows, to say how many round trips each
 * client library makes per operation. Two threads per relayed connection (blocking copies): for
 * counting, not for timing.
 */
final class CallCountingProxy implements AutoCloseable {

    private final Path listen;
    private final Path upstream;
    private final ServerSocketChannel server;
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private final ProtocolDescription protocol = ProtocolDescription.libvirt();

    private CallCountingProxy(Path listen, Path upstream, ServerSocketChannel server) {
        this.listen = listen;
        this.upstream = upstream;
        this.server = server;
    }

    static CallCountingProxy start(Path listen, Path upstream) throws IOException {
        Files.deleteIfExists(listen);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(listen));
        CallCountingProxy p = new CallCountingProxy(listen, upstream, s);
        Thread t = new Thread(p::accept, "call-counter-accept");
        t.setDaemon(true);
        t.start();
        return p;
    }

    Path socket() {
        return listen;
    }

    /** The calls counted so far, by procedure name, and forgets them. */
    Map<String, Long> take() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((name, n) -> {
            long v = n.sumThenReset();
            if (v > 0) {
                out.put(name, v);
            }
        });
        return out;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                SocketChannel daemon = SocketChannel.open(UnixDomainSocketAddress.of(upstream));
                open.add(client);
                open.add(daemon);
                inThread(() -> relay(client, daemon, true));
                inThread(() -> relay(daemon, client, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private interface Copy {
        void run() throws IOException;
    }

    private static void inThread(Copy c) {
        Thread t = new Thread(() -> {
            try {
                c.run();
            } catch (IOException e) {
                // one side closed: each copy closes the side it writes, so the other copy ends too
            }
        }, "call-counter-relay");
        t.setDaemon(true);
        t.start();
    }

    /** Relays {@code from} to {@code to} message by message, counting the CALLs when {@code count}. */
    private void relay(SocketChannel from, SocketChannel to, boolean count) throws IOException {
        // the kit's transport streams: Channels' would make a write wait for the other thread's blocked read
        InputStream in = ChannelTransport.of(from, "relay", true).input();
        OutputStream out = ChannelTransport.of(to, "relay", true).output();
        try {
            RpcMessage m;
            while ((m = RpcFraming.read(in, RpcLimits.MAX_MESSAGE)) != null) {
                if (count && m.header().type() == MessageType.CALL) {
                    calls.computeIfAbsent(name(m.header().program(), m.header().procedure()), k -> new LongAdder()).increment();
                }
                RpcFraming.write(out, m);
            }
        } finally {
            to.close();
        }
    }

    private String name(int prog, int proc) {
        Program p = protocol.program(prog);
        Procedure named = p == null ? null : p.procedure(proc);
        return named == null ? prog + "/" + proc : named.name();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel c : open) {
            c.close();
        }
        Files.deleteIfExists(listen);
    }
}
