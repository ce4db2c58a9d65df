package io.jvirt.driver.test;

import java.util.function.Consumer;

import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.kit.DefinitionImpact;
import io.jvirt.core.kit.DomainObject;

/**
 * The simulated runtime of a test domain: CPU time that advances while it runs, and whether its
 * persistent definition was changed while it ran ({@code virDomainIsUpdated}), kept as a flag so
 * that asking costs nothing even with 100,000 domains.
 */
final class TestRuntime {

    private long cpuTimeNs;
    private long runningSince = -1;
    private volatile boolean updated;
    private boolean fresh = true;

    /** True exactly once: for the job that first sees a domain the registry has just created. */
    synchronized boolean claimFresh() {
        boolean f = fresh;
        fresh = false;
        return f;
    }

    synchronized void started() {
        cpuTimeNs = 0;
        runningSince = System.nanoTime();
        updated = false;
    }

    synchronized void paused() {
        if (runningSince >= 0) {
            cpuTimeNs += System.nanoTime() - runningSince;
            runningSince = -1;
        }
    }

    synchronized void resumed() {
        if (runningSince < 0) {
            runningSince = System.nanoTime();
        }
    }

    synchronized void stopped() {
        paused();
        cpuTimeNs = 0;
        updated = false;
    }

    synchronized long cpuTimeNs() {
        return runningSince >= 0 ? cpuTimeNs + (System.nanoTime() - runningSince) : cpuTimeNs;
    }

    boolean updated() {
        return updated;
    }

    void markUpdated() {
        updated = true;
    }

    /** Applies a change through {@code impact}, marking the domain updated when its kept-aside definition changed. */
    static void apply(DomainObject<TestRuntime> d, DefinitionImpact impact, Consumer<DomainDef> change) {
        if (impact.apply(d, change)) {
            d.runtime().markUpdated();
        }
    }
}
