package io.jvirt.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.rpc.MessageType;
import io.jvirt.core.kit.rpc.RpcHeader;
import io.jvirt.core.kit.rpc.RpcMessage;

/**
 * A client's open streams (libvirtd's priv->streams), by the serial of the call that opened them.
 * A stream is opened while its call is handled ({@link #open}), so that the packets the client
 * sends as soon as it reads the reply are already routed to it; it starts moving data once the
 * reply is queued ({@link #callAnswered}), and is dropped unstarted when the call fails.
 * Packets of no open stream are dropped, as libvirtd drops them (data is fire-and-forget and may
 * arrive after the stream ended). When the client goes, every stream is aborted.
 */
final class ClientStreams {

    private static final Logger LOG = LoggerFactory.getLogger(ClientStreams.class);
    /** Streams one client may hold open at once (libvirt sets no bound; each costs jvirt a thread). */
    static final int MAX_STREAMS = 16;

    private final ClientSession client;
    private final Map<Integer, ServerStream> bySerial = new ConcurrentHashMap<>();
    /**
     * The call the current thread handles, so that a handler opening a stream needs no header. Static:
     * a thread handles one call at a time, whichever client's (one pair per client would leave an
     * entry per client in every worker's ThreadLocalMap).
     */
    private static final ThreadLocal<RpcHeader> call = new ThreadLocal<>();
    private static final ThreadLocal<ServerStream> opened = new ThreadLocal<>();
    private volatile boolean closed;

    ClientStreams(ClientSession client) {
        this.client = client;
    }

    ClientSession client() {
        return client;
    }

    /** The dispatcher is about to handle this call on this thread. */
    void callStarting(RpcHeader h) {
        call.set(h);
        opened.remove();
    }

    /** The header of the call being handled on this thread (a handler's stream takes its serial). */
    RpcHeader currentCall() {
        RpcHeader h = call.get();
        if (h == null) {
            throw new IllegalStateException("no call is being handled on this thread");
        }
        return h;
    }

    /** Registers a stream of the current call; it starts when the call's OK reply is queued. */
    void open(ServerStream s) {
        synchronized (bySerial) {
            if (closed) {
                s.abort("the client is gone");
                throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "client is closing");
            }
            if (bySerial.size() >= MAX_STREAMS) {
                s.abort("too many streams");
                throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC,
                    "client has " + MAX_STREAMS + " streams open already");
            }
            if (bySerial.putIfAbsent(s.rpc().serial(), s) != null) {
                s.abort("serial in use");
                throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC,
                    "a stream of serial " + Integer.toUnsignedString(s.rpc().serial()) + " is open already");
            }
        }
        opened.set(s);
    }

    /** The current call was answered (ok: its OK reply is queued): its stream starts, or goes. */
    void callAnswered(boolean ok) {
        ServerStream s = opened.get();
        opened.remove();
        call.remove();
        if (s == null) {
            return;
        }
        if (ok) {
            s.start();
        } else {
            remove(s);
            s.abort("its call failed");
        }
    }

    /**
     * Routes a packet on the event loop, without waiting.
     *
     * @return false when its stream has no room now (it calls {@link ClientSession#streamRoom} when it has)
     */
    boolean offer(RpcMessage m) {
        ServerStream s = bySerial.get(m.header().serial());
        if (s == null || !s.rpc().matches(m.header())) {
            LOG.debug("{}: ignoring a packet of no open stream: {}", client, m.header());
            return true;
        }
        return s.offer(m);
    }

    static boolean isStreamPacket(RpcMessage m) {
        return m.header().type() == MessageType.STREAM || m.header().type() == MessageType.STREAM_HOLE;
    }

    void remove(ServerStream s) {
        bySerial.remove(s.rpc().serial(), s);
    }

    int size() {
        return bySerial.size();
    }

    /** The client is gone: every stream is aborted (its thread ends, its file is closed). */
    void closeAll(String why) {
        List<ServerStream> all;
        synchronized (bySerial) {
            closed = true;
            all = List.copyOf(bySerial.values());
            bySerial.clear();
        }
        for (ServerStream s : all) {
            s.abort(why);
        }
    }
}
