package io.jvirt.driver.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.StorageVolType;
import io.jvirt.api.storage.StoragePermissions;
import io.jvirt.api.storage.StoragePoolDef;
import io.jvirt.api.storage.StoragePoolType;
import io.jvirt.api.storage.StorageVolDef;

/**
 * Between the public volume XML model ({@link StorageVolDef}) and the backends' own values: a
 * definition to create becomes a {@link VolumeSpec}; what a refresh found ({@link VolumeInfo})
 * becomes the definition libvirt's vol-dumpxml shows, with the target's permissions and timestamps
 * as stat gives them (libvirt's virStorageBackendUpdateVolTargetInfoFD).
 */
final class VolumeDefs {

    private VolumeDefs() {
    }

    /** The backends' view of a volume to create in {@code pool}. */
    static VolumeSpec toSpec(StoragePoolDef pool, StorageVolDef vol) {
        StorageVolDef.Target t = vol.target();
        if (t.encryption() != null) {
            throw StorageErrors.of(ErrorCode.CONFIG_UNSUPPORTED,
                "encrypted volumes are not supported by this storage driver (no secret driver)");
        }
        ImageFormat format = pool.type() == StoragePoolType.LOGICAL ? ImageFormat.RAW : format(t.format());
        String backingPath = null;
        ImageFormat backingFormat = null;
        if (vol.backingStore() != null && vol.backingStore().path() != null) {
            backingPath = vol.backingStore().path();
            backingFormat = vol.backingStore().format() == null ? null : format(vol.backingStore().format());
        }
        boolean lazy = t.features() != null && t.features().contains("lazy_refcounts");
        try {
            return new VolumeSpec(vol.name(), format, vol.capacity(), vol.allocation(), backingPath, backingFormat,
                t.compat(), t.clusterSize(), lazy, LinuxStorageBackend.permissions(t.permissions()));
        } catch (IllegalArgumentException e) {
            throw StorageErrors.of(ErrorCode.XML_ERROR, e.getMessage());
        }
    }

    private static ImageFormat format(String name) {
        if (name == null) {
            return ImageFormat.RAW;
        }
        ImageFormat f = ImageFormat.fromXml(name);
        if (f == null) {
            throw StorageErrors.of(ErrorCode.INTERNAL_ERROR, "unknown storage vol type " + name);
        }
        return f;
    }

    /** The volume definition of what a refresh found in {@code pool}. */
    static StorageVolDef toDef(StoragePoolDef pool, VolumeInfo v) {
        boolean logical = pool.type() == StoragePoolType.LOGICAL;
        StorageVolType type = switch (v.type()) {
            case FILE -> StorageVolType.FILE;
            case BLOCK -> StorageVolType.BLOCK;
            case DIR -> StorageVolType.DIR;
        };
        Stat st = stat(Path.of(v.path()));
        StorageVolDef.Target target = new StorageVolDef.Target(v.path(), logical ? null : v.format().xmlName(),
            st.permissions(), st.timestamps(), null, null, false, 0, null);
        StorageVolDef.Target backing = v.backingPath() == null ? null
            : StorageVolDef.Target.of(v.backingPath(), logical ? null : (v.backingFormat() == null ? "raw" : v.backingFormat().xmlName()));
        // a file's physical size is its length on the host (libvirt's st_size); an LV's is its size
        long physical = v.type() == VolumeInfo.Type.FILE && st.size() >= 0 ? st.size() : v.allocation();
        return new StorageVolDef(v.name(), v.key(), type, v.capacity(), v.allocation(), true, physical, null, target, backing);
    }

    private record Stat(StoragePermissions permissions, StorageVolDef.Timestamps timestamps, long size) {
    }

    /** The target's mode, owner, group and times (following links, as libvirt's open does); unknown parts left out. */
    private static Stat stat(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastAccessTime,lastModifiedTime,ctime");
            StoragePermissions perms = new StoragePermissions(((Integer) a.get("mode")) & 0777,
                ((Integer) a.get("uid")).longValue() & 0xFFFF_FFFFL, ((Integer) a.get("gid")).longValue() & 0xFFFF_FFFFL, null);
            StorageVolDef.Timestamps ts = new StorageVolDef.Timestamps(time(a.get("lastAccessTime")),
                time(a.get("lastModifiedTime")), time(a.get("ctime")), null);
            return new Stat(perms, ts, (Long) a.get("size"));
        } catch (IOException | RuntimeException e) {
            return new Stat(StoragePermissions.NONE, null, -1);
        }
    }

    private static StorageVolDef.Timestamp time(Object o) {
        if (!(o instanceof FileTime t)) {
            return null;
        }
        long nanos = t.to(TimeUnit.NANOSECONDS);
        return new StorageVolDef.Timestamp(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
