package io.jvirt.core.kit.local;

import java.util.Map;

/**
 * The run-state every local driver keeps of one run of a domain's process (a QEMU, a container's
 * init), from its start or reconnect to its stop: the process by pid and start time (so a pid the
 * kernel gave to another process since is never taken for it), and the two intentions whose
 * process end must be read differently. A driver extends it with its own handles (a monitor, a
 * cgroup) and names what its status file keeps of them ({@link #statusData}). A new run object is
 * made for every start, so a notice about an old run is told from the current one by identity.
 */
public class ProcessRun {

    private final long pid;
    private final long pidStartTime;
    private volatile boolean stopping;
    private volatile boolean rebootRequested;

    /**
     * @param pid          the process, -1 if none
     * @param pidStartTime its start time ({@link HostProcFs#startTime}), -1 if not known
     */
    public ProcessRun(long pid, long pidStartTime) {
        this.pid = pid;
        this.pidStartTime = pidStartTime;
    }

    public final long pid() {
        return pid;
    }

    public final long pidStartTime() {
        return pidStartTime;
    }

    /** Whether the process still runs and is this run's ({@link HostProcFs#sameProcess}). */
    public boolean isAlive() {
        return pid > 0 && HostProcFs.sameProcess(pid, pidStartTime);
    }

    /** SIGTERM, then SIGKILL after {@code termMillis}; true when the process is gone. */
    public boolean terminate(long termMillis) {
        return pid <= 0 || HostProcFs.terminate(pid, pidStartTime, termMillis);
    }

    /**
     * The driver itself is ending this run (destroy, shutdown, a failed start): the process end
     * that follows is expected, and whoever watches for it stands aside.
     */
    public final boolean isStopping() {
        return stopping;
    }

    public final void setStopping(boolean stopping) {
        this.stopping = stopping;
    }

    /** A reboot was asked: the end of the guest that follows starts it again instead of stopping it. */
    public final boolean isRebootRequested() {
        return rebootRequested;
    }

    public final void setRebootRequested(boolean rebootRequested) {
        this.rebootRequested = rebootRequested;
    }

    /**
     * What the status file keeps of this run besides pid and start time, under the driver's own
     * keys ({@link io.jvirt.core.kit.DomainStatus#data}): what a restarted driver needs to find
     * the run again.
     */
    public Map<String, String> statusData() {
        return Map.of();
    }

    /** The monitor socket of a driver that talks to its process through one (QEMU), "" if none. */
    public String monitor() {
        return "";
    }

    @Override
    public String toString() {
        return "pid " + pid + " (start " + pidStartTime + ")";
    }
}
