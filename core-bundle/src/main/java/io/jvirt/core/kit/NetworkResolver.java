package io.jvirt.core.kit;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The core service that tells drivers which host bridge a libvirt network name stands for
 * ({@link NetworkBridges}, configured under PID {@value NetworkBridges#PID}). The core registers
 * one for as long as it runs and updates it in place when the configuration changes, so drivers
 * hold a plain reference and never restart for a network change. Outside OSGi a driver takes any
 * implementation, e.g. {@code () -> NetworkBridges.parse(Map.of("default.bridge", "virbr0"))}.
 */
@ProviderType
@FunctionalInterface
public interface NetworkResolver {

    /** No networks: every {@code type='network'} interface fails with NO_NETWORK. */
    NetworkResolver NONE = () -> NetworkBridges.NONE;

    /** The current networks (never null). */
    NetworkBridges bridges();
}
