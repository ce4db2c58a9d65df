package io.jvirt.core.kit.rpc;

import java.util.Arrays;
import java.util.Objects;

/**
 * One stream of libvirt's protocol, the half both ends share (the daemon's remote_daemon_stream.c
 * and the client's virnetclientstream.c speak the same packets): a call (volume upload or download,
 * console) is answered first, then packets of {@link MessageType#STREAM} carrying the call's
 * program, version, procedure and serial flow in either direction:
 * <ul>
 * <li>data: status CONTINUE, the payload raw bytes (no XDR length);</li>
 * <li>end of data: CONTINUE with an empty payload (the sender has no more; the stream stays open);</li>
 * <li>a hole (sparse streams only): {@link MessageType#STREAM_HOLE}, the payload {@code stream_hole};</li>
 * <li>finish: OK with an empty payload, from the client (virStreamFinish) and as the other end's
 * confirmation;</li>
 * <li>abort: ERROR with an empty payload from the client (virStreamAbort), ERROR with a
 * {@code remote_error} from the end that failed.</li>
 * </ul>
 * The protocol has no window: flow control is each end's bounded queue and TCP.
 *
 * <p>The state kept here is what either end needs to refuse a packet out of place: data after the
 * other end's end of data, a hole on a stream that was not opened sparse, anything after the
 * stream closed. Not thread-safe: one reader and one writer hold it under their own lock.
 */
public final class RpcStream {

    /** VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX: the largest data packet libvirt's ends send (256 KiB less the header). */
    public static final int MAX_DATA = 262120;

    /** What a received packet is. */
    public enum Kind {
        /** Bytes (CONTINUE with a payload). */
        DATA,
        /** The sender has no more data (CONTINUE, empty). */
        EOF,
        /** A run of zeros not sent as bytes (STREAM_HOLE). */
        HOLE,
        /** Finish, or the confirmation of a finish or an abort (OK, empty). */
        FINISH,
        /** The client gave up (ERROR, empty). */
        ABORT,
        /** The sender failed ({@code remote_error}). */
        ERROR
    }

    /** A received packet: its kind and, by kind, its bytes, the hole's length or the error. */
    public record Packet(Kind kind, byte[] data, long holeLength, RemoteError error) {
        public Packet {
            Objects.requireNonNull(kind, "kind");
            data = data == null ? new byte[0] : data;
        }
    }

    private final int program;
    private final int version;
    private final int procedure;
    private final int serial;
    private final boolean sparse;
    private boolean sentEnd;
    private boolean receivedEof;
    private boolean sentFinish;
    private boolean receivedFinish;
    private boolean closed;

    /**
     * @param call   the header of the call that opened the stream
     * @param sparse whether holes may be sent (the call's SPARSE_STREAM flag)
     */
    public RpcStream(RpcHeader call, boolean sparse) {
        this.program = call.program();
        this.version = call.version();
        this.procedure = call.procedure();
        this.serial = call.serial();
        this.sparse = sparse;
    }

    public int serial() {
        return serial;
    }

    public int procedure() {
        return procedure;
    }

    public boolean sparse() {
        return sparse;
    }

    /** Whether the stream is over (finished both ways, aborted or failed): later packets are ignored. */
    public boolean closed() {
        return closed;
    }

    /** Whether the other end said it has no more data. */
    public boolean receivedEof() {
        return receivedEof;
    }

    /** Whether a packet belongs to this stream (program, version, procedure and serial of its call). */
    public boolean matches(RpcHeader h) {
        return (h.type() == MessageType.STREAM || h.type() == MessageType.STREAM_HOLE) && h.program() == program
            && h.version() == version && h.procedure() == procedure && h.serial() == serial;
    }

    private RpcHeader header(MessageType type, MessageStatus status) {
        return new RpcHeader(program, version, procedure, type, serial, status);
    }

    private void requireSending(String what) {
        if (closed || sentEnd) {
            throw new IllegalStateException("cannot send " + what + " on a stream that " + (closed ? "is closed" : "ended its data"));
        }
    }

    // ---- sending ----

    /** A data packet of {@code len} bytes (1..{@link #MAX_DATA}). */
    public RpcMessage data(byte[] b, int off, int len) {
        requireSending("data");
        if (len <= 0 || len > MAX_DATA) {
            throw new IllegalArgumentException("a data packet carries 1 to " + MAX_DATA + " bytes, not " + len);
        }
        return new RpcMessage(header(MessageType.STREAM, MessageStatus.CONTINUE), Arrays.copyOfRange(b, off, off + len));
    }

    /** The end of this end's data (libvirt's empty CONTINUE: "read EOF"). */
    public RpcMessage eof() {
        requireSending("end of data");
        sentEnd = true;
        return new RpcMessage(header(MessageType.STREAM, MessageStatus.CONTINUE), new byte[0]);
    }

    /** A hole of {@code length} zero bytes; only on a sparse stream. */
    public RpcMessage hole(long length) {
        requireSending("a hole");
        if (!sparse) {
            throw new IllegalStateException("holes need a sparse stream");
        }
        if (length <= 0) {
            throw new IllegalArgumentException("a hole's length must be positive, not " + length);
        }
        byte[] payload = ProtocolDescription.libvirt().struct("stream_hole")
            .encode(XdrStruct.of("stream_hole", "length", length, "flags", 0));
        return new RpcMessage(header(MessageType.STREAM_HOLE, MessageStatus.CONTINUE), payload);
    }

    /** Finish (client), or the confirmation of the other end's finish or abort (server). */
    public RpcMessage finish() {
        if (closed && !receivedFinish) {
            // confirming an abort: the stream is already closed, the confirmation still goes out
            return new RpcMessage(header(MessageType.STREAM, MessageStatus.OK), new byte[0]);
        }
        if (closed) {
            throw new IllegalStateException("the stream is closed");
        }
        sentEnd = true;
        sentFinish = true;
        closed = receivedFinish;
        return new RpcMessage(header(MessageType.STREAM, MessageStatus.OK), new byte[0]);
    }

    /** The client's abort (ERROR, no payload). */
    public RpcMessage abort() {
        closed = true;
        return new RpcMessage(header(MessageType.STREAM, MessageStatus.ERROR), new byte[0]);
    }

    /** This end failed: ERROR with the error. */
    public RpcMessage error(RemoteError error) {
        closed = true;
        return new RpcMessage(header(MessageType.STREAM, MessageStatus.ERROR), error.encode());
    }

    // ---- receiving ----

    /**
     * Classifies a packet of this stream and moves the state on.
     *
     * @return the packet, or null when the stream is already closed (libvirt drops late packets:
     *         data is fire-and-forget and may still arrive after an abort)
     * @throws IllegalArgumentException the packet is not this stream's
     * @throws RpcProtocolException     data after the end of data, a hole on a stream that is not
     *                                  sparse, an undecodable hole or error
     */
    public Packet receive(RpcMessage m) {
        RpcHeader h = m.header();
        if (!matches(h)) {
            throw new IllegalArgumentException("not a packet of the stream of serial " + Integer.toUnsignedString(serial));
        }
        if (closed) {
            return null;
        }
        if (h.type() == MessageType.STREAM_HOLE) {
            if (!sparse) {
                throw new RpcProtocolException("Unexpected stream hole");
            }
            requireData("a hole");
            XdrStruct hole = ProtocolDescription.libvirt().struct("stream_hole").decode(m.payload());
            long length = hole.getLong("length");
            if (length <= 0) {
                throw new RpcProtocolException("stream hole of length " + length);
            }
            return new Packet(Kind.HOLE, null, length, null);
        }
        switch (h.status()) {
            case CONTINUE -> {
                requireData("data");
                if (m.payload().length == 0) {
                    receivedEof = true;
                    return new Packet(Kind.EOF, null, 0, null);
                }
                return new Packet(Kind.DATA, m.payload(), 0, null);
            }
            case OK -> {
                receivedFinish = true;
                receivedEof = true;
                closed = sentFinish;
                return new Packet(Kind.FINISH, null, 0, null);
            }
            default -> {
                closed = true;
                if (m.payload().length == 0) {
                    return new Packet(Kind.ABORT, null, 0, null);
                }
                return new Packet(Kind.ERROR, null, 0, RemoteError.decode(m.payload()));
            }
        }
    }

    private void requireData(String what) {
        if (receivedEof) {
            throw new RpcProtocolException("stream of serial " + Integer.toUnsignedString(serial) + " received " + what
                + " after its end");
        }
    }

    @Override
    public String toString() {
        return "stream proc=" + procedure + " serial=" + Integer.toUnsignedString(serial);
    }
}
