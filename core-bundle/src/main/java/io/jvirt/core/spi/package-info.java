/**
 * The driver SPI: what a hypervisor driver bundle implements ({@link io.jvirt.core.spi.HypervisorDriver},
 * {@link io.jvirt.core.spi.DriverConnection}) and the shared machinery the core offers to stateful
 * drivers so that no driver writes it again: the domain registry with per-domain jobs
 * ({@link io.jvirt.core.spi.DomainRegistry}), event dispatch ({@link io.jvirt.core.spi.DomainEventBus}),
 * crash-safe state files ({@link io.jvirt.core.spi.StateStore}, {@link io.jvirt.core.spi.DomainStatus})
 * the once-per-boot autostart rule ({@link io.jvirt.core.spi.AutostartTracker}) and the host
 * bridges libvirt network names stand for ({@link io.jvirt.core.spi.NetworkResolver}, since 0.3.0).
 */
@Export
@Version("0.4.0")
package io.jvirt.core.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
