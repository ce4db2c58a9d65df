package io.jvirt.driver.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

import io.jvirt.api.SparseInput;

/**
 * A sparse download of a regular file volume: its bytes from an offset, to the end or for a
 * length, and its holes as {@link SparseInput} sections (what libvirt's virFDStreamThread learns
 * with virFileInData, i.e. lseek SEEK_DATA / SEEK_HOLE).
 *
 * <p>Java has no SEEK_DATA / SEEK_HOLE (nor FIEMAP), so the holes are found in what is read: every
 * {@link #BLOCK}-byte block of the file (aligned on the file's own offsets, as a file system's
 * blocks; a range's first and last blocks may be partial) that reads as all zeros is a hole, and
 * consecutive ones make one hole. A real hole reads as zeros, so every hole libvirt would send is
 * found; zeros that are allocated are sent as a hole too (libvirt sends those as data). The bytes
 * the client writes are the same either way, and its copy is at least as sparse as libvirt's. The
 * cost is reading the holes (the kernel hands out zero pages for them, no disk I/O) where libvirt
 * seeks over them.
 *
 * <p>A data section ends at a zero block or at the end of the read-ahead buffer (at most
 * {@link #BUFFER} bytes); a hole's section runs to the next non-zero block or the end, however long.
 * Reading the stream plainly gives every byte, holes included.
 */
final class SparseFileInput extends InputStream implements SparseInput {

    /** The unit of a hole: a common file system block (ext4, xfs, tmpfs pages). */
    static final int BLOCK = 4096;
    /** Read-ahead (a multiple of BLOCK). */
    static final int BUFFER = 1 << 20;
    private static final byte[] ZEROS = new byte[BLOCK];

    private final FileChannel ch;
    /** Where the range ends (exclusive); Long.MAX_VALUE for "to the end of the file". */
    private final long end;
    private final byte[] buf = new byte[BUFFER];
    /** The file's offset of buf[0], and how many bytes of buf are valid. */
    private long bufStart;
    private int bufLen;
    private long pos;
    /** The end of the hole last reported by section(), or -1. */
    private long holeEnd = -1;
    private boolean closed;

    /**
     * @param ch     the open file, which this stream closes
     * @param offset where to start
     * @param length how many bytes, 0 for "to the end of the file"
     */
    SparseFileInput(FileChannel ch, long offset, long length) {
        this.ch = ch;
        this.pos = offset;
        this.bufStart = offset;
        // libvirt's offset and length are unsigned: a sum past Long.MAX_VALUE is "to the end" as well
        this.end = length == 0 || offset + length < 0 ? Long.MAX_VALUE : offset + length;
    }

    /** Brings {@code at} into the buffer; false at the end of the range or the file. */
    private boolean fill(long at) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (at >= end) {
            return false;
        }
        if (at >= bufStart && at < bufStart + bufLen) {
            return true;
        }
        // the buffer ends on a block boundary of the file, so that no block straddles two fills
        int want = (int) Math.min(BUFFER - (at % BLOCK), end - at);
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, want);
        while (bb.hasRemaining()) {
            if (ch.read(bb, at + bb.position()) < 0) {
                break;
            }
        }
        bufStart = at;
        bufLen = bb.position();
        return bufLen > 0;
    }

    /** The end of the block that holds {@code at}, within the buffer. */
    private long blockEnd(long at) {
        return Math.min((at / BLOCK + 1) * BLOCK, bufStart + bufLen);
    }

    private boolean zeros(long from, long to) {
        int i = (int) (from - bufStart);
        int n = (int) (to - from);
        return Arrays.mismatch(buf, i, i + n, ZEROS, 0, n) < 0;
    }

    @Override
    public synchronized Section section() throws IOException {
        if (!fill(pos)) {
            return Section.END;
        }
        long first = blockEnd(pos);
        if (!zeros(pos, first)) {
            long p = first;
            while (p < bufStart + bufLen) {
                long e = blockEnd(p);
                if (zeros(p, e)) {
                    break;
                }
                p = e;
            }
            holeEnd = -1;
            return new Section(false, p - pos);
        }
        long p = first;
        while (fill(p)) {
            long e = blockEnd(p);
            if (!zeros(p, e)) {
                break;
            }
            p = e;
        }
        holeEnd = p;
        return new Section(true, p - pos);
    }

    @Override
    public synchronized void skipHole(long length) throws IOException {
        if (length <= 0 || holeEnd < 0 || pos + length > holeEnd) {
            throw new IllegalStateException("no hole of " + length + " bytes at offset " + pos);
        }
        pos += length;
        if (pos == holeEnd) {
            holeEnd = -1;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill(pos)) {
            return -1;
        }
        int n = (int) Math.min(len, bufStart + bufLen - pos);
        System.arraycopy(buf, (int) (pos - bufStart), b, off, n);
        pos += n;
        if (holeEnd >= 0 && pos >= holeEnd) {
            holeEnd = -1;
        }
        return n;
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            ch.close();
        }
    }
}
