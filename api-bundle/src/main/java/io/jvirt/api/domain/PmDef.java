package io.jvirt.api.domain;

/** The {@code <pm>} element: whether the guest may suspend to memory or to disk (null: hypervisor default). */
public final class PmDef {

    private Boolean suspendToMem;
    private Boolean suspendToDisk;

    /** {@code <suspend-to-mem enabled='yes|no'/>}, or null. */
    public Boolean suspendToMem() {
        return suspendToMem;
    }

    public PmDef suspendToMem(Boolean enabled) {
        this.suspendToMem = enabled;
        return this;
    }

    /** {@code <suspend-to-disk enabled='yes|no'/>}, or null. */
    public Boolean suspendToDisk() {
        return suspendToDisk;
    }

    public PmDef suspendToDisk(Boolean enabled) {
        this.suspendToDisk = enabled;
        return this;
    }

    public PmDef copy() {
        return new PmDef().suspendToMem(suspendToMem).suspendToDisk(suspendToDisk);
    }
}
