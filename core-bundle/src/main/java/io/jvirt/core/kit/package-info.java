/**
 * The toolkit of local and stateful drivers, so that no driver writes it again: the domain registry
 * with per-domain jobs ({@link io.jvirt.core.kit.DomainRegistry}, {@link io.jvirt.core.kit.DomainObject}),
 * libvirt's listing filter, the one every driver uses, registry-backed or remote
 * ({@link io.jvirt.core.kit.DomainListFilter}),
 * lifecycle events ({@link io.jvirt.core.kit.DomainEventBus}), crash-safe state files
 * ({@link io.jvirt.core.kit.StateStore}, {@link io.jvirt.core.kit.DomainStatus},
 * {@link io.jvirt.core.kit.AtomicFiles}), the once-per-boot autostart rule
 * ({@link io.jvirt.core.kit.AutostartTracker}), LIVE/CONFIG impact rules
 * ({@link io.jvirt.core.kit.DefinitionImpact}), the common half of a stateful connection
 * ({@link io.jvirt.core.kit.StatefulDriverConnection}), host commands with real timeouts
 * ({@link io.jvirt.core.kit.HostCommand}), private run directories
 * ({@link io.jvirt.core.kit.PrivateDirectory}) and the host bridges libvirt network names stand
 * for ({@link io.jvirt.core.kit.NetworkResolver}), and lifecycle events by polling for hypervisors that
 * send none ({@link io.jvirt.core.kit.PolledDomainEvents}). Drivers use it; the contract
 * ({@code io.jvirt.core.spi}) does not depend on it.
 *
 * <p>1.2.0: {@link io.jvirt.core.kit.NetworkEventObservers}, the observers of a driver's network
 * events (virtual networks keep in an {@link io.jvirt.core.kit.ObjectRegistry} of kind NETWORK and
 * publish through an {@link io.jvirt.core.kit.ObjectEventBus}).
 * Also {@link io.jvirt.core.kit.DiskNames} (libvirt's disk target names and default drive
 * addresses, moved out of driver-esx for driver-hyperv). Additive.
 * <p>1.3.0: {@link io.jvirt.core.kit.NetworkBridges#withManaged}: a network driver's networks
 * answer before the configured names.
 * <p>1.5.0: {@link io.jvirt.core.kit.StorageEventObservers}, the observers of a driver's storage
 * pool events, and {@link io.jvirt.core.kit.StorageVolumes}, the core service resolving
 * {@code <disk type='volume'>} through the storage drivers; {@link io.jvirt.core.kit.BoundedJson},
 * a bounded reader of the JSON host tools print (qemu-img's, LVM's, prlctl's). Additive.
 *
 * <p>1.6.0: {@link io.jvirt.core.kit.TypedParams}, libvirt's virTypedParamsValidate for a driver's
 * typed-parameter setters.
 *
 * <p>1.8.0: {@link io.jvirt.core.kit.DomainRegistry#snapshotsBy}: the listing's snapshot filters
 * read a driver's own knowledge of a domain's snapshots. Additive.
 */
@Export
@Version("1.8.0")
package io.jvirt.core.kit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
