package io.jvirt.api;

/** A domain's state, with libvirt's numbering ({@code virDomainState}) and virsh's words. */
public enum DomainState {
    NOSTATE("no state"),
    RUNNING("running"),
    BLOCKED("idle"),
    PAUSED("paused"),
    SHUTDOWN("in shutdown"),
    SHUTOFF("shut off"),
    CRASHED("crashed"),
    PMSUSPENDED("pmsuspended");

    private final String label;

    DomainState(String label) {
        this.label = label;
    }

    /** libvirt's number for this state. */
    public int number() {
        return ordinal();
    }

    /** The word virsh prints for this state ({@code list}, {@code domstate}). */
    public String label() {
        return label;
    }

    /** The state with libvirt's number {@code n}, or {@link #NOSTATE} when unknown. */
    public static DomainState fromNumber(int n) {
        DomainState[] all = values();
        return n >= 0 && n < all.length ? all[n] : NOSTATE;
    }
}
