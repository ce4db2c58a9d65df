package io.jvirt.core.spi;

import java.util.Objects;

/**
 * What the core knows of a snapshot between calls (libvirt's {@code virDomainSnapshotPtr}): its
 * domain and its name, by which a driver finds it.
 *
 * @since 1.7.0
 */
public record SnapshotRef(DomainRef domain, String name) {

    public SnapshotRef {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(name, "name");
    }
}
