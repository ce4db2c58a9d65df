package io.jvirt.driver.lxc;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.jvirt.core.kit.local.ProcessRun;

/**
 * One run of a container: the kit's run-state of its init process (host pid and start time, to
 * tell it from a later process with the same pid; reboot requested) with its cgroup and how its end
 * is observed. A new run object is made for every start, so an exit notice from an old run is
 * recognised and ignored.
 */
final class ContainerRun extends ProcessRun {

    /** The status file's key of the cgroup path (LXC's own: the {@code monitor} field is QEMU's). */
    static final String CGROUP_KEY = "cgroup";

    final Cgroup cgroup;
    /** The cgroup's path relative to each hierarchy, as recorded in the status file. */
    final String cgroupPath;
    /** Completes with the init's exit status when known (launched by us), or -1 (reconnected). */
    final CompletableFuture<Integer> exit;
    /** The pty relay of a {@code <console type='pty'>}, or null. */
    final ConsoleRelay.Relay console;

    ContainerRun(long initPid, long initStartTime, Cgroup cgroup, String cgroupPath, CompletableFuture<Integer> exit,
                 ConsoleRelay.Relay console) {
        super(initPid, initStartTime);
        this.console = console;
        this.cgroup = cgroup;
        this.cgroupPath = cgroupPath;
        this.exit = exit;
    }

    @Override
    public Map<String, String> statusData() {
        return Map.of(CGROUP_KEY, cgroupPath);
    }

    @Override
    public String toString() {
        return "init " + super.toString() + " in " + cgroup;
    }
}
