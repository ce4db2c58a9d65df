package io.jvirt.server;

import java.io.Closeable;
import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.rpc.RemoteError;
import io.jvirt.core.kit.rpc.RpcMessage;
import io.jvirt.core.kit.rpc.RpcProtocolException;
import io.jvirt.core.kit.rpc.RpcStream;

/**
 * The daemon's end of one stream (libvirtd's daemonClientStream): the protocol state of the kit's
 * {@link RpcStream}, a thread that moves the bytes between the wire and the jvirt API's Java stream,
 * and the end of it all: finish confirmed, abort confirmed, failure reported as a stream error, or
 * the client gone (the Java stream is closed, the thread ends).
 */
abstract class ServerStream {

    private static final Logger LOG = LoggerFactory.getLogger(ServerStream.class);

    private final ClientStreams owner;
    private final RpcStream rpc;
    private final String what;
    private final Closeable resource;
    private volatile boolean aborted;
    private volatile Thread thread;

    ServerStream(ClientStreams owner, boolean sparse, String what, Closeable resource) {
        this.owner = owner;
        this.rpc = new RpcStream(owner.currentCall(), sparse);
        this.what = what;
        this.resource = resource;
    }

    RpcStream rpc() {
        return rpc;
    }

    ClientSession client() {
        return owner.client();
    }

    boolean aborted() {
        return aborted;
    }

    void start() {
        Thread t = new Thread(null, this::runAndEnd, "jvirt-rpc-stream-" + rpc.serial() + "-" + client().id(), 256 * 1024);
        t.setDaemon(true);
        thread = t;
        if (aborted) {
            return;
        }
        t.start();
    }

    /**
     * A packet of this stream from the client, on the event loop: taken at once, or refused
     * (false) with nothing changed when there is no room; the stream then calls
     * {@link ClientSession#streamRoom} as it takes a packet.
     */
    abstract boolean offer(RpcMessage m);

    /** Moves the bytes until the stream ends; the caller closes the Java stream afterwards. */
    abstract void run() throws InterruptedException;

    private void runAndEnd() {
        try {
            run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("{}: {} failed", client(), what, e);
            fail(RemoteError.of(ErrorCode.INTERNAL_ERROR, ErrorDomain.STREAMS, String.valueOf(e.getMessage())));
        } finally {
            closeResource();
            owner.remove(this);
        }
    }

    /** Classifies a client packet; a packet against the protocol drops the client, as libvirtd does. */
    RpcStream.Packet receive(RpcMessage m) {
        try {
            synchronized (rpc) {
                return rpc.receive(m);
            }
        } catch (RpcProtocolException e) {
            client().close("it broke the stream protocol: " + e.getMessage());
            abort("protocol error");
            return null;
        }
    }

    /** Sends a packet while the stream is open; false when it closed meanwhile (the client aborted). */
    boolean send(java.util.function.Function<RpcStream, RpcMessage> packet) {
        synchronized (rpc) {
            if (rpc.closed()) {
                return false;
            }
            client().send(packet.apply(rpc));
            return true;
        }
    }

    /** Confirms the client's finish or abort (an empty OK, as libvirtd's zero-length confirm). */
    void confirm() {
        synchronized (rpc) {
            client().send(rpc.finish());
        }
    }

    /** The Java stream failed: the client gets a stream error (libvirtd's virNetServerProgramSendStreamError). */
    void fail(RemoteError error) {
        synchronized (rpc) {
            if (!rpc.closed()) {
                client().send(rpc.error(error));
            }
        }
    }

    /** libvirt's error for an I/O failure of the Java stream: the driver's own error when it has one. */
    static RemoteError ioError(String action, IOException e) {
        if (e.getCause() instanceof VirtException v) {
            return RemoteError.of(v);
        }
        return RemoteError.of(new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.STREAMS,
            "cannot " + action + " stream: " + e.getMessage()));
    }

    /** Ends the stream without a word to the client (it is gone, or its call failed). */
    void abort(String why) {
        if (aborted) {
            return;
        }
        aborted = true;
        LOG.debug("{}: {} aborted: {}", client(), what, why);
        Thread t = thread;
        if (t == null || !t.isAlive()) {
            closeResource();
        } else {
            t.interrupt();
        }
    }

    private void closeResource() {
        try {
            resource.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: closing {}: {}", client(), what, e.toString());
        }
    }

    @Override
    public String toString() {
        return what;
    }
}
