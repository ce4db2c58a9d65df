/**
 * The driver contract: what a hypervisor driver bundle implements and what the core hands it. A
 * driver registers a {@link io.jvirt.core.spi.HypervisorDriver} service; for each URI it accepts,
 * its {@link io.jvirt.core.spi.HypervisorDriver#open} returns a
 * {@link io.jvirt.core.spi.DriverConnection}, libvirt's driver table, whose every entry point but
 * two defaults to NO_SUPPORT. {@link io.jvirt.core.spi.ConnectRequest} says what the client asked
 * (URI, read-only, authentication callback, the files it may name: {@link io.jvirt.core.spi.UserFiles}),
 * {@link io.jvirt.core.spi.DomainRef} names a domain in calls. This package stays small and rarely
 * changes; what drivers reuse to implement it is the toolkit, {@code io.jvirt.core.kit} (local and
 * stateful drivers) and {@code io.jvirt.core.kit.remote} (drivers of remote servers).
 *
 * <p>1.0.0: the contract alone; the toolkit's classes moved to their own packages (a major change
 * for drivers built against 0.x: their imports change, nothing else).
 *
 * <p>1.1.0: virtual networks: the network entry points of {@link io.jvirt.core.spi.DriverConnection}
 * (all defaulting to NO_SUPPORT), {@link io.jvirt.core.spi.NetworkRef},
 * {@link io.jvirt.core.spi.NetworkEventObserver} and
 * {@link io.jvirt.core.spi.HypervisorDriver#observeNetworkEvents}.
 * Also {@code DriverConnection.isEncrypted} and {@code isSecure}, default methods answering as a
 * local driver (not encrypted, secure), so drivers built against 1.0 are untouched.
 *
 * <p>1.2.0: storage pools and volumes: the storage entry points of
 * {@link io.jvirt.core.spi.DriverConnection} (all defaulting to NO_SUPPORT),
 * {@link io.jvirt.core.spi.StoragePoolRef}, {@link io.jvirt.core.spi.StorageVolRef},
 * {@link io.jvirt.core.spi.StorageDriver} (a bundle serving the storage calls of other drivers'
 * URIs), {@link io.jvirt.core.spi.StorageEventObserver} and
 * {@link io.jvirt.core.spi.HypervisorDriver#observeStoragePoolEvents}.
 *
 * <p>1.3.0: domain tuning: control info, vCPU counts and pinning, the scheduler and its typed
 * parameters, checkpoints ({@link io.jvirt.core.spi.CheckpointRef}) and snapshot creation (entry
 * points of {@link io.jvirt.core.spi.DriverConnection}, defaulting to NO_SUPPORT).
 *
 * <p>1.4.0: {@link io.jvirt.core.spi.ConnectRequest#keepalive()}: the keepalive a client (a named
 * connection) asked for.
 *
 * <p>1.7.0: the snapshot family ({@link io.jvirt.core.spi.SnapshotRef}; list, lookup, current,
 * children, parent, XML, revert, delete entry points of {@link io.jvirt.core.spi.DriverConnection},
 * defaulting to NO_SUPPORT).
 * Also in 1.7.0: domain statistics ({@link io.jvirt.core.spi.DomainStatsEntry},
 * {@code DriverConnection.getAllDomainStats}), I/O threads, blkio parameters and CPU statistics
 * (entry points of {@link io.jvirt.core.spi.DriverConnection}, defaulting to NO_SUPPORT).
 */
@Export
@Version("1.8.0")
package io.jvirt.core.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
