package io.jvirt.core.kit.rpc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/** Writes XDR (RFC 4506) as libvirt reads it, refusing what libvirt would refuse (over-long strings). */
public final class XdrWriter {

    private byte[] buf;
    private int len;

    public XdrWriter() {
        this(256);
    }

    public XdrWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Room for {@code n} more bytes at once (a lower bound of what follows); refused past the message maximum. */
    void reserve(long n) {
        ensure(n);
    }

    private void ensure(long n) {
        long wanted = len + n;
        if (wanted > RpcLimits.MAX_MESSAGE) {
            throw new RpcProtocolException("XDR data exceeds the message maximum of " + RpcLimits.MAX_MESSAGE + " bytes");
        }
        if (wanted > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(RpcLimits.MAX_MESSAGE, Math.max(wanted, buf.length * 2L)));
        }
    }

    public XdrWriter writeInt(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public XdrWriter writeHyper(long v) {
        writeInt((int) (v >>> 32));
        return writeInt((int) v);
    }

    public XdrWriter writeBool(boolean v) {
        return writeInt(v ? 1 : 0);
    }

    public XdrWriter writeDouble(double v) {
        return writeHyper(Double.doubleToLongBits(v));
    }

    public XdrWriter writeString(String s, long max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > Math.min(max, RpcLimits.MAX_STRING)) {
            throw new RpcProtocolException("string of " + b.length + " bytes exceeds the maximum of "
                + Math.min(max, RpcLimits.MAX_STRING));
        }
        writeInt(b.length);
        return writeFixedOpaque(b);
    }

    public XdrWriter writeOpaque(byte[] b, long max) {
        if (b.length > Math.min(max, RpcLimits.MAX_STRING)) {
            throw new RpcProtocolException("opaque of " + b.length + " bytes exceeds the maximum of "
                + Math.min(max, RpcLimits.MAX_STRING));
        }
        writeInt(b.length);
        return writeFixedOpaque(b);
    }

    /** The bytes and padding to 4, no length. */
    public XdrWriter writeFixedOpaque(byte[] b) {
        int padded = XdrReader.padded(b.length);
        ensure(padded);
        System.arraycopy(b, 0, buf, len, b.length);
        if (padded != b.length) {
            Arrays.fill(buf, len + b.length, len + padded, (byte) 0);
        }
        len += padded;
        return this;
    }

    /** The UUID's 16 bytes (libvirt's {@code opaque[16]}, no length), written in place. */
    public XdrWriter writeUuid(UUID uuid) {
        ensure(16);
        long hi = uuid.getMostSignificantBits();
        long lo = uuid.getLeastSignificantBits();
        for (int i = 7; i >= 0; i--) {
            buf[len + i] = (byte) hi;
            buf[len + 8 + i] = (byte) lo;
            hi >>>= 8;
            lo >>>= 8;
        }
        len += 16;
        return this;
    }

    public XdrWriter writeBytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    public int size() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
