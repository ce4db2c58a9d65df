package io.jvirt.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype of PID {@code io.jvirt.network}. Every key {@code NAME.bridge} names a network; metatype
 * cannot list keys that depend on the names, so it shows the one network jvirt ships.
 */
@ObjectClassDefinition(name = "jvirt networks",
    description = "libvirt network names as host bridges (PID io.jvirt.network): NAME.bridge = BRIDGE per network")
@interface NetworkConfiguration {

    @AttributeDefinition(name = "Bridge of the network 'default'",
        description = "The existing host bridge that <interface type='network'><source network='default'/> attaches to; "
            + "add NAME.bridge keys for other networks", required = false)
    String default_bridge() default "";
}
