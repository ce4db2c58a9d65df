package io.jvirt.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A snapshot of a domain ({@code virDomainSnapshotPtr}), as {@link Domain#snapshotCreateXml}
 * returns it.
 *
 * @since 0.7.0
 */
@ProviderType
public interface DomainSnapshot {

    Domain domain();

    String name();
}
