package io.jvirt.api;

/**
 * Why a domain's control state is {@link DomainControlState#ERROR} ({@code virDomainControlErrorReason}).
 *
 * @since 0.7.0
 */
public enum DomainControlErrorReason {
    /** the driver gave no reason */
    NONE(0),
    /** the reason is not known */
    UNKNOWN(1),
    /** the monitor connection is broken */
    MONITOR(2),
    /** an internal (locking) error */
    INTERNAL(3);

    private final int number;

    DomainControlErrorReason(int number) {
        this.number = number;
    }

    /** libvirt's value. */
    public int number() {
        return number;
    }
}
