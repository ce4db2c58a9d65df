package io.jvirt.api.storage;

import java.util.List;

import io.jvirt.api.StoragePoolListFilter;

/**
 * The storage pool types libvirt knows ({@code virStoragePoolType}, the ordinal is libvirt's
 * number) with what storage_conf.c's poolTypeInfo table says of each: which parts of
 * {@code <source>} it uses and requires, its source formats and its volumes' formats.
 */
public enum StoragePoolType {
    DIR("dir", 0, null, 0, StorageFormats.FILE, StorageFormats.RAW, StoragePoolListFilter.DIR),
    FS("fs", Source.DEVICE, StorageFormats.FS, 0, StorageFormats.FILE, StorageFormats.RAW, StoragePoolListFilter.FS),
    NETFS("netfs", Source.HOST | Source.DIR, StorageFormats.NETFS, 0, StorageFormats.FILE, StorageFormats.RAW,
        StoragePoolListFilter.NETFS),
    LOGICAL("logical", Source.NAME | Source.DEVICE, StorageFormats.LOGICAL, 1, null, 0, StoragePoolListFilter.LOGICAL),
    DISK("disk", Source.DEVICE, StorageFormats.DISK, 0, StorageFormats.VOL_DISK, 0, StoragePoolListFilter.DISK),
    ISCSI("iscsi", Source.HOST | Source.DEVICE | Source.INITIATOR_IQN, null, 0, null, 0, StoragePoolListFilter.ISCSI),
    ISCSI_DIRECT("iscsi-direct", Source.HOST | Source.DEVICE | Source.NETWORK | Source.INITIATOR_IQN, null, 0, null, 0,
        StoragePoolListFilter.ISCSI_DIRECT),
    SCSI("scsi", Source.ADAPTER, null, 0, null, 0, StoragePoolListFilter.SCSI),
    MPATH("mpath", 0, null, 0, null, 0, StoragePoolListFilter.MPATH),
    RBD("rbd", Source.HOST | Source.NETWORK | Source.NAME, null, 0, StorageFormats.FILE, StorageFormats.RAW,
        StoragePoolListFilter.RBD),
    SHEEPDOG("sheepdog", Source.HOST | Source.NETWORK | Source.NAME, null, 0, null, 0, StoragePoolListFilter.SHEEPDOG),
    GLUSTER("gluster", Source.HOST | Source.NETWORK | Source.NAME | Source.DIR, null, 0, StorageFormats.FILE,
        StorageFormats.RAW, StoragePoolListFilter.GLUSTER),
    ZFS("zfs", Source.NAME | Source.DEVICE, null, 0, null, 0, StoragePoolListFilter.ZFS),
    VSTORAGE("vstorage", Source.NAME, null, 0, StorageFormats.FILE, StorageFormats.RAW, StoragePoolListFilter.VSTORAGE);

    /** The parts of {@code <source>} a type uses (libvirt's VIR_STORAGE_POOL_SOURCE_* flags). */
    static final class Source {
        static final int HOST = 1;
        static final int DEVICE = 2;
        static final int DIR = 4;
        static final int ADAPTER = 8;
        static final int NAME = 16;
        static final int INITIATOR_IQN = 32;
        static final int NETWORK = 64;

        private Source() {
        }
    }

    private final String label;
    private final int sourceFlags;
    private final List<String> poolFormats;
    private final int defaultPoolFormat;
    private final List<String> volFormats;
    private final int defaultVolFormat;
    private final StoragePoolListFilter listFilter;

    StoragePoolType(String label, int sourceFlags, List<String> poolFormats, int defaultPoolFormat,
                    List<String> volFormats, int defaultVolFormat, StoragePoolListFilter listFilter) {
        this.label = label;
        this.sourceFlags = sourceFlags;
        this.poolFormats = poolFormats;
        this.defaultPoolFormat = defaultPoolFormat;
        this.volFormats = volFormats;
        this.defaultVolFormat = defaultVolFormat;
        this.listFilter = listFilter;
    }

    /** libvirt's number of the type. */
    public int number() {
        return ordinal();
    }

    /** As the XML's {@code <pool type=...>} writes it ("dir", "iscsi-direct"). */
    public String label() {
        return label;
    }

    /** The {@code virConnectListAllStoragePools} filter that selects pools of this type. */
    public StoragePoolListFilter listFilter() {
        return listFilter;
    }

    /** The type of an XML word; null for a word libvirt does not know. */
    public static StoragePoolType ofLabel(String label) {
        for (StoragePoolType t : values()) {
            if (t.label.equals(label)) {
                return t;
            }
        }
        return null;
    }

    boolean uses(int sourceFlag) {
        return (sourceFlags & sourceFlag) != 0;
    }

    int sourceFlags() {
        return sourceFlags;
    }

    /** The source formats ({@code <source><format type=...>}), in libvirt's order; null when the type has none. */
    public List<String> poolFormats() {
        return poolFormats;
    }

    /** The source format a pool of this type gets without {@code <format>}; null when the type has none. */
    public String defaultPoolFormat() {
        return poolFormats == null ? null : poolFormats.get(defaultPoolFormat);
    }

    /** The volume formats ({@code <target><format type=...>}) in libvirt's order; null when the type's volumes have none. */
    public List<String> volFormats() {
        return volFormats;
    }

    /** The format a volume of this type's pools gets without {@code <format>}; null when they have none. */
    public String defaultVolFormat() {
        return volFormats == null ? null : volFormats.get(defaultVolFormat);
    }

    /**
     * Whether {@code format} is a volume format of this type: libvirt's format-from-string of the
     * type's volume options (for file formats "none" is refused).
     */
    public boolean isVolFormat(String format) {
        if (volFormats == null) {
            return false;
        }
        int i = volFormats.indexOf(format);
        return i >= 0 && !(volFormats == StorageFormats.FILE && i == 0);
    }

    /** Whether the pool has a local target path (not rbd, sheepdog, gluster, iscsi-direct). */
    public boolean hasTarget() {
        return this != RBD && this != SHEEPDOG && this != GLUSTER && this != ISCSI_DIRECT;
    }
}
