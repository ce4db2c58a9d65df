package io.jvirt.driver.storage;

import java.util.Objects;

/**
 * A volume to create, as libvirt's volume XML describes it (the parts the backends use).
 *
 * @param name          the volume's name in its pool
 * @param format        the file format (logical volumes: RAW)
 * @param capacity      the size the guest sees, in bytes
 * @param allocation    the bytes to allocate up front (libvirt: allocation below capacity means a
 *                      sparse volume; the XML's absent allocation is the capacity)
 * @param backingPath   the backing store's path (qcow2 and the like; an LV to snapshot), or null
 * @param backingFormat the backing store's format, or null (then RAW, as libvirt formats it)
 * @param compat        qcow2's compat level, or null (libvirt then asks for 0.10)
 * @param clusterSize   qcow2's cluster size in bytes, or 0 for qemu-img's
 * @param lazyRefcounts qcow2's lazy_refcounts feature
 * @param permissions   the target's permissions
 */
record VolumeSpec(String name, ImageFormat format, long capacity, long allocation, String backingPath,
                  ImageFormat backingFormat, String compat, long clusterSize, boolean lazyRefcounts,
                  Permissions permissions) {

    VolumeSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(permissions, "permissions");
        if (capacity < 0 || allocation < 0 || clusterSize < 0) {
            throw new IllegalArgumentException("negative size");
        }
        if (compat != null && !compat.matches("[0-9]{1,3}\\.[0-9]{1,3}")) {
            // libvirt's virStorageCheckCompat: digits '.' digits; anything else would reach -o
            throw new IllegalArgumentException("forbidden characters in 'compat' attribute");
        }
    }

    /** A plain volume: no backing store, qemu-img's defaults, default permissions. */
    static VolumeSpec of(String name, ImageFormat format, long capacity, long allocation) {
        return new VolumeSpec(name, format, capacity, allocation, null, null, null, 0, false, Permissions.UNSET);
    }

    VolumeSpec withBacking(String path, ImageFormat fmt) {
        return new VolumeSpec(name, format, capacity, allocation, path, fmt, compat, clusterSize, lazyRefcounts, permissions);
    }

    VolumeSpec withQcow2(String compatLevel, long cluster, boolean lazy) {
        return new VolumeSpec(name, format, capacity, allocation, backingPath, backingFormat, compatLevel, cluster, lazy, permissions);
    }

    VolumeSpec withPermissions(Permissions p) {
        return new VolumeSpec(name, format, capacity, allocation, backingPath, backingFormat, compat, clusterSize, lazyRefcounts, p);
    }

    VolumeSpec withCapacity(long c, long a) {
        return new VolumeSpec(name, format, c, a, backingPath, backingFormat, compat, clusterSize, lazyRefcounts, permissions);
    }

    boolean hasBacking() {
        return backingPath != null;
    }
}
