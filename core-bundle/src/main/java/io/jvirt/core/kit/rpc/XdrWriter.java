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

    private void ensure(int n) {
        long wanted = (long) len + n;
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
        Arrays.fill(buf, len + b.length, len + padded, (byte) 0);
        len += padded;
        return this;
    }

    public XdrWriter writeUuid(UUID uuid) {
        byte[] b = new byte[16];
        long hi = uuid.getMostSignificantBits();
        long lo = uuid.getLeastSignificantBits();
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) hi;
            b[i + 8] = (byte) lo;
            hi >>>= 8;
            lo >>>= 8;
        }
        return writeFixedOpaque(b);
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
