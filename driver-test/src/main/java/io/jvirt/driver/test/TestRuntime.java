package io.jvirt.driver.test;

/** The simulated runtime of a test domain: CPU time that advances while it runs. */
final class TestRuntime {

    private long cpuTimeNs;
    private long runningSince = -1;

    synchronized void started() {
        runningSince = System.nanoTime();
    }

    synchronized void paused() {
        if (runningSince >= 0) {
            cpuTimeNs += System.nanoTime() - runningSince;
            runningSince = -1;
        }
    }

    synchronized void resumed() {
        runningSince = System.nanoTime();
    }

    synchronized void stopped() {
        paused();
        cpuTimeNs = 0;
    }

    synchronized long cpuTimeNs() {
        return runningSince >= 0 ? cpuTimeNs + (System.nanoTime() - runningSince) : cpuTimeNs;
    }
}
