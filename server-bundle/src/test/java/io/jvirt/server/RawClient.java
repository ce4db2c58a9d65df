package io.jvirt.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.jvirt.core.kit.rpc.MessageType;
import io.jvirt.core.kit.rpc.Procedure;
import io.jvirt.core.kit.rpc.Program;
import io.jvirt.core.kit.rpc.ProtocolDescription;
import io.jvirt.core.kit.rpc.RemoteError;
import io.jvirt.core.kit.rpc.RpcFraming;
import io.jvirt.core.kit.rpc.RpcLimits;
import io.jvirt.core.kit.rpc.RpcMessage;
import io.jvirt.core.kit.rpc.XdrStruct;

/** A bare protocol client for the tests: raw bytes, calls and whatever the server sends back. */
final class RawClient implements AutoCloseable {

    static final Program REMOTE = ProtocolDescription.libvirt().program("REMOTE");
    static final Program KEEPALIVE = ProtocolDescription.libvirt().program("KEEPALIVE");

    private final SocketChannel ch;
    private final InputStream in;
    private int serial = 1;

    RawClient(Path socket) throws IOException {
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] b = new byte[1];
                return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return ch.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    void sendRaw(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    void send(RpcMessage m) throws IOException {
        sendRaw(RpcFraming.encode(m));
    }

    /** The next frame (null at end of stream), waiting at most 30 s. */
    RpcMessage receive() throws Exception {
        CompletableFuture<RpcMessage> f = CompletableFuture.supplyAsync(() -> {
            try {
                return RpcFraming.read(in, RpcLimits.MAX_MESSAGE);
            } catch (IOException e) {
                return null;
            }
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } finally {
            if (!f.isDone()) {
                close();
            }
        }
    }

    /** The next reply, skipping keepalive and event messages. */
    RpcMessage reply() throws Exception {
        while (true) {
            RpcMessage m = receive();
            if (m == null || m.header().type() == MessageType.REPLY) {
                return m;
            }
        }
    }

    RpcMessage call(String procedure, XdrStruct args) throws Exception {
        Procedure p = REMOTE.procedure(procedure);
        send(new RpcMessage(REMOTE.call(p, serial++), p.encodeArgs(args)));
        return reply();
    }

    /** A call that must succeed: its decoded reply. */
    XdrStruct ok(String procedure, XdrStruct args) throws Exception {
        RpcMessage r = call(procedure, args);
        if (r == null) {
            throw new AssertionError(procedure + ": the server closed the connection");
        }
        if (r.header().status() != io.jvirt.core.kit.rpc.MessageStatus.OK) {
            throw new AssertionError(procedure + ": " + RemoteError.decode(r.payload()));
        }
        return REMOTE.procedure(procedure).decodeRet(r.payload());
    }

    /** A call that must fail: its error. */
    RemoteError error(RpcMessage r) {
        if (r == null || r.header().status() != io.jvirt.core.kit.rpc.MessageStatus.ERROR) {
            throw new AssertionError("expected an error reply, got " + (r == null ? "end of stream" : r.header()));
        }
        return RemoteError.decode(r.payload());
    }

    /** Opens test:///default the way virsh does. */
    void open() throws Exception {
        ok("AUTH_LIST", null);
        ok("CONNECT_OPEN", XdrStruct.of("a", "name", "test:///default", "flags", 0));
    }

    /** Whether the server has closed the connection (waits up to 30 s for the end of stream, skipping pings). */
    boolean closedByServer() throws Exception {
        while (true) {
            RpcMessage m = receive();
            if (m == null) {
                return true;
            }
            if (m.header().program() != KEEPALIVE.number()) {
                return false;
            }
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
