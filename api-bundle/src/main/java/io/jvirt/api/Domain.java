package io.jvirt.api;

import java.util.BitSet;
import java.util.List;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A handle to one domain of a {@link Connection} ({@code virDomainPtr}). The name and UUID are those
 * seen when the handle was obtained; everything else is asked of the driver at each call. A domain
 * that no longer exists makes calls fail with NO_DOMAIN.
 *
 * <p>Calls that need a certain state fail with OPERATION_INVALID worded as libvirt words it
 * ("domain is not running", "domain is already running").
 */
@ProviderType
public interface Domain {

    Connection connection();

    String name();

    UUID uuid();

    /** The UUID in its canonical 36-character form. */
    default String uuidString() {
        return uuid().toString();
    }

    /**
     * The id the domain had when this handle was obtained (looked up, listed, created, or given with
     * an event), -1 when it was not running, then as this handle's own {@link #create},
     * {@link #shutdown}, {@link #reboot}, {@link #reset}, {@link #destroy} and {@link #managedSave}
     * left it. As libvirt's virDomainGetID, reading it asks the driver nothing: look the domain up
     * again for its id after changes made elsewhere (a guest's own shutdown, another connection)
     * (since 0.9.0; before, every call asked the driver).
     */
    int id();

    /** The OS type ("hvm", "linux", "exe", ...). */
    String osType();

    DomainInfo info();

    /**
     * The domain's security label ({@code virDomainGetSecurityLabel}): empty for a domain that does
     * not run; NO_SUPPORT where the driver has no security model.
     *
     * @since 0.11.0
     */
    SecurityLabel securityLabel();

    /** The state and its reason ({@code virDomainGetState}). */
    StateReason state();

    boolean isActive();

    boolean isPersistent();

    /** Whether a running domain's live definition differs from its persistent one. */
    boolean isUpdated();

    boolean hasManagedSaveImage();

    /** The domain XML; INACTIVE gives the persistent definition, SECURE includes secrets. */
    String xmlDesc(XmlFlag... flags);

    /**
     * Starts a defined domain ({@code virDomainCreateWithFlags}), from its managed save image if it
     * has one. PAUSED leaves it paused; AUTODESTROY destroys it when this handle's connection closes.
     *
     * @throws VirtException OPERATION_INVALID "domain is already running"
     */
    void create(CreateFlag... flags);

    /** Asks the guest to shut down; returns before it has. */
    void shutdown(ShutdownFlag... flags);

    /** Asks the guest to reboot. */
    void reboot(ShutdownFlag... flags);

    /** Resets the domain at once, as the reset button does. */
    void reset();

    /** Stops the domain at once; a transient domain then disappears. */
    void destroy(DestroyFlag... flags);

    /** Pauses a running domain. */
    void suspend();

    /** Resumes a paused domain. */
    void resume();

    /**
     * Removes the persistent definition. A running domain keeps running as a transient one.
     */
    void undefine(UndefineFlag... flags);

    boolean autostart();

    void setAutostart(boolean autostart);

    /** Sets the current memory in KiB; with MAXIMUM, the maximum memory. */
    void setMemory(long kib, ModificationImpact... impact);

    /** Sets the maximum memory in KiB of the persistent definition ({@code virDomainSetMaxMemory}). */
    void setMaxMemory(long kib);

    /** Sets the number of virtual CPUs; with MAXIMUM, the maximum number. */
    void setVcpus(int count, ModificationImpact... impact);

    /** Attaches the device described by {@code deviceXml}. */
    void attachDevice(String deviceXml, ModificationImpact... impact);

    /** Detaches the device that {@code deviceXml} describes. */
    void detachDevice(String deviceXml, ModificationImpact... impact);

    /** Replaces the device with the same identity as {@code deviceXml}. */
    void updateDevice(String deviceXml, ModificationImpact... impact);

    /**
     * The title, the description, or the metadata element of namespace {@code uri}.
     *
     * @throws VirtException NO_DOMAIN_METADATA when there is none
     */
    String metadata(MetadataType type, String uri, ModificationImpact... impact);

    /**
     * Sets (or with a null value removes) the title, the description, or the metadata element of
     * namespace {@code uri}, stored under the prefix {@code key}.
     */
    void setMetadata(MetadataType type, String value, String key, String uri, ModificationImpact... impact);

    /** Renames an inactive domain. */
    void rename(String newName);

    /** Saves a running domain's state and stops it; the next start restores it. */
    void managedSave();

    void managedSaveRemove();

    /**
     * Opens the console of a running domain ({@code virDomainOpenConsole}): the character device
     * of alias {@code devName}, or for null the domain's first console. Refused on a read-only
     * connection (OPERATION_DENIED) as in libvirt; OPERATION_INVALID when the domain is not running.
     *
     * @since 0.7.0
     */
    DomainConsole openConsole(String devName, ConsoleFlag... flags);

    /**
     * The memory statistics of a running domain ({@code virDomainMemoryStats}), in the order the
     * driver reports them; a driver reports the tags its hypervisor knows and leaves out the rest.
     * A read: allowed on read-only connections.
     *
     * @return never null; may be empty
     * @throws VirtException OPERATION_INVALID "domain is not running" for an inactive domain;
     *                       NO_SUPPORT where the driver has none
     * @since 0.2.0
     */
    MemoryStats memoryStats();

    /**
     * The guest's host name ({@code virDomainGetHostname}), as the guest reports it (a guest agent,
     * VMware Tools) or as a DHCP lease names it. A read: allowed on read-only connections.
     *
     * @param flags where to look; none lets the driver choose, a source the driver cannot ask is
     *              INVALID_ARG "unsupported flags ..."
     * @return never null or empty
     * @throws VirtException OPERATION_INVALID "domain is not running" for an inactive domain; the
     *                       driver's error when the guest reports no name; NO_SUPPORT where the
     *                       driver has no way to learn it
     * @since 0.2.0
     */
    String hostname(HostnameFlag... flags);

    /**
     * The control state of a running domain ({@code virDomainGetControlInfo}): whether its
     * management takes commands now. A read: allowed on read-only connections.
     *
     * @throws VirtException OPERATION_INVALID "domain is not running" for an inactive domain
     * @since 0.7.0
     */
    DomainControlInfo controlInfo();

    /**
     * The maximum number of vCPUs of a running domain's live definition ({@code virDomainGetMaxVcpus}).
     *
     * @since 0.7.0
     */
    int maxVcpus();

    /**
     * The number of vCPUs ({@code virDomainGetVcpusFlags}): of the live or persistent definition
     * (none or CURRENT: the live one of a running domain), the current or with MAXIMUM the maximum
     * count.
     *
     * @since 0.7.0
     */
    int vcpuCount(VcpuFlag... flags);

    /**
     * Pins vCPU {@code vcpu} to the host CPUs of {@code cpus} ({@code virDomainPinVcpuFlags}; no
     * impact is {@code virDomainPinVcpu}).
     *
     * @throws VirtException INVALID_ARG when the domain has no such vCPU online
     * @since 0.7.0
     */
    void pinVcpu(int vcpu, BitSet cpus, ModificationImpact... impact);

    /**
     * The host CPUs each vCPU may run on ({@code virDomainGetVcpuPinInfo}), one set per vCPU up to
     * the definition's maximum, each within the host's CPUs.
     *
     * @since 0.7.0
     */
    List<BitSet> vcpuPinInfo(ModificationImpact... impact);

    /**
     * The domain's scheduler and its number of parameters ({@code virDomainGetSchedulerType}).
     *
     * @since 0.7.0
     */
    SchedulerType schedulerType();

    /**
     * The scheduler's parameters ({@code virDomainGetSchedulerParametersFlags}; no impact is
     * {@code virDomainGetSchedulerParameters}).
     *
     * @since 0.7.0
     */
    List<TypedParameter> schedulerParameters(ModificationImpact... impact);

    /**
     * Changes scheduler parameters ({@code virDomainSetSchedulerParametersFlags}; no impact is
     * {@code virDomainSetSchedulerParameters}).
     *
     * @throws VirtException INVALID_ARG for a field the scheduler does not have or a value of the wrong type
     * @since 0.7.0
     */
    void setSchedulerParameters(List<TypedParameter> params, ModificationImpact... impact);

    /**
     * The domain's I/O threads ({@code virDomainGetIOThreadInfo}) of the live or persistent
     * definition (LIVE/CONFIG exclusive; none or CURRENT: the live one of a running domain), in
     * the definition's order, each with the host CPUs it may run on. A read.
     *
     * @since 0.12.0
     */
    List<IoThreadInfo> ioThreadInfo(ModificationImpact... impact);

    /**
     * Adds I/O thread {@code id} ({@code virDomainAddIOThread}).
     *
     * @throws VirtException INVALID_ARG for id 0 or an id in use
     * @since 0.12.0
     */
    void addIoThread(int id, ModificationImpact... impact);

    /**
     * Removes I/O thread {@code id} ({@code virDomainDelIOThread}).
     *
     * @throws VirtException INVALID_ARG for an id the domain does not have, or one a disk or
     *                       controller still uses
     * @since 0.12.0
     */
    void deleteIoThread(int id, ModificationImpact... impact);

    /**
     * Changes I/O thread {@code id}'s parameters ({@code virDomainSetIOThreadParams}: poll-max-ns,
     * poll-grow, poll-shrink, thread-pool-min, thread-pool-max, as the driver supports them).
     *
     * @since 0.12.0
     */
    void setIoThreadParameters(int id, List<TypedParameter> params, ModificationImpact... impact);

    /**
     * Pins I/O thread {@code id} to the host CPUs of {@code cpus} ({@code virDomainPinIOThread}).
     *
     * @since 0.12.0
     */
    void pinIoThread(int id, BitSet cpus, ModificationImpact... impact);

    /**
     * The block I/O tuning of the live or persistent definition ({@code virDomainGetBlkioParameters}):
     * weight, then per-device weights and limits as libvirt's "path,value,..." strings. A read.
     *
     * @since 0.12.0
     */
    List<TypedParameter> blkioParameters(ModificationImpact... impact);

    /**
     * Changes the block I/O tuning ({@code virDomainSetBlkioParameters}): device values merge into
     * those the definition has, by path.
     *
     * @since 0.12.0
     */
    void setBlkioParameters(List<TypedParameter> params, ModificationImpact... impact);

    /**
     * The domain's total CPU statistics ({@code virDomainGetCPUStats} with start_cpu -1), e.g.
     * cpu_time, user_time, system_time in nanoseconds. A read.
     *
     * @since 0.12.0
     */
    List<TypedParameter> cpuStatsTotal();

    /**
     * The number of host CPUs {@link #cpuStats} reports on ({@code virDomainGetCPUStats} with
     * ncpus 0). A read.
     *
     * @since 0.12.0
     */
    int cpuStatsCpuCount();

    /**
     * Per-CPU statistics ({@code virDomainGetCPUStats}): one list for each of at most {@code ncpus}
     * host CPUs from {@code startCpu} (e.g. cpu_time, vcpu_time), empty for a CPU the driver has none
     * of; CPUs past the last one with statistics may be left out. A read.
     *
     * @throws VirtException INVALID_ARG for a negative start or a start past the last CPU
     * @since 0.12.0
     */
    List<List<TypedParameter>> cpuStats(int startCpu, int ncpus);

    /**
     * Creates a checkpoint from its XML ({@code virDomainCheckpointCreateXML}); it becomes the
     * domain's current checkpoint, a child of the previous current one.
     *
     * @since 0.7.0
     */
    DomainCheckpoint checkpointCreateXml(String xml, CheckpointCreateFlag... flags);

    /**
     * The domain's checkpoints ({@code virDomainListAllCheckpoints}); ROOTS only those without a
     * parent, TOPOLOGICAL every parent before its children, LEAVES/NO_LEAVES filter.
     *
     * @since 0.7.0
     */
    List<DomainCheckpoint> listAllCheckpoints(CheckpointListFlag... flags);

    /**
     * @throws VirtException NO_DOMAIN_CHECKPOINT when the domain has none of that name
     * @since 0.7.0
     */
    DomainCheckpoint checkpointLookupByName(String name);

    /**
     * Creates a snapshot from its XML ({@code virDomainSnapshotCreateXML}).
     *
     * @since 0.7.0
     */
    DomainSnapshot snapshotCreateXml(String xml, SnapshotCreateFlag... flags);

    /**
     * The domain's snapshots ({@code virDomainListAllSnapshots}); ROOTS only those without a
     * parent, TOPOLOGICAL every parent before its children, the other flags filter.
     *
     * @since 0.12.0
     */
    List<DomainSnapshot> listAllSnapshots(SnapshotListFlag... flags);

    /**
     * @throws VirtException NO_DOMAIN_SNAPSHOT when the domain has none of that name
     * @since 0.12.0
     */
    DomainSnapshot snapshotLookupByName(String name);

    /** {@code virDomainHasCurrentSnapshot}. @since 0.12.0 */
    boolean hasCurrentSnapshot();

    /**
     * {@code virDomainSnapshotCurrent}.
     *
     * @throws VirtException NO_DOMAIN_SNAPSHOT "the domain does not have a current snapshot"
     * @since 0.12.0
     */
    DomainSnapshot snapshotCurrent();
}
