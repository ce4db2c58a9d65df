package io.jvirt.api;

/**
 * The type of a storage volume ({@code virStorageVolType}; the ordinal is libvirt's number), with
 * the word the volume XML and {@code virsh vol-info} use for it.
 *
 * @since 0.6.0
 */
public enum StorageVolType {
    /** A regular file. */
    FILE("file"),
    /** A block device. */
    BLOCK("block"),
    /** A directory passed through to the guest. */
    DIR("dir"),
    /** A network volume (rbd, sheepdog, gluster). */
    NETWORK("network"),
    /** A network directory (gluster). */
    NETDIR("netdir"),
    /** A ploop image directory (vstorage). */
    PLOOP("ploop");

    private final String label;

    StorageVolType(String label) {
        this.label = label;
    }

    /** libvirt's number of the type. */
    public int number() {
        return ordinal();
    }

    /** As the XML's {@code <volume type=...>} and virsh write it ("file"). */
    public String label() {
        return label;
    }

    /** The type of an XML word; null for a word libvirt does not know. */
    public static StorageVolType ofLabel(String label) {
        for (StorageVolType t : values()) {
            if (t.label.equals(label)) {
                return t;
            }
        }
        return null;
    }
}
