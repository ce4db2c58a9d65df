package io.jvirt.api.storage;

import java.util.List;

/** libvirt's format names for pool sources and volumes, in libvirt's enum order. */
public final class StorageFormats {

    /** {@code virStorageFileFormat}: volume formats of file-based pools. */
    public static final List<String> FILE = List.of("none", "raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi",
        "fat", "vhd", "ploop", "cow", "qcow", "qcow2", "qed", "vmdk");
    /** Index of "raw" in {@link #FILE}. */
    static final int RAW = 1;
    /** {@code virStoragePoolFormatFileSystem}. */
    public static final List<String> FS = List.of("auto", "ext2", "ext3", "ext4", "ufs", "iso9660", "udf", "gfs", "gfs2",
        "vfat", "hfs+", "xfs", "ocfs2", "vmfs");
    /** {@code virStoragePoolFormatFileSystemNet}. */
    public static final List<String> NETFS = List.of("auto", "nfs", "glusterfs", "cifs");
    /** {@code virStoragePoolFormatDisk}. */
    public static final List<String> DISK = List.of("unknown", "dos", "dvh", "gpt", "mac", "bsd", "pc98", "sun", "lvm2");
    /** {@code virStoragePoolFormatLogical}. */
    public static final List<String> LOGICAL = List.of("unknown", "lvm2");
    /** {@code virStorageVolFormatDisk}: partition types of disk pools' volumes. */
    public static final List<String> VOL_DISK = List.of("none", "linux", "fat16", "fat32", "linux-swap", "linux-lvm",
        "linux-raid", "extended");
    /** {@code virStorageFileFeature}: volume features. */
    public static final List<String> FEATURES = List.of("lazy_refcounts", "extended_l2");

    private StorageFormats() {
    }
}
