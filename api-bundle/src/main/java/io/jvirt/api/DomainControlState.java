package io.jvirt.api;

/**
 * Whether the management of a domain can take commands ({@code virDomainControlState}).
 *
 * @since 0.7.0
 */
public enum DomainControlState {
    /** operational, ready to accept commands */
    OK(0),
    /** a background job is running */
    JOB(1),
    /** occupied by a running command */
    OCCUPIED(2),
    /** unusable, the domain cannot be fully operated */
    ERROR(3);

    private final int number;

    DomainControlState(int number) {
        this.number = number;
    }

    /** libvirt's value. */
    public int number() {
        return number;
    }

    /** The state of libvirt's number {@code n}. @throws IllegalArgumentException for another number */
    public static DomainControlState of(int n) {
        for (DomainControlState s : values()) {
            if (s.number == n) {
                return s;
            }
        }
        throw new IllegalArgumentException("no control state " + n);
    }
}
