/**
 * The domain definition model shared by every driver ({@link io.jvirt.api.domain.DomainDef}), read
 * from and written to libvirt's domain XML by {@link io.jvirt.api.domain.DomainXml}.
 *
 * <p>Typed parts: memory ({@link io.jvirt.api.domain.MemoryDef}), vCPUs
 * ({@link io.jvirt.api.domain.VcpuDef}), OS and boot ({@link io.jvirt.api.domain.OsDef}), CPU
 * ({@link io.jvirt.api.domain.CpuDef}), features ({@link io.jvirt.api.domain.FeaturesDef}), clock
 * ({@link io.jvirt.api.domain.ClockDef}), power management ({@link io.jvirt.api.domain.PmDef}),
 * container id maps ({@link io.jvirt.api.domain.IdMapDef}), memory backing
 * ({@link io.jvirt.api.domain.MemoryBackingDef}) and the disk, interface, graphics,
 * character-device, controller and filesystem devices; input, video, memballoon, watchdog, rng,
 * panic, sound, tpm and hostdev devices are {@link io.jvirt.api.domain.BasicDeviceDef typed by their
 * main attributes}, the rest of them kept as parsed. Other elements libvirt knows are kept as parsed
 * ({@link io.jvirt.api.domain.XmlElement}) and written back at libvirt's position. Drivers add
 * their own defaults through {@link io.jvirt.api.domain.DomainDefDefaults}; embedders build
 * definitions with {@link io.jvirt.api.domain.DomainDef#builder()}.
 *
 * <p>0.7.0: {@link io.jvirt.api.domain.LibvirtNumbers#uiBase0} and {@code uipBase0} (C's strtoul
 * with base 0, moved from the network model for the storage model's PCI addresses). Additive.
 *
 * <p>0.8.0: {@link io.jvirt.api.domain.DiskDef#sourceActualType} (what a volume disk resolved to
 * when its domain started, libvirt's srcpool->actualtype). Additive.
 *
 * <p>0.9.0: checkpoints: {@link io.jvirt.api.domain.CheckpointDef} and
 * {@link io.jvirt.api.domain.CheckpointXml} (libvirt's checkpoint_conf.c). Additive.
 *
 * <p>0.13.0: {@link io.jvirt.api.domain.SnapshotDef} and {@link io.jvirt.api.domain.SnapshotXml}
 * (libvirt's snapshot_conf.c: parse, redefinition, disk alignment, format). Additive.
 *
 * <p>0.14.0: snapshot XML as libvirt's snapshot_conf.c reads and writes all of it:
 * {@link io.jvirt.api.domain.SnapshotXml.Options} (REDEFINE, INTERNAL, OFFLINE and VALIDATE parse
 * flags, the moment post-parse, the driver's save cookie), {@link io.jvirt.api.domain.SnapshotXml.SaveCookie},
 * the internal format's {@code <active>}; a snapshot disk's storage source, format and metadata
 * cache ({@link io.jvirt.api.domain.SnapshotDef.Disk}); the snapshot's {@code <inactiveDomain>} and
 * {@code <cookie>}. Additive.
 * <p>0.15.0: {@link io.jvirt.api.domain.DiskTargets} (libvirt's disk target names, default buses and
 * drive addresses, used by the generic post-parse and the drivers) and
 * {@link io.jvirt.api.domain.DomainDefDefaults#wideScsiBus()} and {@code defaultVideoType} (default methods), {@link io.jvirt.api.domain.XmlElement#sanitizedNamespaces()},
 * {@link io.jvirt.api.domain.LibvirtNumbers#ullpBase0(String)}. Additive.
 */
@Export
@Version("0.15.0")
package io.jvirt.api.domain;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
