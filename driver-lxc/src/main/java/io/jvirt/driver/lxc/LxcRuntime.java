package io.jvirt.driver.lxc;

import java.util.ArrayDeque;
import java.util.Deque;

import io.jvirt.core.kit.local.RunSlot;

/** The LXC driver's data on one domain (the registry's runtime slot): the current run, if any. */
final class LxcRuntime implements RunSlot<ContainerRun> {

    /** The running container, null while shut off; changed only inside the domain's job. */
    volatile ContainerRun run;

    /**
     * When (System.nanoTime) the container last restarted itself, newest last, at most the reboot
     * limit of them; kept across runs, used only inside the domain's job.
     */
    final Deque<Long> selfReboots = new ArrayDeque<>();

    @Override
    public ContainerRun run() {
        return run;
    }

    @Override
    public void setRun(ContainerRun run) {
        this.run = run;
    }
}
