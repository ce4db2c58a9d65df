package io.jvirt.core.kit.rpc;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Reads XDR (RFC 4506) as libvirt writes it. Every length is checked against its maximum and
 * against the bytes left before anything is allocated, so a hostile count costs nothing.
 */
public final class XdrReader {

    private final byte[] data;
    private int pos;
    private final int end;

    public XdrReader(byte[] data) {
        this(data, 0, data.length);
    }

    public XdrReader(byte[] data, int offset, int length) {
        this.data = data;
        this.pos = offset;
        this.end = offset + length;
    }

    public int remaining() {
        return end - pos;
    }

    public int position() {
        return pos;
    }

    private void need(long n, String what) {
        if (n > remaining()) {
            throw new RpcProtocolException("truncated XDR data: " + what + " needs " + n + " bytes, " + remaining() + " left");
        }
    }

    public int readInt() {
        need(4, "int");
        int v = ((data[pos] & 0xff) << 24) | ((data[pos + 1] & 0xff) << 16) | ((data[pos + 2] & 0xff) << 8)
            | (data[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long readUnsignedInt() {
        return readInt() & 0xffffffffL;
    }

    public long readHyper() {
        return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
    }

    /**
     * An XDR bool (and an optional's flag): any non-zero word is true, as in libvirtd's
     * {@code xdr_bool}. go-libvirt relies on it: it writes CONNECT_OPEN's optional name flag as
     * the bytes 01 00 00 00.
     */
    public boolean readBool() {
        return readInt() != 0;
    }

    public double readDouble() {
        return Double.longBitsToDouble(readHyper());
    }

    /** A length (u32) of at most {@code max}; a "negative" (over 2^31) length is refused too. */
    public int readLength(long max, String what) {
        long n = readUnsignedInt();
        if (n > max) {
            throw new RpcProtocolException(what + " length " + n + " exceeds the maximum of " + max);
        }
        return (int) n;
    }

    /** {@code string<max>}: a length, the bytes (UTF-8), padding to 4 bytes. */
    public String readString(long max) {
        int n = readLength(Math.min(max, RpcLimits.MAX_STRING), "string");
        need(padded(n), "string");
        String s = new String(data, pos, n, StandardCharsets.UTF_8);
        pos += padded(n);
        return s;
    }

    /** {@code opaque<max>}: a length, the bytes, padding. */
    public byte[] readOpaque(long max) {
        int n = readLength(Math.min(max, RpcLimits.MAX_STRING), "opaque");
        return readFixedOpaque(n);
    }

    /** {@code opaque[n]}: n bytes and padding, no length. */
    public byte[] readFixedOpaque(int n) {
        need(padded(n), "opaque");
        byte[] b = new byte[n];
        System.arraycopy(data, pos, b, 0, n);
        pos += padded(n);
        return b;
    }

    /** A UUID as {@code opaque[VIR_UUID_BUFLEN]}. */
    public UUID readUuid() {
        byte[] b = readFixedOpaque(16);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xff);
            lo = (lo << 8) | (b[i + 8] & 0xff);
        }
        return new UUID(hi, lo);
    }

    /**
     * A count of array elements of at most {@code max}, each at least {@code minElementSize} bytes:
     * refused when the bytes left cannot hold that many, so no list is sized from a lie.
     */
    public int readCount(long max, int minElementSize, String what) {
        int n = readLength(max, what + " array");
        need((long) n * minElementSize, what + " array of " + n);
        return n;
    }

    /** Refuses bytes left over where the payload should have ended. */
    public void requireEnd(String what) {
        if (remaining() != 0) {
            throw new RpcProtocolException(remaining() + " bytes left after " + what);
        }
    }

    static int padded(int n) {
        return (n + 3) & ~3;
    }
}
