package io.jvirt.driver.storage;

/**
 * A volume as a refresh sees it: libvirt's virStorageVolDef after the backend filled it in.
 *
 * @param name          the name in the pool
 * @param key           libvirt's key: a file volume's path; a logical volume's LVM uuid
 * @param path          the target path
 * @param type          libvirt's volume type
 * @param format        the format (probed for files; RAW for LVs)
 * @param capacity      bytes
 * @param allocation    bytes
 * @param backingPath   the backing store (as the header names it; an LV's snapshot origin), or null
 * @param backingFormat the backing store's format, or null
 * @param sparse        whether it is a sparse logical volume (libvirt's target.sparse)
 */
record VolumeInfo(String name, String key, String path, Type type, ImageFormat format, long capacity,
                  long allocation, String backingPath, ImageFormat backingFormat, boolean sparse) {

    /** libvirt's virStorageVolType (the values the local backends produce). */
    enum Type {
        FILE, BLOCK, DIR
    }
}
