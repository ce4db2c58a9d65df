package io.jvirt.core.kit.local;

/**
 * The per-domain runtime data of a local driver that runs processes (the registry's {@code T}):
 * the current run, null while the domain is shut off. Changed only inside the domain's job.
 *
 * @param <R> the driver's run type
 */
public interface RunSlot<R extends ProcessRun> {

    /** The current run, null while shut off. */
    R run();

    void setRun(R run);
}
