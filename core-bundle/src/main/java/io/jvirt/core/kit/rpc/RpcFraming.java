package io.jvirt.core.kit.rpc;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Frames on a byte stream: a big-endian u32 length that counts itself, the 24-byte header, the
 * payload. A length under 28 or over {@code maxMessage} is refused before any buffer is sized from it.
 */
public final class RpcFraming {

    private RpcFraming() {
    }

    /** The frame's bytes, length word first. */
    public static byte[] encode(RpcMessage message) {
        XdrWriter out = new XdrWriter(RpcLimits.LENGTH_SIZE + RpcLimits.HEADER_SIZE + message.payload().length);
        out.writeInt(RpcLimits.LENGTH_SIZE + RpcLimits.HEADER_SIZE + message.payload().length);
        message.header().write(out);
        out.writeBytes(message.payload());
        return out.toByteArray();
    }

    public static void write(OutputStream out, RpcMessage message) throws IOException {
        out.write(encode(message));
        out.flush();
    }

    /**
     * Reads one frame.
     *
     * @return the frame, or null at a clean end of stream (before its first byte)
     * @throws RpcProtocolException a length out of bounds, an unknown type or status
     * @throws EOFException         the stream ended inside a frame
     */
    public static RpcMessage read(InputStream in, int maxMessage) throws IOException {
        byte[] lengthWord = new byte[RpcLimits.LENGTH_SIZE];
        int got = in.readNBytes(lengthWord, 0, lengthWord.length);
        if (got == 0) {
            return null;
        }
        if (got < lengthWord.length) {
            throw new EOFException("truncated frame: " + got + " of 4 length bytes");
        }
        long length = new XdrReader(lengthWord).readUnsignedInt();
        checkLength(length, maxMessage);
        int rest = (int) length - RpcLimits.LENGTH_SIZE;
        byte[] body = new byte[rest];
        int n = in.readNBytes(body, 0, rest);
        if (n < rest) {
            throw new EOFException("truncated frame: " + n + " of " + rest + " bytes after the length");
        }
        return decodeBody(body);
    }

    /** Checks a frame's length word (which counts itself) against the header's size and the cap. */
    public static void checkLength(long length, int maxMessage) {
        if (length < RpcLimits.LENGTH_SIZE + RpcLimits.HEADER_SIZE) {
            throw new RpcProtocolException("frame length " + length + " is shorter than the header");
        }
        if (length > Math.min(maxMessage, RpcLimits.MAX_MESSAGE)) {
            throw new RpcProtocolException("frame length " + length + " exceeds the maximum of "
                + Math.min(maxMessage, RpcLimits.MAX_MESSAGE) + " bytes");
        }
    }

    /** A frame's header and payload (everything after the length word). */
    public static RpcMessage decodeBody(byte[] body) {
        XdrReader in = new XdrReader(body);
        RpcHeader header = RpcHeader.read(in);
        byte[] payload = new byte[in.remaining()];
        System.arraycopy(body, RpcLimits.HEADER_SIZE, payload, 0, payload.length);
        return new RpcMessage(header, payload);
    }
}
