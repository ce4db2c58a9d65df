package io.jvirt.driver.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.SparseOutput;
import io.jvirt.core.kit.HostCommand;

/**
 * The byte-level work on a local volume (a file, or an LV's block device) that libvirt's
 * storage_util.c does for several backends: upload and download through streams with an offset
 * and a length (virStorageBackendVolUploadLocal / DownloadLocal), wipe (storageBackendVolWipeLocalFile)
 * and allocation with fallocate (createRawFile).
 *
 * <p>{@code followLinks} false opens with O_NOFOLLOW: a file volume that is a symbolic link in the
 * pool directory is never written through (a link to /etc/shadow listed as a volume must not be
 * uploaded to or wiped); an LV's /dev/VG/LV is a link by design and is followed.
 */
final class LocalVolumeIo {

    private static final int CHUNK = 1 << 20;

    private final HostTool quick;
    private final HostTool slow;

    LocalVolumeIo(HostTool quick, HostTool slow) {
        this.quick = quick;
        this.slow = slow;
    }

    /**
     * Writes the stream into the existing volume at {@code offset}: all of it ({@code length} 0) or
     * exactly {@code length} bytes (a longer stream is an error after those bytes, as libvirt's
     * stream refuses to write beyond the limit).
     *
     * @return the bytes written
     */
    long upload(Path path, boolean followLinks, InputStream in, long offset, long length) {
        checkRange(offset, length);
        try (FileChannel ch = FileChannel.open(path, options(followLinks, StandardOpenOption.WRITE))) {
            ch.position(offset);
            byte[] buf = new byte[CHUNK];
            long done = 0;
            while (length == 0 || done < length) {
                int want = length == 0 ? CHUNK : (int) Math.min(CHUNK, length - done);
                int n = in.read(buf, 0, want);
                if (n < 0) {
                    break;
                }
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
                done += n;
            }
            if (length != 0 && done == length && in.read() >= 0) {
                throw StorageErrors.of(ErrorCode.SYSTEM_ERROR,
                    "Library tried to write beyond the limit: No space left on device");
            }
            ch.force(true);
            return done;
        } catch (IOException e) {
            throw StorageErrors.system("cannot upload to volume '" + path + "'", e);
        }
    }

    /**
     * Copies the volume from {@code offset} to its end ({@code length} 0) or at most
     * {@code length} bytes into {@code out}.
     *
     * @return the bytes copied
     */
    long download(Path path, boolean followLinks, OutputStream out, long offset, long length) {
        checkRange(offset, length);
        try (FileChannel ch = FileChannel.open(path, options(followLinks, StandardOpenOption.READ))) {
            ch.position(offset);
            ByteBuffer bb = ByteBuffer.allocate(CHUNK);
            long done = 0;
            while (length == 0 || done < length) {
                bb.clear();
                if (length != 0) {
                    bb.limit((int) Math.min(CHUNK, length - done));
                }
                int n = ch.read(bb);
                if (n < 0) {
                    break;
                }
                out.write(bb.array(), 0, n);
                done += n;
            }
            out.flush();
            return done;
        } catch (IOException e) {
            throw StorageErrors.system("cannot download from volume '" + path + "'", e);
        }
    }

    /**
     * A read of the volume from {@code offset}: to its end ({@code length} 0) or at most
     * {@code length} bytes. The caller closes it.
     */
    InputStream openRead(Path path, boolean followLinks, long offset, long length) {
        return openRead(path, followLinks, offset, length, false);
    }

    /**
     * The same; with {@code sparse} (SPARSE_STREAM) a regular file's read also tells its holes
     * ({@link SparseFileInput}). Anything else, a block device above all, has none: libvirt's
     * virFDStreamThread takes a block device as all data.
     */
    InputStream openRead(Path path, boolean followLinks, long offset, long length, boolean sparse) {
        checkRange(offset, length);
        FileChannel ch;
        try {
            ch = FileChannel.open(path, options(followLinks, StandardOpenOption.READ));
            if (sparse && java.nio.file.Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                followLinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS}).isRegularFile()) {
                return new SparseFileInput(ch, offset, length);
            }
            ch.position(offset);
        } catch (IOException e) {
            throw StorageErrors.system("cannot open volume '" + path + "'", e);
        }
        InputStream raw = java.nio.channels.Channels.newInputStream(ch);
        if (length == 0) {
            return raw;
        }
        return new java.io.FilterInputStream(raw) {
            private long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long k = super.skip(Math.min(n, left));
                left -= k;
                return k;
            }
        };
    }

    /**
     * A write into the existing volume at {@code offset}: unbounded ({@code length} 0) or at most
     * {@code length} bytes (more is libvirt's stream error); close() syncs the data. It takes holes
     * ({@link SparseOutput}, see {@link VolumeWriter#writeHole}).
     */
    OutputStream openWrite(Path path, boolean followLinks, long offset, long length) {
        checkRange(offset, length);
        FileChannel ch;
        boolean regular;
        try {
            ch = FileChannel.open(path, options(followLinks, StandardOpenOption.WRITE, StandardOpenOption.READ));
            regular = java.nio.file.Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                followLinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS}).isRegularFile();
            ch.position(offset);
        } catch (IOException e) {
            throw StorageErrors.system("cannot open volume '" + path + "'", e);
        }
        return new VolumeWriter(ch, regular, length);
    }

    /** The upload's end of a volume: bytes written in place, holes as {@link #writeHole} makes them. */
    private static final class VolumeWriter extends OutputStream implements SparseOutput {
        private static final int BLOCK = SparseFileInput.BLOCK;
        private final FileChannel ch;
        private final boolean regular;
        private final long length;
        private long written;
        private boolean closed;

        VolumeWriter(FileChannel ch, boolean regular, long length) {
            this.ch = ch;
            this.regular = regular;
            this.length = length;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            room(len);
            ByteBuffer bb = ByteBuffer.wrap(b, off, len);
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
            written += len;
        }

        private void room(long len) throws IOException {
            if (closed) {
                throw new IOException("stream closed");
            }
            if (length != 0 && written + len > length) {
                throw new IOException("Library tried to write beyond the limit: No space left on device");
            }
        }

        /**
         * libvirt's file stream makes a hole with lseek and ftruncate (which also cuts whatever the
         * file held past the hole, until the next write extends it again). Java can neither punch
         * a hole nor truncate a file longer through a FileChannel, and must not cut a volume short;
         * so: past the file's end the position just moves on (the file grows by a real hole when
         * data follows, or at close, which writes the last byte when the upload ended in a hole);
         * within the file, the blocks that do not read as zeros already are overwritten with
         * zeros, so the bytes are the hole's, and the blocks that were holes (a volume created
         * sparse, as virsh vol-create-as --allocation 0 makes it) stay holes. A block device
         * (an LV) has no end to grow past: its blocks are zeroed where they are not zeros.
         */
        @Override
        public synchronized void writeHole(long n) throws IOException {
            if (n <= 0) {
                throw new IllegalArgumentException("a hole's length must be positive, not " + n);
            }
            room(n);
            long from = ch.position();
            long to = from + n;
            if (to < 0) {
                throw new IOException("a hole of " + n + " bytes at offset " + from + " runs past the largest file offset");
            }
            zeroWhereNotZeros(from, regular ? Math.min(to, ch.size()) : to);
            ch.position(to);
            written += n;
        }

        private void zeroWhereNotZeros(long from, long to) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            byte[] zeros = new byte[BLOCK];
            long at = from;
            while (at < to) {
                buf.clear();
                // chunks end on the file's block boundaries
                buf.limit((int) Math.min(CHUNK - (at % BLOCK), to - at));
                while (buf.hasRemaining()) {
                    if (ch.read(buf, at + buf.position()) < 0) {
                        break;
                    }
                }
                int got = buf.position();
                if (got == 0) {
                    return; // the device's end: nothing more to zero
                }
                byte[] a = buf.array();
                int i = 0;
                while (i < got) {
                    int n = (int) Math.min(got - i, BLOCK - ((at + i) % BLOCK));
                    if (java.util.Arrays.mismatch(a, i, i + n, zeros, 0, n) >= 0) {
                        ByteBuffer z = ByteBuffer.wrap(zeros, 0, n);
                        long p = at + i;
                        while (z.hasRemaining()) {
                            p += ch.write(z, p);
                        }
                    }
                    i += n;
                }
                at += got;
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                long end = ch.position();
                if (regular && end > ch.size()) {
                    // the upload ended in a hole past the file's end: the file reaches it (one byte written)
                    ch.write(ByteBuffer.wrap(new byte[1]), end - 1);
                }
                ch.force(true);
            } finally {
                ch.close();
            }
        }
    }

    /**
     * libvirt's storageBackendVolWipeLocalFile: ZERO on a sparse regular file truncates it to 0
     * and back (the hole reads as zeros, nothing is allocated); otherwise zeros are written over
     * {@code allocation} bytes from the start and synced; the patterns run scrub(1); TRIM is
     * refused with libvirt's error.
     */
    void wipe(Path path, boolean followLinks, WipeAlgorithm algorithm, long allocation) {
        if (algorithm == WipeAlgorithm.TRIM) {
            throw StorageErrors.of(ErrorCode.ARGUMENT_UNSUPPORTED, "'trim' algorithm not supported");
        }
        if (algorithm != WipeAlgorithm.ZERO) {
            if (!followLinks && java.nio.file.Files.isSymbolicLink(path)) {
                throw StorageErrors.of(ErrorCode.OPERATION_INVALID, "volume '" + path + "' is a symbolic link");
            }
            slow.run(List.of("scrub", "-f", "-p", algorithm.scrubName(), path.toString()));
            return;
        }
        if (!followLinks && java.nio.file.Files.isSymbolicLink(path)) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID, "volume '" + path + "' is a symbolic link");
        }
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(path.toFile(), "rw")) {
            FileChannel ch = f.getChannel();
            if (java.nio.file.Files.isRegularFile(path) && isSparse(path)) {
                long size = ch.size();
                f.setLength(0);
                f.setLength(size); // ftruncate up: a hole, read as zeros
                ch.force(true);
                return;
            }
            ByteBuffer zeros = ByteBuffer.allocate(CHUNK);
            long remaining = allocation;
            ch.position(0);
            while (remaining > 0) {
                zeros.clear();
                zeros.limit((int) Math.min(CHUNK, remaining));
                int n = ch.write(zeros);
                remaining -= n;
            }
            ch.force(true);
        } catch (IOException e) {
            throw StorageErrors.system("Failed to wipe storage volume with path '" + path + "'", e);
        }
    }

    /**
     * Allocates {@code length} bytes at {@code offset} of a regular file with fallocate(1); where
     * the file system cannot (EOPNOTSUPP), writes zeros instead, as libvirt falls back to safezero.
     */
    void allocate(Path path, long offset, long length) {
        if (length <= 0) {
            return;
        }
        List<String> argv = List.of("fallocate", "-o", Long.toString(offset), "-l", Long.toString(length), path.toString());
        HostCommand.Result r = slow.call(argv);
        if (r.status() == 0) {
            return;
        }
        if (!r.output().contains("Operation not supported")) {
            throw StorageErrors.of(ErrorCode.SYSTEM_ERROR,
                "cannot allocate " + length + " bytes in file '" + path + "': " + r.text());
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer zeros = ByteBuffer.allocate(CHUNK);
            long pos = offset;
            long end = offset + length;
            while (pos < end) {
                zeros.clear();
                zeros.limit((int) Math.min(CHUNK, end - pos));
                pos += ch.write(zeros, pos);
            }
            ch.force(true);
        } catch (IOException e) {
            throw StorageErrors.system("cannot fill file '" + path + "'", e);
        }
    }

    /** Whether the regular file has fewer blocks than its size needs (libvirt: st_blocks < st_size / 512). */
    boolean isSparse(Path path) {
        HostCommand.Result r = quick.run(List.of("stat", "-L", "--format=%b %s", "--", path.toString()));
        String[] f = r.text().split(" ");
        try {
            long blocks = Long.parseLong(f[0]);
            long size = Long.parseLong(f[1]);
            return blocks < size / 512;
        } catch (RuntimeException e) {
            throw StorageErrors.of(ErrorCode.INTERNAL_ERROR, "cannot read stat's output for '" + path + "'");
        }
    }

    private static void checkRange(long offset, long length) {
        if (offset < 0 || length < 0) {
            throw StorageErrors.of(ErrorCode.INVALID_ARG, "offset and length must not be negative");
        }
    }

    private static OpenOption[] options(boolean followLinks, OpenOption... modes) {
        List<OpenOption> o = new ArrayList<>(List.of(modes));
        if (!followLinks) {
            o.add(LinkOption.NOFOLLOW_LINKS);
        }
        return o.toArray(OpenOption[]::new);
    }
}
