/**
 * The jvirt API: one long-term-stable interface to virtual machines and containers across
 * hypervisors, after libvirt's public API.
 *
 * <p>Start from a {@link io.jvirt.api.Connector} (an OSGi service, or {@code ConnectorFactory}
 * outside OSGi), open a {@link io.jvirt.api.Connection} for a URI such as {@code test:///default}
 * or {@code qemu:///system}, and manage {@link io.jvirt.api.Domain}s through it. Every failure is a
 * {@link io.jvirt.api.VirtException} carrying libvirt's error code and wording.
 *
 * <p>0.5.0: virtual networks ({@link io.jvirt.api.Network}, the network calls of
 * {@link io.jvirt.api.Connection}, network lifecycle events and DHCP leases).
 * {@code Connection.isEncrypted} and {@code isSecure} (virConnectIsEncrypted, virConnectIsSecure).
 *
 * <p>0.6.0: storage pools and volumes ({@link io.jvirt.api.StoragePool}, {@link io.jvirt.api.StorageVol},
 * the storage calls of {@link io.jvirt.api.Connection}, pool lifecycle and refresh events, volume
 * upload and download as Java streams); their XML in {@code io.jvirt.api.storage}.
 *
 * <p>0.7.0: domain tuning: the control state ({@link io.jvirt.api.DomainControlInfo}), vCPU counts
 * and pinning ({@link io.jvirt.api.VcpuFlag}), the scheduler and its typed parameters
 * ({@link io.jvirt.api.SchedulerType}, {@link io.jvirt.api.TypedParameter}); checkpoints
 * ({@link io.jvirt.api.DomainCheckpoint}) and snapshot creation ({@link io.jvirt.api.DomainSnapshot}).
 *
 * <p>0.8.0: named connections ({@link io.jvirt.api.NamedConnections}, {@link io.jvirt.api.NamedConnectionInfo}):
 * configured connections the core keeps open and reconnects, each also a {@code Connection} service.
 *
 * <p>0.10.0: {@link io.jvirt.api.SparseInput}: a sparse volume download tells its holes (libvirt's
 * virStreamInData), so that they travel as holes, not zeros; {@link io.jvirt.api.SparseOutput}: a
 * volume upload takes a hole (virStreamSendHole) without writing its zeros.
 *
 * <p>0.12.0: the snapshot family ({@link io.jvirt.api.DomainSnapshot}'s XML, parent, children,
 * current, metadata, revert and delete; {@code Domain.listAllSnapshots}, {@code snapshotLookupByName},
 * {@code hasCurrentSnapshot}, {@code snapshotCurrent}) with libvirt's flags.
 * Also in 0.12.0: domain statistics ({@link io.jvirt.api.DomainStatsRecord}, {@link io.jvirt.api.DomainStatsType},
 * {@link io.jvirt.api.DomainStatsFlag}: virConnectGetAllDomainStats, virDomainListGetStats); I/O
 * threads, blkio parameters and CPU statistics of a {@link io.jvirt.api.Domain}.
 *
 * <p>0.13.0: the host's memory and CPU figures: {@code Connection.nodeFreeMemory},
 * {@code nodeCellsFreeMemory}, {@code sysinfo}, {@code nodeCpuStats} and {@code nodeMemoryStats}
 * with {@link io.jvirt.api.NodeStat} (virNodeGetFreeMemory, virNodeGetCellsFreeMemory,
 * virConnectGetSysinfo, virNodeGetCPUStats, virNodeGetMemoryStats).
 */
@Export
@Version("0.13.0")
package io.jvirt.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
