/**
 * The driver SPI: what a hypervisor driver bundle implements ({@link io.jvirt.core.spi.HypervisorDriver},
 * {@link io.jvirt.core.spi.DriverConnection}) and the shared machinery the core offers to stateful
 * drivers (domain registry, per-domain jobs, event dispatch) so that no driver writes them again.
 */
@Export
@Version("0.1.0")
package io.jvirt.core.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
