package io.jvirt.core.spi;

import java.util.Objects;

/**
 * What the core knows of a checkpoint between calls (libvirt's {@code virDomainCheckpointPtr}):
 * its domain and its name, by which a driver finds it.
 *
 * @since 1.3.0
 */
public record CheckpointRef(DomainRef domain, String name) {

    public CheckpointRef {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(name, "name");
    }
}
