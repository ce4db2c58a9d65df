/**
 * The driver SPI: what a hypervisor driver bundle implements ({@link io.jvirt.core.spi.HypervisorDriver},
 * {@link io.jvirt.core.spi.DriverConnection}) and the shared machinery the core offers to stateful
 * drivers so that no driver writes it again: the domain registry with per-domain jobs
 * ({@link io.jvirt.core.spi.DomainRegistry}), event dispatch ({@link io.jvirt.core.spi.DomainEventBus}),
 * crash-safe state files ({@link io.jvirt.core.spi.StateStore}, {@link io.jvirt.core.spi.DomainStatus})
 * the once-per-boot autostart rule ({@link io.jvirt.core.spi.AutostartTracker}) and the host
 * bridges libvirt network names stand for ({@link io.jvirt.core.spi.NetworkResolver}, since 0.3.0).
 * Since 0.4.0 also a short-command runner ({@link io.jvirt.core.spi.HostCommand}) and, for drivers
 * that log in to remote servers, libvirt's auth file ({@link io.jvirt.core.spi.AuthFile}), the
 * administrator's rules on where its credentials may go and which transports a URI may ask for
 * ({@link io.jvirt.core.spi.RemoteAccessPolicy}), libvirt's credential order
 * ({@link io.jvirt.core.spi.RemoteCredentials}) and a size-capped, deadline-bound HTTP exchange
 * ({@link io.jvirt.core.spi.BoundedHttp}).
 */
@Export
@Version("0.4.0")
package io.jvirt.core.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
