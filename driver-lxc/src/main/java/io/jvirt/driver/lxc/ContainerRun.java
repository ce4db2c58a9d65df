package io.jvirt.driver.lxc;

import java.util.concurrent.CompletableFuture;

/**
 * One run of a container: its init process (host pid and start time, to tell it from a later
 * process with the same pid), its cgroup and how its end is observed. A new run object is made
 * for every start, so an exit notice from an old run is recognised and ignored.
 */
final class ContainerRun {

    final long initPid;
    final long initStartTime;
    final Cgroup cgroup;
    /** The cgroup's path relative to each hierarchy, as recorded in the status file. */
    final String cgroupPath;
    /** Completes with the init's exit status when known (launched by us), or -1 (reconnected). */
    final CompletableFuture<Integer> exit;
    /** The pty relay of a {@code <console type='pty'>}, or null. */
    final ConsoleRelay.Relay console;
    /** Set when the driver itself ends the run (shutdown, destroy), so the exit watcher stands aside. */
    volatile boolean stopping;
    /** Set by a reboot request: when init exits the container starts again. */
    volatile boolean rebootRequested;

    ContainerRun(long initPid, long initStartTime, Cgroup cgroup, String cgroupPath, CompletableFuture<Integer> exit,
                 ConsoleRelay.Relay console) {
        this.console = console;
        this.initPid = initPid;
        this.initStartTime = initStartTime;
        this.cgroup = cgroup;
        this.cgroupPath = cgroupPath;
        this.exit = exit;
    }

    boolean initAlive() {
        return ProcFs.sameProcess(initPid, initStartTime);
    }

    @Override
    public String toString() {
        return "init " + initPid + " (start " + initStartTime + ") in " + cgroup;
    }
}
