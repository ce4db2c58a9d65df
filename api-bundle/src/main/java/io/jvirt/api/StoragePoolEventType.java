package io.jvirt.api;

/**
 * Storage pool event types: libvirt's lifecycle events ({@code virStoragePoolEventLifecycleType},
 * the ordinal is libvirt's number) with the word {@code virsh pool-event} prints for each, and
 * {@link #REFRESH}, libvirt's separate {@code VIR_STORAGE_POOL_EVENT_ID_REFRESH} event. libvirt's
 * pool events have no details (always 0).
 *
 * @since 0.6.0
 */
public enum StoragePoolEventType {
    DEFINED("Defined"),
    UNDEFINED("Undefined"),
    STARTED("Started"),
    STOPPED("Stopped"),
    /** The pool was built ({@code virStoragePoolBuild}). */
    CREATED("Created"),
    /** The pool's storage was deleted ({@code virStoragePoolDelete}). */
    DELETED("Deleted"),
    /** Not a lifecycle event: the pool was refreshed (libvirt's REFRESH event id). */
    REFRESH("Refresh");

    private final String label;

    StoragePoolEventType(String label) {
        this.label = label;
    }

    /** Whether this is a lifecycle event (all but {@link #REFRESH}). */
    public boolean isLifecycle() {
        return this != REFRESH;
    }

    /** libvirt's lifecycle event number; -1 for {@link #REFRESH}, which has none. */
    public int number() {
        return isLifecycle() ? ordinal() : -1;
    }

    /** As virsh prints the type ("Started"). */
    public String label() {
        return label;
    }
}
