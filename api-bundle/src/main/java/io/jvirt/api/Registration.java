package io.jvirt.api;

/** A listener registration; {@link #close()} removes the listener (and may be called twice). */
public interface Registration extends AutoCloseable {
    @Override
    void close();
}
