package io.jvirt.driver.bhyve;

import io.jvirt.core.kit.local.RunSlot;

/** The bhyve driver's data on one domain: its current run, null while shut off (changed in the domain's job). */
final class BhyveSlot implements RunSlot<BhyveRun> {

    private volatile BhyveRun run;

    @Override
    public BhyveRun run() {
        return run;
    }

    @Override
    public void setRun(BhyveRun run) {
        this.run = run;
    }
}
