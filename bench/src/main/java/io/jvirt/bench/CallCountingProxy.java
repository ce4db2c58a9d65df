package io.jvirt.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
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

import io.jvirt.core.kit.rpc.ProtocolDescription;
import io.jvirt.core.kit.rpc.Program;

/**
 * A UNIX-socket relay between clients and a libvirtd that counts the CALL messages the clients
 * send, by procedure (libvirt's framing: a 4-byte length, then program, version, procedure, type,
 * serial, status). Scenario 7 uses it, outside the measured rows, to say how many round trips each
 * client library makes per operation. Two threads per relayed connection (blocking copies): for
 * counting, not for timing.
 */
final class CallCountingProxy implements AutoCloseable {

    private static final int TYPE_CALL = 0;

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
                relay(() -> countingCopy(client, daemon));
                relay(() -> copy(daemon, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private interface Copy {
        void run() throws IOException;
    }

    private void relay(Copy c) {
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

    private void countingCopy(SocketChannel from, SocketChannel to) throws IOException {
        ByteBuffer len = ByteBuffer.allocate(4);
        while (true) {
            len.clear();
            if (!readFully(from, len)) {
                to.close();
                return;
            }
            int n = len.getInt(0);
            if (n < 28 || n > 64 << 20) {
                throw new IOException("not libvirt's framing: length " + n);
            }
            ByteBuffer body = ByteBuffer.allocate(n - 4);
            if (!readFully(from, body)) {
                to.close();
                return;
            }
            int prog = body.getInt(0);
            int proc = body.getInt(8);
            int type = body.getInt(12);
            if (type == TYPE_CALL) {
                calls.computeIfAbsent(name(prog, proc), k -> new LongAdder()).increment();
            }
            len.flip();
            body.flip();
            while (len.hasRemaining()) {
                to.write(len);
            }
            while (body.hasRemaining()) {
                to.write(body);
            }
        }
    }

    private String name(int prog, int proc) {
        try {
            Program p = protocol.program(prog);
            return p == null || p.procedure(proc) == null ? prog + "/" + proc : p.procedure(proc).name();
        } catch (RuntimeException e) {
            return prog + "/" + proc;
        }
    }

    private static boolean readFully(SocketChannel from, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (from.read(b) < 0) {
                return false;
            }
        }
        return true;
    }

    private static void copy(SocketChannel from, SocketChannel to) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        while (from.read(b) >= 0) {
            b.flip();
            while (b.hasRemaining()) {
                to.write(b);
            }
            b.clear();
        }
        to.close();
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
