package io.jvirt.driver.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.jvirt.api.ErrorCode;

/**
 * libvirt's file system pool backend (virStorageBackendFileSystem in storage_backend_fs.c, with
 * storage_util.c's mount command) for one pool: a device (a block device or an image file) holding
 * a file system, mounted on the pool's target directory. Once mounted the pool is a directory pool:
 * its directory, refresh, deletion and every volume call are the {@link DirPool}'s.
 *
 * <p>What libvirt does, done the same way: build makes the directory and runs mkfs only with
 * OVERWRITE, or with NO_OVERWRITE after blkid found nothing on the device; start mounts with
 * libvirt's argv ({@code mount -o nodev,nosuid,noexec[,fs:mount_opts] -t FORMAT DEVICE TARGET},
 * {@code -t auto} included: libvirt drops -t only for netfs) unless the device is mounted there
 * already; stop unmounts ({@code umount TARGET}) only when it is mounted there.
 *
 * <p>Refused here where libvirt would go on (jvirt runs as root on definitions it must not trust):
 * a device path that is not a plain absolute path, a device that is neither a block device nor a
 * regular file, a target reached through a symbolic link (the mount would land elsewhere), a
 * target on which something else is mounted (libvirt would mount on top of it), a device mounted
 * somewhere else already (libvirt would mount it a second time), and a mounted device given to mkfs.
 */
final class FsPool {

    /** libvirt's default_mount_opts on Linux. */
    static final String DEFAULT_MOUNT_OPTIONS = "nodev,nosuid,noexec";

    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;

    private final String name;
    private final List<String> devices;
    private final String format;
    private final List<String> mountOptions;
    private final DirPool dir;
    private final StorageTools tools;
    private final MountTable mounts;

    /**
     * @param name         the pool's name (for libvirt's messages)
     * @param devices      the pool's {@code <source><device path>}s (exactly one is valid)
     * @param format       {@code <source><format type>}: a file system type libvirt knows, or auto
     * @param mountOptions the {@code <fs:mount_opts>} option names
     * @param dir          the directory pool on the target
     */
    FsPool(String name, List<String> devices, String format, List<String> mountOptions, DirPool dir,
           StorageTools tools, MountTable mounts) {
        this.name = Objects.requireNonNull(name, "name");
        this.devices = List.copyOf(devices);
        this.format = Objects.requireNonNull(format, "format");
        this.mountOptions = List.copyOf(mountOptions);
        this.dir = Objects.requireNonNull(dir, "dir");
        this.tools = Objects.requireNonNull(tools, "tools");
        this.mounts = Objects.requireNonNull(mounts, "mounts");
    }

    DirPool dir() {
        return dir;
    }

    /** A device path as a definition may name it: absolute, normalized, without control characters. */
    static void checkDevicePath(String device) {
        if (device == null || !device.startsWith("/") || VolumeNames.hasControlChars(device)
            || !Path.of(device).normalize().toString().equals(device)) {
            throw StorageErrors.of(ErrorCode.INVALID_ARG, "source device path '" + device + "' is not a plain absolute path");
        }
    }

    // ---------------------------------------------------------------- pool

    /**
     * libvirt's virStorageBackendFileSystemBuild for an fs pool: the directory (libvirt's
     * virStorageBackendBuildLocal); with OVERWRITE or NO_OVERWRITE also the file system
     * (virStorageBackendMakeFileSystem).
     */
    void build(boolean overwrite, boolean noOverwrite) {
        StorageErrors.refuseBothBuildFlags(overwrite, noOverwrite);
        dir.buildDirectory();
        if (!overwrite && !noOverwrite) {
            return;
        }
        if (devices.isEmpty()) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID, "No source device specified when formatting pool '" + name + "'");
        }
        String device = devices.get(0);
        checkDevicePath(device);
        if (!Files.exists(Path.of(device))) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID, "Source device does not exist when formatting pool '" + name + "'");
        }
        requireBlockOrRegular(device);
        List<MountTable.Mount> used = mounts.of(device);
        if (!used.isEmpty()) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID,
                "Source device '" + device + "' is mounted on '" + used.get(0).dir() + "'");
        }
        if (noOverwrite) {
            new BlockProbe(tools.quick()).requireEmpty(device, format);
        }
        tools.slow().run(mkfsArgv(device));
    }

    /** libvirt's virStorageBackendExecuteMKFS: mkfs -t FORMAT, the flag that lets it overwrite, the device. */
    List<String> mkfsArgv(String device) {
        List<String> argv = new ArrayList<>(List.of(SystemPrograms.find("mkfs"), "-t", format));
        switch (format) {
            case "xfs" -> argv.add("-f");
            case "ext2", "ext3", "ext4" -> argv.add("-F");
            case "vfat" -> argv.add("-I");
            default -> {
            }
        }
        argv.add(device);
        return argv;
    }

    /** libvirt's virStorageBackendFileSystemCheck: active when the device is mounted on the target. */
    boolean isActive() {
        requireOneDevice();
        return mountedHere();
    }

    /** libvirt's virStorageBackendFileSystemMount: mounts the device unless it is mounted there already. */
    void start() {
        requireOneDevice();
        if (mountedHere()) {
            return;
        }
        String device = devices.get(0);
        checkDevicePath(device);
        if (Files.exists(Path.of(device))) {
            requireBlockOrRegular(device); // a missing one: mount's own error, as libvirt reports it
        }
        Path target = plainTarget();
        MountTable.Mount there = mounts.on(target);
        if (there != null) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID,
                "Target '" + target + "' is already mounted from '" + there.fsname() + "'");
        }
        List<MountTable.Mount> elsewhere = mounts.of(device);
        if (!elsewhere.isEmpty()) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID,
                "Source device '" + device + "' is already mounted on '" + elsewhere.get(0).dir() + "'");
        }
        tools.quick().run(mountArgv(device, target));
        if (!mountedHere()) {
            // mounted, yet not seen as this pool's mount: undone, else stop would never unmount it
            tools.quick().call(List.of(SystemPrograms.find("umount"), target.toString()));
            throw StorageErrors.of(ErrorCode.INTERNAL_ERROR,
                "cannot find the mount of '" + device + "' on '" + target + "' after mounting it");
        }
    }

    /** libvirt's virStorageBackendFileSystemMountCmd for an fs pool. */
    List<String> mountArgv(String device, Path target) {
        StringBuilder opts = new StringBuilder(DEFAULT_MOUNT_OPTIONS);
        for (String o : mountOptions) {
            opts.append(',').append(o); // libvirt taints the pool then; logged by the driver
        }
        return List.of(SystemPrograms.find("mount"), "-o", opts.toString(), "-t", format, device, target.toString());
    }

    /** libvirt's virStorageBackendFileSystemStop: umount TARGET when the device is mounted there. */
    void stop() {
        requireOneDevice();
        if (!mountedHere()) {
            return;
        }
        tools.quick().run(List.of(SystemPrograms.find("umount"), dir.target().toString()));
    }

    /** libvirt's virStorageBackendRefreshLocal on the mounted directory. */
    PoolContents refresh() {
        return dir.refresh();
    }

    /** libvirt's virStorageBackendDeleteLocal (the pool is inactive: the directory, unmounted). */
    void delete() {
        dir.delete();
    }

    // ---------------------------------------------------------------- helpers

    /** Whether the mount on top of the target is this pool's device. */
    private boolean mountedHere() {
        MountTable.Mount m = mounts.on(dir.target());
        return m != null && mounts.sameSource(m.fsname(), devices.get(0));
    }

    /** libvirt's virStorageBackendFileSystemIsValid for an fs pool. */
    private void requireOneDevice() {
        if (devices.size() == 1) {
            return;
        }
        if (devices.isEmpty()) {
            throw StorageErrors.of(ErrorCode.INTERNAL_ERROR, "missing source device");
        }
        throw StorageErrors.of(ErrorCode.CONFIG_UNSUPPORTED, "expected exactly 1 device for the storage pool");
    }

    /**
     * The target as a directory reached without a symbolic link: a link anywhere on the way would
     * let a definition mount over a directory it does not name.
     */
    private Path plainTarget() {
        Path target = dir.target();
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isSymbolicLink(target)) {
                throw StorageErrors.of(ErrorCode.OPERATION_INVALID, "Target '" + target + "' is a symbolic link");
            }
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID, "Target '" + target + "' is not a directory");
        }
        try {
            Path real = target.toRealPath();
            if (!real.equals(target)) {
                throw StorageErrors.of(ErrorCode.OPERATION_INVALID,
                    "Target '" + target + "' resolves to '" + real + "' through a symbolic link");
            }
            return real;
        } catch (IOException e) {
            throw StorageErrors.system("cannot resolve '" + target + "'", e);
        }
    }

    private static void requireBlockOrRegular(String device) {
        Path p = Path.of(device);
        if (Files.isRegularFile(p)) {
            return;
        }
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            if ((mode & S_IFMT) == S_IFBLK) {
                return;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // fall through to the refusal
        }
        throw StorageErrors.of(ErrorCode.OPERATION_INVALID,
            "Source device '" + device + "' is neither a block device nor a regular file");
    }
}
