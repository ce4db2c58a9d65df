package io.jvirt.driver.storage;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.StoragePoolBuildFlag;
import io.jvirt.api.StorageVolCreateFlag;
import io.jvirt.api.StorageVolDownloadFlag;
import io.jvirt.api.StorageVolResizeFlag;
import io.jvirt.api.VirtException;
import io.jvirt.api.storage.StoragePermissions;
import io.jvirt.api.storage.StoragePoolDef;
import io.jvirt.api.storage.StoragePoolType;
import io.jvirt.api.storage.StorageVolDef;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.kit.storage.StorageBackend;
import io.jvirt.core.kit.storage.StoragePoolContents;

/**
 * The Linux half of libvirt's storage driver under the kit's
 * {@link io.jvirt.core.kit.storage.StorageHost}: libvirt's backend table
 * (virStorageBackendForType) with the backends jvirt runs, the directory pool ({@link DirPool}),
 * the file system pool ({@link FsPool}: a device mounted on a directory pool) and the LVM volume
 * group ({@link LogicalPool}); every other pool type is refused when it is defined, with libvirt's
 * "missing backend for pool type" (netfs included: it mounts a network share, and no NFS server
 * is at hand to test it against). It translates between the public XML model
 * ({@link StoragePoolDef}, {@link StorageVolDef}) and the backends' own values
 * ({@link VolumeSpec}, {@link VolumeInfo}), checks each backend's flags as libvirt's backend
 * functions do, remembers the format each volume was made in ({@link KnownFormats}, so guest-written
 * data is never probed for a format the volume does not have), and refuses to delete a volume a
 * process (a running guest) holds open ({@link VolumeHolders}).
 */
final class LinuxStorageBackend implements StorageBackend {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxStorageBackend.class);

    private final StorageTools tools;
    private final long quickMs;
    private final KnownFormats formats;
    private final MountTable mounts = new MountTable();

    /**
     * @param tools   qemu-img and the local I/O with their timeouts
     * @param quickMs the timeout of a metadata command (LVM's)
     * @param formats the formats of the volumes this driver made
     */
    LinuxStorageBackend(StorageTools tools, long quickMs, KnownFormats formats) {
        this.tools = tools;
        this.quickMs = quickMs;
        this.formats = formats;
    }

    // ---------------------------------------------------------------- pools

    @Override
    public StoragePoolDef prepare(StoragePoolDef def, Collection<StoragePoolDef> others) {
        switch (def.type()) {
            case DIR -> {
                if (def.targetPath() == null || !def.targetPath().startsWith("/")) {
                    throw StorageErrors.of(ErrorCode.INVALID_ARG, "path '" + def.targetPath() + "' is not absolute");
                }
                permissions(def.target().permissions());
            }
            case FS -> {
                if (def.targetPath() == null || !def.targetPath().startsWith("/")) {
                    throw StorageErrors.of(ErrorCode.INVALID_ARG, "path '" + def.targetPath() + "' is not absolute");
                }
                permissions(def.target().permissions());
                for (StoragePoolDef.Device d : def.source().devices()) {
                    FsPool.checkDevicePath(d.path());
                }
                if (!def.mountOptions().isEmpty()) {
                    // libvirt's virStorageBackendFileSystemMountAddOptions warns so
                    LOG.warn("Storage Pool name='{}' uuid='{}' is tainted by custom mount_opts from XML", def.name(), def.uuid());
                }
            }
            case LOGICAL -> {
                Lvm.checkName("volume group", def.source().name());
                for (StoragePoolDef.Device d : def.source().devices()) {
                    Lvm.checkDevice(d.path());
                }
            }
            default -> throw missingBackend(def.type());
        }
        return def;
    }

    /** libvirt's virStorageBackendForType failure. */
    static VirtException missingBackend(StoragePoolType type) {
        return StorageErrors.of(ErrorCode.INTERNAL_ERROR,
            "missing backend for pool type " + type.number() + " (" + type.label() + ")");
    }

    @Override
    public boolean isRunning(StoragePoolDef def) {
        try {
            return switch (def.type()) {
                case DIR -> dir(def).isActive();
                case FS -> fs(def).isActive();
                case LOGICAL -> logical(def).isActive();
                default -> false;
            };
        } catch (VirtException e) {
            return false;
        }
    }

    @Override
    public void buildPool(StoragePoolDef def, int flags) {
        int allowed = StoragePoolBuildFlag.OVERWRITE.bit() | StoragePoolBuildFlag.NO_OVERWRITE.bit();
        boolean overwrite = (flags & StoragePoolBuildFlag.OVERWRITE.bit()) != 0;
        boolean noOverwrite = (flags & StoragePoolBuildFlag.NO_OVERWRITE.bit()) != 0;
        switch (def.type()) {
            case DIR -> {
                checkFlags(flags, allowed, "virStorageBackendFileSystemBuild");
                dir(def).build(overwrite, noOverwrite);
            }
            case FS -> {
                checkFlags(flags, allowed, "virStorageBackendFileSystemBuild");
                fs(def).build(overwrite, noOverwrite);
            }
            case LOGICAL -> {
                checkFlags(flags, allowed, "virStorageBackendLogicalBuildPool");
                logical(def).build(overwrite, noOverwrite);
            }
            default -> throw missingBackend(def.type());
        }
    }

    @Override
    public void startPool(StoragePoolDef def) {
        switch (def.type()) {
            case DIR -> dir(def).start();
            case FS -> fs(def).start();
            case LOGICAL -> logical(def).start();
            default -> throw missingBackend(def.type());
        }
    }

    @Override
    public void stopPool(StoragePoolDef def) {
        if (def.type() == StoragePoolType.LOGICAL) {
            logical(def).stop();
        } else if (def.type() == StoragePoolType.FS) {
            fs(def).stop();
        }
        // a directory pool has nothing to undo (libvirt's dir backend has no stopPool)
    }

    @Override
    public void deletePool(StoragePoolDef def, int flags) {
        switch (def.type()) {
            case DIR, FS -> {
                checkFlags(flags, 0, "virStorageBackendDeleteLocal");
                dir(def).delete();
            }
            case LOGICAL -> {
                checkFlags(flags, 0, "virStorageBackendLogicalDeletePool");
                logical(def).delete();
            }
            default -> throw missingBackend(def.type());
        }
        formats.forgetPool(def.name());
    }

    @Override
    public StoragePoolContents refreshPool(StoragePoolDef def) {
        PoolContents c = switch (def.type()) {
            case DIR, FS -> dir(def).refresh();
            case LOGICAL -> logical(def).refresh();
            default -> throw missingBackend(def.type());
        };
        List<StorageVolDef> vols = new ArrayList<>();
        for (VolumeInfo v : c.volumes()) {
            vols.add(VolumeDefs.toDef(def, v));
        }
        formats.retain(def.name(), c.volumes().stream().map(VolumeInfo::name).toList());
        return new StoragePoolContents(c.space().capacity(), c.space().allocation(), c.space().available(), vols);
    }

    // ---------------------------------------------------------------- volumes

    @Override
    public StorageVolDef createVolume(StoragePoolDef pool, StorageVolDef vol, int flags) {
        VolumeSpec spec = VolumeDefs.toSpec(pool, vol);
        boolean prealloc = (flags & StorageVolCreateFlag.PREALLOC_METADATA.bit()) != 0;
        VolumeInfo made = switch (pool.type()) {
            case DIR, FS -> {
                VolumeInfo v = dir(pool).createVolume(spec, prealloc);
                formats.remember(pool.name(), v.name(), spec.format());
                yield v;
            }
            // libvirt's logical backend has no buildVol: PREALLOC_METADATA changes nothing there
            case LOGICAL -> logical(pool).createVolume(spec);
            default -> throw missingBackend(pool.type());
        };
        return VolumeDefs.toDef(pool, made);
    }

    @Override
    public StorageVolDef cloneVolume(StoragePoolDef pool, StorageVolDef vol, StoragePoolDef sourcePool,
                                     StorageVolDef source, int flags) {
        if ((flags & StorageVolCreateFlag.REFLINK.bit()) != 0) {
            // libvirt clones raw files with FICLONE then; the backends here copy
            throw StorageErrors.of(ErrorCode.OPERATION_UNSUPPORTED, "reflink copies are not supported by this storage driver");
        }
        VolumeSpec spec = VolumeDefs.toSpec(pool, vol);
        VolumeInfo input = volumeInfo(sourcePool, source.name());
        boolean prealloc = (flags & StorageVolCreateFlag.PREALLOC_METADATA.bit()) != 0;
        VolumeInfo made = switch (pool.type()) {
            case DIR, FS -> {
                VolumeInfo v = dir(pool).cloneVolume(spec, input, prealloc);
                formats.remember(pool.name(), v.name(), spec.format());
                yield v;
            }
            case LOGICAL -> {
                if (prealloc) {
                    throw noPreallocation();
                }
                yield logical(pool).cloneVolume(spec, input);
            }
            default -> throw missingBackend(pool.type());
        };
        return VolumeDefs.toDef(pool, made);
    }

    @Override
    public void deleteVolume(StoragePoolDef pool, StorageVolDef vol, int flags) {
        checkFlags(flags, 0, pool.type() == StoragePoolType.LOGICAL ? "virStorageBackendLogicalDeleteVol"
            : "virStorageBackendVolDeleteLocal");
        VolumeHolders.refuseIfHeld(vol.name(), vol.target().path());
        switch (pool.type()) {
            case DIR, FS -> dir(pool).deleteVolume(vol.name());
            case LOGICAL -> logical(pool).deleteVolume(vol.name());
            default -> throw missingBackend(pool.type());
        }
        formats.forget(pool.name(), vol.name());
    }

    @Override
    public StorageVolDef refreshVolume(StoragePoolDef pool, StorageVolDef vol) {
        return VolumeDefs.toDef(pool, volumeInfo(pool, vol.name()));
    }

    @Override
    public void resizeVolume(StoragePoolDef pool, StorageVolDef vol, long capacity, int flags) {
        boolean allocate = (flags & StorageVolResizeFlag.ALLOCATE.bit()) != 0;
        boolean shrink = (flags & StorageVolResizeFlag.SHRINK.bit()) != 0;
        checkFlags(flags, StorageVolResizeFlag.ALLOCATE.bit() | StorageVolResizeFlag.SHRINK.bit(),
            pool.type() == StoragePoolType.LOGICAL ? "virStorageBackendLogicalResizeVol" : "virStorageBackendVolResizeLocal");
        switch (pool.type()) {
            case DIR, FS -> dir(pool).resizeVolume(vol.name(), capacity, allocate, shrink);
            // a (non-sparse) LV is allocated whole: ALLOCATE changes nothing
            case LOGICAL -> logical(pool).resizeVolume(vol.name(), capacity, shrink);
            default -> throw missingBackend(pool.type());
        }
    }

    @Override
    public void wipeVolume(StoragePoolDef pool, StorageVolDef vol, int algorithm, int flags) {
        WipeAlgorithm a = WipeAlgorithm.ofNumber(algorithm);
        if (a == null) {
            throw StorageErrors.of(ErrorCode.INVALID_ARG, "wiping algorithm " + algorithm + " not supported");
        }
        switch (pool.type()) {
            case DIR, FS -> {
                checkFlags(flags, 0, "virStorageBackendVolWipeLocal");
                dir(pool).wipeVolume(vol.name(), a);
            }
            case LOGICAL -> {
                checkFlags(flags, 0, "virStorageBackendVolWipeLocal");
                logical(pool).wipeVolume(vol.name(), a);
            }
            default -> throw missingBackend(pool.type());
        }
    }

    @Override
    public InputStream download(StoragePoolDef pool, StorageVolDef vol, long offset, long length, int flags) {
        return switch (pool.type()) {
            // SPARSE_STREAM: a file volume's holes travel as holes; an LV is a block device, all data (as libvirt's)
            case DIR, FS -> dir(pool).openDownload(vol.name(), offset, length,
                (flags & StorageVolDownloadFlag.SPARSE_STREAM.bit()) != 0);
            case LOGICAL -> logical(pool).openDownload(vol.name(), offset, length);
            default -> throw missingBackend(pool.type());
        };
    }

    @Override
    public OutputStream upload(StoragePoolDef pool, StorageVolDef vol, long offset, long length, int flags) {
        return switch (pool.type()) {
            case DIR, FS -> dir(pool).openUpload(vol.name(), offset, length);
            case LOGICAL -> logical(pool).openUpload(vol.name(), offset, length);
            default -> throw missingBackend(pool.type());
        };
    }

    // ---------------------------------------------------------------- helpers

    /** A volume of a pool as its storage shows it now (a clone's input is read fresh, not from the last refresh). */
    private VolumeInfo volumeInfo(StoragePoolDef pool, String name) {
        return switch (pool.type()) {
            case DIR, FS -> dir(pool).volume(name);
            case LOGICAL -> logical(pool).volume(name);
            default -> throw missingBackend(pool.type());
        };
    }

    DirPool dir(StoragePoolDef def) {
        return tools.dirPool(def.name(), Path.of(def.targetPath()), permissions(def.target().permissions()),
            formats.of(def.name()));
    }

    FsPool fs(StoragePoolDef def) {
        List<String> devices = def.source().devices().stream().map(StoragePoolDef.Device::path).toList();
        return new FsPool(def.name(), devices, def.source().format(), def.mountOptions(), dir(def), tools, mounts);
    }

    LogicalPool logical(StoragePoolDef def) {
        List<String> devices = def.source().devices().stream().map(StoragePoolDef.Device::path).toList();
        Lvm lvm = new Lvm(quickMs, StorageTools.SLOW_TIMEOUT_MS, devices, !Lvm.udevRunning(), Lvm.deviceMapperPresent());
        return new LogicalPool(def.name(), def.source().name(), lvm, tools);
    }

    /** The XML's permissions as the backends take them; modes beyond 0777 (set-id, sticky) are refused. */
    static Permissions permissions(StoragePermissions p) {
        if (p == null) {
            return Permissions.UNSET;
        }
        try {
            return new Permissions(p.mode() == null ? -1 : p.mode(), p.owner() == null ? -1 : p.owner(),
                p.group() == null ? -1 : p.group());
        } catch (IllegalArgumentException e) {
            throw StorageErrors.of(ErrorCode.CONFIG_UNSUPPORTED, "permissions not supported: " + e.getMessage());
        }
    }

    private static void checkFlags(int flags, int allowed, String function) {
        DriverConnection.checkFlags(flags, allowed, ErrorDomain.STORAGE, function);
    }

    private static VirtException noPreallocation() {
        // libvirt's storageBackendCreateBlockFrom, said before the LV is made rather than after
        return StorageErrors.of(ErrorCode.CONFIG_UNSUPPORTED, "metadata preallocation is not supported for block volumes");
    }
}
