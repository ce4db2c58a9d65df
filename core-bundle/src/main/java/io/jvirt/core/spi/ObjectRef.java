package io.jvirt.core.spi;

import java.util.UUID;

/**
 * What the refs of libvirt's named, UUID-identified objects share (a domain's, a network's, a
 * storage pool's): the name at lookup time and the UUID, the identity that never changes.
 *
 * @since 1.4.0
 */
public interface ObjectRef {

    /** The name at lookup time. */
    String name();

    /** The UUID. */
    UUID uuid();
}
