package io.jvirt.api;

/**
 * The state of a storage pool ({@code virStoragePoolState}; the ordinal is libvirt's number), with
 * the word {@code virsh pool-info} prints for it.
 *
 * @since 0.6.0
 */
public enum StoragePoolState {
    /** Not running. */
    INACTIVE("inactive"),
    /** Being built. */
    BUILDING("building"),
    /** Running normally. */
    RUNNING("running"),
    /** Running degraded. */
    DEGRADED("degraded"),
    /** Running, but not accessible. */
    INACCESSIBLE("inaccessible");

    private final String label;

    StoragePoolState(String label) {
        this.label = label;
    }

    /** libvirt's number of the state. */
    public int number() {
        return ordinal();
    }

    /** As virsh prints it ("running"). */
    public String label() {
        return label;
    }

    /** The state of libvirt's number; INVALID_ARG for a number libvirt does not define. */
    public static StoragePoolState ofNumber(int number) {
        StoragePoolState[] all = values();
        if (number < 0 || number >= all.length) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.STORAGE, "unknown storage pool state " + number);
        }
        return all[number];
    }
}
