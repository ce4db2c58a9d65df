package io.jvirt.driver.xen;

import io.jvirt.core.kit.local.ProcessRun;

/**
 * One run of a Xen domain. Xen's domains are no processes of this host: the run has no pid, the
 * domain is known by its domid (the registry's id) and its name in xl; what the run keeps is the
 * driver's intention, so that the poll tells a shutdown it asked for from one made inside.
 */
final class XenRun extends ProcessRun {

    /** The host's tick at the driver's last change of this run (start, pause, shutdown request...). */
    private volatile long changedAt;

    XenRun(long tick) {
        super(-1, -1);
        this.changedAt = tick;
    }

    long changedAt() {
        return changedAt;
    }

    /** The driver changed the domain at {@code tick}: an xl list taken before then is stale for it. */
    void changed(long tick) {
        changedAt = tick;
    }

    @Override
    public boolean isAlive() {
        return true; // xl list says, not /proc
    }
}
