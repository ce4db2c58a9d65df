package io.jvirt.driver.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/**
 * libvirt's directory pool backend (virStorageBackendDirectory in storage_backend_fs.c, with
 * storage_util.c's local volume functions) for one pool: the pool is a directory, its volumes are
 * the regular files (and subdirectories) in it.
 *
 * <p>Volumes are made raw by this class (libvirt's storageBackendCreateRaw: sparse unless an
 * allocation is asked for, then fallocate), everything else through {@link QemuImg}. A volume file
 * is always created here first with O_EXCL and its permissions, so an existing file (or a symlink
 * planted in the pool) is never overwritten, and a failed creation removes exactly the file this
 * call made.
 */
final class DirPool {

    /** libvirt's VIR_STORAGE_DEFAULT_POOL_PERM_MODE. */
    static final int DEFAULT_POOL_MODE = 0711;
    /** libvirt's VIR_STORAGE_DEFAULT_VOL_PERM_MODE. */
    static final int DEFAULT_VOL_MODE = 0600;

    private static final int COPY_CHUNK = 1 << 20;

    private final String name;
    private final Path target;
    private final Permissions permissions;
    private final QemuImg qemuImg;
    private final LocalVolumeIo io;
    private final Function<String, ImageFormat> knownFormats;

    /**
     * @param name        the pool's name (for libvirt's messages)
     * @param target      the pool's target path (absolute)
     * @param permissions the target's permissions from the pool XML
     */
    DirPool(String name, Path target, Permissions permissions, QemuImg qemuImg, LocalVolumeIo io) {
        this(name, target, permissions, qemuImg, io, volName -> null);
    }

    /**
     * @param knownFormats the format each volume was defined with (by name), or null where none is
     *                     known: a known format is passed to qemu-img ({@code -f}) instead of
     *                     letting it probe guest-written data. libvirt probes every file on refresh,
     *                     so a guest that writes a qcow2 header naming a host file as its backing
     *                     store into a raw volume turns it into a qcow2 "backed" by that file, which
     *                     a clone (qemu-img convert) then reads into a volume the user may download;
     *                     the storage driver should pass the formats it knows.
     */
    DirPool(String name, Path target, Permissions permissions, QemuImg qemuImg, LocalVolumeIo io,
            Function<String, ImageFormat> knownFormats) {
        this.knownFormats = Objects.requireNonNull(knownFormats, "knownFormats");
        this.name = Objects.requireNonNull(name, "name");
        if (!target.isAbsolute()) {
            throw StorageErrors.of(ErrorCode.INVALID_ARG, "path '" + target + "' is not absolute");
        }
        this.target = target.normalize();
        this.permissions = Objects.requireNonNull(permissions, "permissions");
        this.qemuImg = qemuImg;
        this.io = io;
    }

    Path target() {
        return target;
    }

    // ---------------------------------------------------------------- pool

    /**
     * libvirt's virStorageBackendFileSystemBuild for a dir pool: the parents made with the default
     * mode, the directory made (or, when it exists, given) the pool's mode and owner. OVERWRITE and
     * NO_OVERWRITE are mutually exclusive and, a dir pool having no source device to format, end in
     * libvirt's "No source device specified" after the directory was made.
     */
    void build(boolean overwrite, boolean noOverwrite) {
        StorageErrors.refuseBothBuildFlags(overwrite, noOverwrite);
        buildDirectory();
        if (overwrite || noOverwrite) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID,
                "No source device specified when formatting pool '" + name + "'");
        }
    }

    /**
     * libvirt's virStorageBackendBuildLocal (the part of a build the dir and fs pools share): the
     * parents made with the default mode, the directory made (or, when it exists, given) the pool's
     * mode and owner.
     */
    void buildDirectory() {
        Path parent = target.getParent();
        if (parent == null) {
            throw StorageErrors.of(ErrorCode.INVALID_ARG, "path '" + target + "' is not absolute");
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw StorageErrors.system("cannot create path '" + parent + "'", e);
        }
        boolean existed = Files.exists(target);
        int mode = permissions.mode();
        if (mode == -1 && !existed) {
            mode = DEFAULT_POOL_MODE;
        }
        if (!existed) {
            try {
                Files.createDirectory(target, PosixFilePermissions.asFileAttribute(Permissions.toSet(mode)));
            } catch (FileAlreadyExistsException e) {
                // made meanwhile: libvirt's VIR_DIR_CREATE_ALLOW_EXIST
            } catch (IOException e) {
                throw StorageErrors.system("failed to create directory '" + target + "'", e);
            }
        }
        if (!Files.isDirectory(target)) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID, "'" + target + "' is not a directory");
        }
        try {
            new Permissions(-1, permissions.owner(), permissions.group()).applyOwner(target);
            if (mode != -1) {
                Files.setPosixFilePermissions(target, Permissions.toSet(mode));
            }
        } catch (IOException e) {
            throw StorageErrors.system("cannot set mode of '" + target + "' to " + String.format("%04o", mode), e);
        }
    }

    /** libvirt's virStorageBackendFileSystemCheck for a dir pool: active when the directory exists. */
    boolean isActive() {
        return Files.exists(target);
    }

    /** Start: nothing to mount; the directory must be there (libvirt fails in the refresh that follows). */
    void start() {
        if (!Files.isDirectory(target)) {
            throw StorageErrors.of(ErrorCode.SYSTEM_ERROR, "cannot open directory '" + target + "': No such file or directory");
        }
    }

    /**
     * libvirt's virStorageBackendRefreshLocal: every regular file and directory in the pool (names
     * with control characters, FIFOs, sockets, device nodes and dangling links skipped), each probed
     * with qemu-img info; the pool's sizes from statvfs: capacity f_frsize * f_blocks, available
     * f_bfree * f_frsize (Java's unallocated space), allocation the difference.
     */
    PoolContents refresh() {
        List<VolumeInfo> vols = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(target)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (VolumeNames.hasControlChars(n)) {
                    continue;
                }
                VolumeInfo v = probe(n, p);
                if (v != null) {
                    vols.add(v);
                }
            }
        } catch (IOException e) {
            throw StorageErrors.system("cannot open directory '" + target + "'", e);
        }
        vols.sort(Comparator.comparing(VolumeInfo::name));
        return new PoolContents(vols, space());
    }

    /** The pool's sizes (statvfs of its directory). */
    PoolSpace space() {
        try {
            FileStore fs = Files.getFileStore(target);
            long capacity = fs.getTotalSpace();
            long available = fs.getUnallocatedSpace();
            return new PoolSpace(capacity, capacity - available, available);
        } catch (IOException e) {
            throw StorageErrors.system("cannot statvfs path '" + target + "'", e);
        }
    }

    /** libvirt's virStorageBackendDeleteLocal: rmdir (a pool with volumes in it fails). */
    void delete() {
        try {
            Files.delete(target);
        } catch (IOException e) {
            throw StorageErrors.system("failed to remove pool '" + target + "'", e);
        }
    }

    // ---------------------------------------------------------------- volumes

    /** The volume named {@code volName} as a refresh would see it, or libvirt's NO_STORAGE_VOL. */
    VolumeInfo volume(String volName) {
        Path p = VolumeNames.resolve(target, volName);
        VolumeInfo v = probe(volName, p);
        if (v == null) {
            throw StorageErrors.of(ErrorCode.NO_STORAGE_VOL, "no storage vol with matching path '" + p + "'");
        }
        return v;
    }

    /**
     * libvirt's virStorageBackendVolCreateLocal + BuildLocal: a raw file (sparse below its
     * allocation), a directory, or a qemu-img image.
     *
     * @param preallocMetadata libvirt's VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA
     */
    VolumeInfo createVolume(VolumeSpec spec, boolean preallocMetadata) {
        Path path = newVolumePath(spec.name());
        if (spec.format() == ImageFormat.DIR) {
            createDirVolume(path, spec);
        } else if (spec.format() == ImageFormat.RAW) {
            createRaw(path, spec, preallocMetadata, null);
        } else {
            createWithQemuImg(path, spec, () -> {
                checkBackingReadable(spec);
                qemuImg.create(path, spec, preallocMetadata);
            });
        }
        return created(spec);
    }

    /**
     * libvirt's virStorageBackendVolBuildFromLocal: a new volume holding {@code input}'s data. raw
     * to raw is copied here (storageBackendCreateRaw with an input: zero blocks skipped when the
     * new volume is sparse); any other pair goes through qemu-img convert. A capacity below the
     * input's is raised to it, as libvirt's storageVolCreateXMLFrom does.
     *
     * @param input the volume to copy (this pool's or another local one)
     */
    VolumeInfo cloneVolume(VolumeSpec spec, VolumeInfo input, boolean preallocMetadata) {
        VolumeSpec s = spec;
        if (s.capacity() < input.capacity()) {
            s = s.withCapacity(input.capacity(), s.allocation());
        }
        if (input.type() == VolumeInfo.Type.DIR || s.format() == ImageFormat.DIR) {
            throw StorageErrors.of(ErrorCode.INTERNAL_ERROR, "cannot copy from volume to a directory volume");
        }
        Path path = newVolumePath(s.name());
        Path in = Path.of(input.path());
        if (s.format() == ImageFormat.RAW && input.format() == ImageFormat.RAW) {
            createRaw(path, s, preallocMetadata, input);
        } else {
            VolumeSpec fs = s;
            if (preallocMetadata) {
                throw StorageErrors.of(ErrorCode.CONFIG_UNSUPPORTED, "metadata preallocation is not supported when converting");
            }
            createWithQemuImg(path, fs, () -> qemuImg.convert(in, input.format(), path, fs));
        }
        return created(s);
    }

    /** libvirt's virStorageBackendVolDeleteLocal: unlink (an already gone file is no error). */
    void deleteVolume(String volName) {
        Path p = VolumeNames.resolve(target, volName);
        boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw StorageErrors.system((dir ? "cannot remove directory '" : "cannot unlink file '") + p + "'", e);
        }
    }

    /** libvirt's virStorageBackendVolWipeLocal over the volume's allocation. */
    void wipeVolume(String volName, WipeAlgorithm algorithm) {
        VolumeInfo v = volume(volName);
        io.wipe(Path.of(v.path()), false, algorithm, v.allocation());
    }

    /**
     * libvirt's virStorageBackendVolResizeLocal (and the driver's checks before it): a smaller
     * capacity only with {@code shrink}; raw files are truncated (and with {@code allocate} the new
     * part allocated), other formats resized by qemu-img.
     */
    void resizeVolume(String volName, long capacity, boolean allocate, boolean shrink) {
        VolumeInfo v = volume(volName);
        Path p = Path.of(v.path());
        refuseLink(p);
        if (capacity < v.capacity() && !shrink) {
            throw StorageErrors.of(ErrorCode.INVALID_ARG,
                "Can't shrink capacity below current capacity unless shrink flag explicitly specified");
        }
        if (v.format() == ImageFormat.RAW) {
            try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
                long old = f.length();
                if (allocate && capacity > old) {
                    io.allocate(p, old, capacity - old);
                }
                f.setLength(capacity);
                f.getFD().sync();
            } catch (IOException e) {
                throw StorageErrors.system("Failed to truncate file '" + p + "'", e);
            }
        } else {
            if (allocate) {
                throw StorageErrors.of(ErrorCode.OPERATION_UNSUPPORTED, "preallocate is only supported for raw type volume");
            }
            qemuImg.resize(p, v.format(), v.capacity(), capacity);
        }
    }

    /** libvirt's virStorageBackendVolUploadLocal: the stream written into the existing file. */
    long upload(String volName, InputStream in, long offset, long length) {
        Path p = existingVolume(volName);
        return io.upload(p, false, in, offset, length);
    }

    /** libvirt's virStorageBackendVolDownloadLocal. */
    long download(String volName, OutputStream out, long offset, long length) {
        Path p = existingVolume(volName);
        return io.download(p, false, out, offset, length);
    }

    /** An upload as a stream to write (the SPI's shape): see {@link LocalVolumeIo#openWrite}. */
    OutputStream openUpload(String volName, long offset, long length) {
        return io.openWrite(existingVolume(volName), false, offset, length);
    }

    /** A download as a stream to read (the SPI's shape): see {@link LocalVolumeIo#openRead}. */
    InputStream openDownload(String volName, long offset, long length) {
        return openDownload(volName, offset, length, false);
    }

    /** The same; {@code sparse} (SPARSE_STREAM): a regular file's holes are told ({@link SparseFileInput}). */
    InputStream openDownload(String volName, long offset, long length, boolean sparse) {
        return io.openRead(existingVolume(volName), false, offset, length, sparse);
    }

    // ---------------------------------------------------------------- helpers

    /** The volume just made, read back in the format it was made in. */
    private VolumeInfo created(VolumeSpec spec) {
        VolumeInfo v = probe(spec.name(), target.resolve(spec.name()), spec.format());
        if (v == null) {
            throw StorageErrors.of(ErrorCode.SYSTEM_ERROR, "cannot find newly created volume '" + target.resolve(spec.name()) + "'");
        }
        return v;
    }

    /** A new volume's path: a checked name whose path does not exist yet (not even as a dangling link). */
    private Path newVolumePath(String volName) {
        Path path = VolumeNames.resolve(target, volName);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID, "volume target path '" + path + "' already exists");
        }
        return path;
    }

    private Path existingVolume(String volName) {
        Path p = VolumeNames.resolve(target, volName);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isSymbolicLink(p)) {
                throw StorageErrors.of(ErrorCode.OPERATION_INVALID, "volume '" + p + "' is a symbolic link");
            }
            throw StorageErrors.of(ErrorCode.NO_STORAGE_VOL, "no storage vol with matching path '" + p + "'");
        }
        return p;
    }

    private static void refuseLink(Path p) {
        if (Files.isSymbolicLink(p)) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID, "volume '" + p + "' is a symbolic link");
        }
    }

    private void createDirVolume(Path path, VolumeSpec spec) {
        if (spec.hasBacking()) {
            throw StorageErrors.of(ErrorCode.NO_SUPPORT, "backing storage not supported for directories volumes");
        }
        int mode = spec.permissions().modeOr(DEFAULT_VOL_MODE);
        try {
            Files.createDirectory(path, PosixFilePermissions.asFileAttribute(Permissions.toSet(mode)));
        } catch (IOException e) {
            throw StorageErrors.system("failed to create directory '" + path + "'", e);
        }
        try {
            spec.permissions().apply(path, mode);
        } catch (IOException e) {
            removeQuietly(path);
            throw StorageErrors.system("cannot set permissions of '" + path + "'", e);
        }
    }

    /** The new file, made with O_EXCL and the volume's permissions (owner, group, exact mode). */
    private void createFile(Path path, VolumeSpec spec) {
        int mode = spec.permissions().modeOr(DEFAULT_VOL_MODE);
        try {
            Files.newByteChannel(path, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(Permissions.toSet(mode))).close();
        } catch (IOException e) {
            throw StorageErrors.system("Failed to create file '" + path + "'", e);
        }
        try {
            spec.permissions().apply(path, mode);
        } catch (IOException e) {
            removeQuietly(path);
            throw StorageErrors.system("cannot set permissions of '" + path + "'", e);
        }
    }

    private interface Step {
        void run();
    }

    /** Creates the file, then lets qemu-img write it; on any failure the file is removed. */
    private void createWithQemuImg(Path path, VolumeSpec spec, Step qemuImgStep) {
        createFile(path, spec);
        try {
            qemuImgStep.run();
        } catch (RuntimeException e) {
            removeQuietly(path);
            throw e;
        }
    }

    /** libvirt's storageBackendCreateRaw / createRawFile. */
    private void createRaw(Path path, VolumeSpec spec, boolean preallocMetadata, VolumeInfo input) {
        if (preallocMetadata) {
            throw StorageErrors.of(ErrorCode.CONFIG_UNSUPPORTED, "metadata preallocation is not supported for raw volumes");
        }
        if (spec.hasBacking()) {
            throw StorageErrors.of(ErrorCode.NO_SUPPORT, "backing storage not supported for raw volumes");
        }
        createFile(path, spec);
        try {
            // a clone is sparse when its allocation is below the input's capacity
            boolean needAlloc = input == null || spec.allocation() >= input.capacity();
            try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
                f.setLength(spec.capacity());
            }
            long alloc = Math.min(spec.allocation(), spec.capacity());
            if (needAlloc && alloc > 0) {
                io.allocate(path, 0, alloc);
            }
            if (input != null) {
                // the new file reads as zeros everywhere (holes or fresh fallocated extents): zero chunks need no write
                copyInto(Path.of(input.path()), input.capacity(), path, true);
            }
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ch.force(true);
            }
        } catch (IOException e) {
            removeQuietly(path);
            throw StorageErrors.system("cannot fill file '" + path + "'", e);
        } catch (RuntimeException e) {
            removeQuietly(path);
            throw e;
        }
    }

    /**
     * libvirt's virStorageBackendCopyToFD: {@code length} bytes of {@code from} into {@code to};
     * all-zero chunks are skipped when the target may stay sparse there (its holes already read
     * as zeros).
     */
    private static void copyInto(Path from, long length, Path to, boolean skipZeros) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buf = ByteBuffer.allocate(COPY_CHUNK);
            long pos = 0;
            while (pos < length) {
                buf.clear();
                buf.limit((int) Math.min(COPY_CHUNK, length - pos));
                int n = in.read(buf, pos);
                if (n <= 0) {
                    break;
                }
                buf.flip();
                if (!(skipZeros && allZero(buf))) {
                    long at = pos;
                    while (buf.hasRemaining()) {
                        at += out.write(buf, at);
                    }
                }
                pos += n;
            }
        }
    }

    private static boolean allZero(ByteBuffer b) {
        for (int i = b.position(); i < b.limit(); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** libvirt's "inaccessible backing store volume" check (a relative path is the pool's). */
    private void checkBackingReadable(VolumeSpec spec) {
        if (!spec.hasBacking()) {
            return;
        }
        QemuImg.checkBackingName(spec.backingPath());
        Path b = target.resolve(spec.backingPath());
        if (!Files.isReadable(b)) {
            throw StorageErrors.system("inaccessible backing store volume " + spec.backingPath(),
                new NoSuchFileException(b.toString()));
        }
    }

    /**
     * One directory entry as a volume, or null for what libvirt's refresh skips. The format is
     * probed by qemu-img (as libvirt probes); a file qemu-img cannot read is listed as raw with
     * its stat sizes rather than failing the whole pool.
     */
    private VolumeInfo probe(String volName, Path p) {
        return probe(volName, p, knownFormats.apply(volName));
    }

    private VolumeInfo probe(String volName, Path p, ImageFormat knownFormat) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class); // follows links, as libvirt's open does
        } catch (IOException e) {
            return null; // gone, or a dangling link
        }
        String path = p.toString();
        if (a.isDirectory()) {
            return new VolumeInfo(volName, path, path, VolumeInfo.Type.DIR, ImageFormat.DIR, a.size(), a.size(),
                null, null, false);
        }
        if (!a.isRegularFile()) {
            return null;
        }
        try {
            ImageFormat known = knownFormat;
            if (known == ImageFormat.DIR) {
                known = null;
            }
            ImageInfo i = qemuImg.info(p, known);
            // a raw file's capacity is its size (libvirt's stat); qemu-img rounds it up to 512
            long capacity = i.format() == ImageFormat.RAW ? a.size() : i.capacity();
            return new VolumeInfo(volName, path, path, VolumeInfo.Type.FILE, i.format(), capacity, i.allocation(),
                i.backingFile(), i.backingFormat(), false);
        } catch (VirtException e) {
            return new VolumeInfo(volName, path, path, VolumeInfo.Type.FILE, ImageFormat.RAW, a.size(), a.size(),
                null, null, false);
        }
    }

    private static void removeQuietly(Path p) {
        try {
            Files.deleteIfExists(p); // a file, or the empty directory this call made
        } catch (IOException e) {
            // the original error is the one to report
        }
    }
}
