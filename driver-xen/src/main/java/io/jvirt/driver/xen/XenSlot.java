package io.jvirt.driver.xen;

import io.jvirt.core.kit.local.RunSlot;

/** The Xen driver's data on one domain: its current run, null while shut off (changed in the domain's job). */
final class XenSlot implements RunSlot<XenRun> {

    private volatile XenRun run;

    @Override
    public XenRun run() {
        return run;
    }

    @Override
    public void setRun(XenRun run) {
        this.run = run;
    }
}
