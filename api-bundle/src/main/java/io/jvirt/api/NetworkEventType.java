package io.jvirt.api;

/**
 * Network lifecycle event types ({@code virNetworkEventLifecycleType}; the ordinal is libvirt's
 * number), with the word {@code virsh net-event} prints for each. libvirt's network events have no
 * details (always 0).
 *
 * @since 0.5.0
 */
public enum NetworkEventType {
    DEFINED("Defined"),
    UNDEFINED("Undefined"),
    STARTED("Started"),
    STOPPED("Stopped");

    private final String label;

    NetworkEventType(String label) {
        this.label = label;
    }

    public int number() {
        return ordinal();
    }

    /** As virsh prints the type ("Started"). */
    public String label() {
        return label;
    }
}
