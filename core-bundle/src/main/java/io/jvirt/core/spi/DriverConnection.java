package io.jvirt.core.spi;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainControlInfo;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Flag;
import io.jvirt.api.MemoryStats;
import io.jvirt.api.NetworkDhcpLease;
import io.jvirt.api.NetworkEvent;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.StateReason;
import io.jvirt.api.StoragePoolEvent;
import io.jvirt.api.SchedulerType;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.api.StorageVolInfo;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VirtException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One open connection of a driver: libvirt's hypervisor driver table. Every method but
 * {@link #type()} and {@link #close()} defaults to NO_SUPPORT naming libvirt's API function, so a
 * driver implements what its hypervisor can do and nothing more.
 *
 * <p>The core calls these methods after it has checked the arguments and the read-only flag; flags
 * arrive as libvirt's bit values. Drivers throw {@link VirtException} for every failure, with
 * libvirt's code and wording. Methods may be called from many threads at once.
 */
@ConsumerType
public interface DriverConnection {

    /** The hypervisor type ("TEST", "QEMU", ...). */
    String type();

    /** Releases what the connection holds. Called once. */
    void close();

    /** The error thrown by every method a driver does not implement. */
    static VirtException unsupported(String apiFunction) {
        return new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, apiFunction);
    }

    /**
     * libvirt's {@code virCheckFlags}: a driver entry point refuses flag bits it does not know.
     *
     * @param function libvirt's C function name, which libvirt puts in the message
     * @throws VirtException INVALID_ARG "unsupported flags (0x4) in function qemuDomainSetMemoryFlags",
     *                       the message as it is (libvirt raises it with its own format: no "invalid argument: ")
     */
    static void checkFlags(int flags, int supported, ErrorDomain domain, String function) {
        int unknown = flags & ~supported;
        if (unknown != 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, domain,
                "unsupported flags (0x" + Integer.toHexString(unknown) + ") in function " + function);
        }
    }

    /**
     * {@link #checkFlags(int, int, ErrorDomain, String)} with the supported bits named by the API's
     * flag constants, as libvirt's drivers name theirs:
     * {@code checkFlags(flags, ErrorDomain.QEMU, "qemuDomainDestroyFlags", DestroyFlag.GRACEFUL)} or
     * every constant of an enum ({@code UndefineFlag.values()}).
     *
     * @since 1.0.0
     */
    static void checkFlags(int flags, ErrorDomain domain, String function, Flag... supported) {
        int bits = 0;
        for (Flag f : supported) {
            bits |= f.bit();
        }
        checkFlags(flags, bits, domain, function);
    }

    // ---------- connection ----------

    /** virNodeGetSecurityModel. @since 1.6.0 */
    default io.jvirt.api.SecurityModel nodeSecurityModel() {
        throw unsupported("virNodeGetSecurityModel");
    }

    /** virDomainGetSecurityLabel: an empty label for a domain that does not run. @since 1.6.0 */
    default io.jvirt.api.SecurityLabel domainSecurityLabel(DomainRef dom) {
        throw unsupported("virDomainGetSecurityLabel");
    }

    default String uri() {
        throw unsupported("virConnectGetURI");
    }

    default long hypervisorVersion() {
        throw unsupported("virConnectGetVersion");
    }

    default String hostname() {
        throw unsupported("virConnectGetHostname");
    }

    default String capabilities() {
        throw unsupported("virConnectGetCapabilities");
    }

    default NodeInfo nodeInfo() {
        throw unsupported("virNodeGetInfo");
    }

    default int maxVcpus(String type) {
        throw unsupported("virConnectGetMaxVcpus");
    }

    /**
     * libvirt's connectIsEncrypted: whether the driver's traffic is encrypted. The default is a
     * local driver's answer (nothing leaves the host: not encrypted); a remote driver answers by its
     * transport (https: true).
     *
     * @since 1.1.0
     */
    default boolean isEncrypted() {
        return false;
    }

    /**
     * libvirt's connectIsSecure: whether the driver's traffic is safe from eavesdropping. The default
     * is a local driver's answer (true); a remote driver answers by its transport (https: true,
     * plain http: false).
     *
     * @since 1.1.0
     */
    default boolean isSecure() {
        return true;
    }

    /** Whether the hypervisor side is still there (false for a lost remote session). */
    default boolean isAlive() {
        return true;
    }

    default List<DomainRef> listAllDomains(int flags) {
        throw unsupported("virConnectListAllDomains");
    }

    default int numOfDomains() {
        throw unsupported("virConnectNumOfDomains");
    }

    default int numOfDefinedDomains() {
        throw unsupported("virConnectNumOfDefinedDomains");
    }

    default DomainRef lookupByName(String name) {
        throw unsupported("virDomainLookupByName");
    }

    default DomainRef lookupByUuid(UUID uuid) {
        throw unsupported("virDomainLookupByUUID");
    }

    default DomainRef lookupById(int id) {
        throw unsupported("virDomainLookupByID");
    }

    default DomainRef defineXml(String xml, int flags) {
        throw unsupported("virDomainDefineXMLFlags");
    }

    default DomainRef createXml(String xml, int flags) {
        throw unsupported("virDomainCreateXML");
    }

    default String domainXmlFromNative(String format, String config) {
        throw unsupported("virConnectDomainXMLFromNative");
    }

    default String domainXmlToNative(String format, String xml) {
        throw unsupported("virConnectDomainXMLToNative");
    }

    /**
     * Subscribes to lifecycle events of this connection's domains. The driver calls {@code sink}
     * synchronously and in order for each domain; the core delivers to API listeners from its own
     * thread.
     *
     * @return closes the subscription
     */
    default AutoCloseable subscribeDomainEvents(Consumer<DomainEvent> sink) {
        throw unsupported("virConnectDomainEventRegisterAny");
    }

    /**
     * Tells {@code sink} once if the connection is lost on the driver's side (a remote peer that
     * hung up, a keepalive that gave up): the core reports it to the connection's close listeners
     * (libvirt's virConnectRegisterCloseCallback). A local driver, whose connections are lost only
     * when the driver goes (which the core sees itself), keeps the default.
     *
     * @return closes the subscription
     * @since 1.3.0
     */
    default AutoCloseable subscribeClose(Consumer<io.jvirt.api.CloseListener.Reason> sink) {
        return () -> { };
    }

    // ---------- domains ----------

    /** The domain's current id, -1 when it is not running. */
    default int domainId(DomainRef dom) {
        return lookupByUuid(dom.uuid()).id();
    }

    default String domainOsType(DomainRef dom) {
        throw unsupported("virDomainGetOSType");
    }

    default DomainInfo domainInfo(DomainRef dom) {
        throw unsupported("virDomainGetInfo");
    }

    default StateReason domainState(DomainRef dom) {
        throw unsupported("virDomainGetState");
    }

    default boolean domainIsActive(DomainRef dom) {
        throw unsupported("virDomainIsActive");
    }

    default boolean domainIsPersistent(DomainRef dom) {
        throw unsupported("virDomainIsPersistent");
    }

    default boolean domainIsUpdated(DomainRef dom) {
        throw unsupported("virDomainIsUpdated");
    }

    default boolean domainHasManagedSaveImage(DomainRef dom) {
        throw unsupported("virDomainHasManagedSaveImage");
    }

    default String domainXmlDesc(DomainRef dom, int flags) {
        throw unsupported("virDomainGetXMLDesc");
    }

    default void domainCreate(DomainRef dom, int flags) {
        throw unsupported("virDomainCreateWithFlags");
    }

    default void domainShutdown(DomainRef dom, int flags) {
        throw unsupported("virDomainShutdownFlags");
    }

    default void domainReboot(DomainRef dom, int flags) {
        throw unsupported("virDomainReboot");
    }

    default void domainReset(DomainRef dom) {
        throw unsupported("virDomainReset");
    }

    default void domainDestroy(DomainRef dom, int flags) {
        throw unsupported("virDomainDestroyFlags");
    }

    default void domainSuspend(DomainRef dom) {
        throw unsupported("virDomainSuspend");
    }

    default void domainResume(DomainRef dom) {
        throw unsupported("virDomainResume");
    }

    default void domainUndefine(DomainRef dom, int flags) {
        throw unsupported("virDomainUndefineFlags");
    }

    default boolean domainAutostart(DomainRef dom) {
        throw unsupported("virDomainGetAutostart");
    }

    default void domainSetAutostart(DomainRef dom, boolean autostart) {
        throw unsupported("virDomainSetAutostart");
    }

    default void domainSetMemory(DomainRef dom, long kib, int flags) {
        throw unsupported("virDomainSetMemoryFlags");
    }

    default void domainSetMaxMemory(DomainRef dom, long kib) {
        throw unsupported("virDomainSetMaxMemory");
    }

    default void domainSetVcpus(DomainRef dom, int count, int flags) {
        throw unsupported("virDomainSetVcpusFlags");
    }

    default void domainAttachDevice(DomainRef dom, String xml, int flags) {
        throw unsupported("virDomainAttachDeviceFlags");
    }

    default void domainDetachDevice(DomainRef dom, String xml, int flags) {
        throw unsupported("virDomainDetachDeviceFlags");
    }

    default void domainUpdateDevice(DomainRef dom, String xml, int flags) {
        throw unsupported("virDomainUpdateDeviceFlags");
    }

    /** @param type libvirt's {@code virDomainMetadataType} number */
    default String domainMetadata(DomainRef dom, int type, String uri, int flags) {
        throw unsupported("virDomainGetMetadata");
    }

    /** @param type libvirt's {@code virDomainMetadataType} number */
    default void domainSetMetadata(DomainRef dom, int type, String value, String key, String uri, int flags) {
        throw unsupported("virDomainSetMetadata");
    }

    default void domainRename(DomainRef dom, String newName) {
        throw unsupported("virDomainRename");
    }

    default void domainManagedSave(DomainRef dom) {
        throw unsupported("virDomainManagedSave");
    }

    default void domainManagedSaveRemove(DomainRef dom) {
        throw unsupported("virDomainManagedSaveRemove");
    }

    /**
     * virDomainOpenConsole: the console of alias {@code devName} (null: the first console) of a
     * running domain, opened; {@code flags} are virDomainConsoleFlags bits.
     *
     * @since 1.3.0
     */
    default io.jvirt.api.DomainConsole domainOpenConsole(DomainRef dom, String devName, int flags) {
        throw unsupported("virDomainOpenConsole");
    }

    /**
     * The statistics the hypervisor has for a running domain, in the order {@code virsh dommemstat}
     * should print them; OPERATION_INVALID "domain is not running" for an inactive one.
     *
     * @since 0.2.0 (package version)
     */
    default MemoryStats domainMemoryStats(DomainRef dom) {
        throw unsupported("virDomainMemoryStats");
    }

    /**
     * The guest's host name; never null or empty (a guest that reports none is the driver's error).
     *
     * @param flags {@code virDomainGetHostnameFlags} bits (LEASE 1, AGENT 2), checked by the driver
     * @since 0.2.0 (package version)
     */
    default String domainHostname(DomainRef dom, int flags) {
        throw unsupported("virDomainGetHostname");
    }

    // ---------- domain tuning (since 1.3.0) ----------
    // Flags arrive unchecked, as libvirt's drivers get them: a driver checks them first (checkFlags).

    /** {@code virNodeGetCPUMap}. */
    default io.jvirt.api.NodeCpuMap nodeCpuMap(int flags) {
        throw unsupported("virNodeGetCPUMap");
    }

    /** {@code virDomainGetControlInfo}; OPERATION_INVALID "domain is not running" for an inactive domain. */
    default DomainControlInfo domainControlInfo(DomainRef dom, int flags) {
        throw unsupported("virDomainGetControlInfo");
    }

    /** {@code virDomainGetMaxVcpus}. */
    default int domainMaxVcpus(DomainRef dom) {
        throw unsupported("virDomainGetMaxVcpus");
    }

    /** {@code virDomainGetVcpusFlags}; flags are {@code virDomainVcpuFlags} bits. */
    default int domainVcpuCount(DomainRef dom, int flags) {
        throw unsupported("virDomainGetVcpusFlags");
    }

    /** {@code virDomainPinVcpuFlags}; flags 0 is {@code virDomainPinVcpu}. */
    default void domainPinVcpu(DomainRef dom, int vcpu, BitSet cpus, int flags) {
        throw unsupported("virDomainPinVcpuFlags");
    }

    /** {@code virDomainGetVcpuPinInfo}: one set of host CPUs per vCPU, up to the definition's maximum. */
    default List<BitSet> domainVcpuPinInfo(DomainRef dom, int flags) {
        throw unsupported("virDomainGetVcpuPinInfo");
    }

    /** {@code virDomainGetSchedulerType}. */
    default SchedulerType domainSchedulerType(DomainRef dom) {
        throw unsupported("virDomainGetSchedulerType");
    }

    /**
     * {@code virDomainGetSchedulerParametersFlags}; flags 0 is {@code virDomainGetSchedulerParameters},
     * the flags variant carries {@code VIR_TYPED_PARAM_STRING_OKAY} (4) beside the impact, as
     * libvirt's public function adds it for a driver that takes string parameters.
     */
    default List<TypedParameter> domainSchedulerParameters(DomainRef dom, int flags) {
        throw unsupported("virDomainGetSchedulerParametersFlags");
    }

    /** {@code virDomainSetSchedulerParametersFlags}. */
    default void domainSetSchedulerParameters(DomainRef dom, List<TypedParameter> params, int flags) {
        throw unsupported("virDomainSetSchedulerParametersFlags");
    }

    // ---------- domain statistics (since 1.7.0) ----------

    /**
     * {@code virConnectGetAllDomainStats} (no {@code doms}) and {@code virDomainListGetStats}
     * ({@code doms} not empty, domains gone meanwhile left out); {@code stats} are
     * {@code virDomainStatsTypes} bits, flags {@code virConnectGetAllDomainStatsFlags} bits.
     */
    default List<DomainStatsEntry> getAllDomainStats(List<DomainRef> doms, int stats, int flags) {
        throw unsupported("virConnectGetAllDomainStats");
    }

    // ---------- I/O threads (since 1.7.0); ids are unsigned ----------

    /** {@code virDomainGetIOThreadInfo}. */
    default List<io.jvirt.api.IoThreadInfo> domainIoThreadInfo(DomainRef dom, int flags) {
        throw unsupported("virDomainGetIOThreadInfo");
    }

    /** {@code virDomainAddIOThread}. */
    default void domainAddIoThread(DomainRef dom, int id, int flags) {
        throw unsupported("virDomainAddIOThread");
    }

    /** {@code virDomainDelIOThread}. */
    default void domainDelIoThread(DomainRef dom, int id, int flags) {
        throw unsupported("virDomainDelIOThread");
    }

    /** {@code virDomainSetIOThreadParams}. */
    default void domainSetIoThreadParams(DomainRef dom, int id, List<TypedParameter> params, int flags) {
        throw unsupported("virDomainSetIOThreadParams");
    }

    /** {@code virDomainPinIOThread}. */
    default void domainPinIoThread(DomainRef dom, int id, BitSet cpus, int flags) {
        throw unsupported("virDomainPinIOThread");
    }

    // ---------- blkio parameters (since 1.7.0) ----------

    /**
     * {@code virDomainGetBlkioParameters}: every parameter; flags carry {@code VIR_TYPED_PARAM_STRING_OKAY}
     * (4) beside the impact, as libvirt's public function adds it.
     */
    default List<TypedParameter> domainBlkioParameters(DomainRef dom, int flags) {
        throw unsupported("virDomainGetBlkioParameters");
    }

    /** {@code virDomainSetBlkioParameters}. */
    default void domainSetBlkioParameters(DomainRef dom, List<TypedParameter> params, int flags) {
        throw unsupported("virDomainSetBlkioParameters");
    }

    // ---------- the host's memory and CPU figures (since 1.8.0) ----------

    /** {@code virNodeGetFreeMemory}: bytes free; 0 is libvirt's failure without a word. */
    default long nodeFreeMemory() {
        throw unsupported("virNodeGetFreeMemory");
    }

    /**
     * {@code virNodeGetCellsFreeMemory}: the free bytes of up to {@code maxCells} cells from
     * {@code startCell} (the core has checked both: not negative, above zero).
     */
    default List<Long> nodeCellsFreeMemory(int startCell, int maxCells) {
        throw unsupported("virNodeGetCellsFreeMemory");
    }

    /** {@code virConnectGetSysinfo}: the host's {@code <sysinfo>} XML. */
    default String connectSysinfo(int flags) {
        throw unsupported("virConnectGetSysinfo");
    }

    /**
     * {@code virNodeGetCPUStats}: all the statistics of CPU {@code cpuNum} (-1: all CPUs), in the
     * driver's order; the caller takes as many as it wants (libvirt's nparams).
     */
    default List<io.jvirt.api.NodeStat> nodeCpuStats(int cpuNum, int flags) {
        throw unsupported("virNodeGetCPUStats");
    }

    /** {@code virNodeGetMemoryStats}: all the statistics of cell {@code cellNum} (-1: all cells), in KiB. */
    default List<io.jvirt.api.NodeStat> nodeMemoryStats(int cellNum, int flags) {
        throw unsupported("virNodeGetMemoryStats");
    }

    // ---------- CPU statistics (since 1.7.0): virDomainGetCPUStats's three uses ----------

    /** {@code virDomainGetCPUStats} with start_cpu -1 and ncpus 1: the domain's total. */
    default List<TypedParameter> domainCpuStatsTotal(DomainRef dom, int flags) {
        throw unsupported("virDomainGetCPUStats");
    }

    /** {@code virDomainGetCPUStats} with ncpus 0: the number of CPUs. */
    default int domainCpuStatsCpuCount(DomainRef dom, int flags) {
        throw unsupported("virDomainGetCPUStats");
    }

    /** {@code virDomainGetCPUStats} per CPU: {@code ncpus} lists from {@code startCpu}, empty for a CPU without statistics. */
    default List<List<TypedParameter>> domainCpuStats(DomainRef dom, int startCpu, int ncpus, int flags) {
        throw unsupported("virDomainGetCPUStats");
    }

    // ---------- checkpoints and snapshots (since 1.3.0): checkpoints are named by CheckpointRef ----------

    /** {@code virDomainCheckpointCreateXML}; the new checkpoint's name. */
    default String domainCheckpointCreateXml(DomainRef dom, String xml, int flags) {
        throw unsupported("virDomainCheckpointCreateXML");
    }

    /** {@code virDomainListAllCheckpoints}: names, in topological order with LIST_TOPOLOGICAL. */
    default List<String> domainListAllCheckpoints(DomainRef dom, int flags) {
        throw unsupported("virDomainListAllCheckpoints");
    }

    /** {@code virDomainCheckpointLookupByName}; the name as the driver has it. */
    default String domainCheckpointLookupByName(DomainRef dom, String name, int flags) {
        throw unsupported("virDomainCheckpointLookupByName");
    }

    /** {@code virDomainCheckpointListAllChildren}. */
    default List<String> checkpointListAllChildren(CheckpointRef checkpoint, int flags) {
        throw unsupported("virDomainCheckpointListAllChildren");
    }

    /** {@code virDomainCheckpointGetParent}; the parent's name. */
    default String checkpointParent(CheckpointRef checkpoint, int flags) {
        throw unsupported("virDomainCheckpointGetParent");
    }

    /** {@code virDomainCheckpointGetXMLDesc}. */
    default String checkpointXmlDesc(CheckpointRef checkpoint, int flags) {
        throw unsupported("virDomainCheckpointGetXMLDesc");
    }

    /** {@code virDomainCheckpointDelete}. */
    default void checkpointDelete(CheckpointRef checkpoint, int flags) {
        throw unsupported("virDomainCheckpointDelete");
    }

    /** {@code virDomainSnapshotCreateXML}; the new snapshot's name. */
    default String domainSnapshotCreateXml(DomainRef dom, String xml, int flags) {
        throw unsupported("virDomainSnapshotCreateXML");
    }

    // ---------- the snapshot family (since 1.7.0): snapshots are named by SnapshotRef ----------

    /** {@code virDomainListAllSnapshots}: names, in topological order with LIST_TOPOLOGICAL. */
    default List<String> domainListAllSnapshots(DomainRef dom, int flags) {
        throw unsupported("virDomainListAllSnapshots");
    }

    /** {@code virDomainSnapshotLookupByName}; the name as the driver has it. */
    default String domainSnapshotLookupByName(DomainRef dom, String name, int flags) {
        throw unsupported("virDomainSnapshotLookupByName");
    }

    /** {@code virDomainHasCurrentSnapshot}. */
    default boolean domainHasCurrentSnapshot(DomainRef dom, int flags) {
        throw unsupported("virDomainHasCurrentSnapshot");
    }

    /** {@code virDomainSnapshotCurrent}; the current snapshot's name. */
    default String domainSnapshotCurrent(DomainRef dom, int flags) {
        throw unsupported("virDomainSnapshotCurrent");
    }

    /** {@code virDomainSnapshotListAllChildren}. */
    default List<String> snapshotListAllChildren(SnapshotRef snapshot, int flags) {
        throw unsupported("virDomainSnapshotListAllChildren");
    }

    /** {@code virDomainSnapshotGetParent}; the parent's name. */
    default String snapshotParent(SnapshotRef snapshot, int flags) {
        throw unsupported("virDomainSnapshotGetParent");
    }

    /** {@code virDomainSnapshotGetXMLDesc}. */
    default String snapshotXmlDesc(SnapshotRef snapshot, int flags) {
        throw unsupported("virDomainSnapshotGetXMLDesc");
    }

    /** {@code virDomainSnapshotIsCurrent}. */
    default boolean snapshotIsCurrent(SnapshotRef snapshot, int flags) {
        throw unsupported("virDomainSnapshotIsCurrent");
    }

    /** {@code virDomainSnapshotHasMetadata}. */
    default boolean snapshotHasMetadata(SnapshotRef snapshot, int flags) {
        throw unsupported("virDomainSnapshotHasMetadata");
    }

    /** {@code virDomainRevertToSnapshot}. */
    default void snapshotRevert(SnapshotRef snapshot, int flags) {
        throw unsupported("virDomainRevertToSnapshot");
    }

    /** {@code virDomainSnapshotDelete}. */
    default void snapshotDelete(SnapshotRef snapshot, int flags) {
        throw unsupported("virDomainSnapshotDelete");
    }
    // ---------- networks (since 1.1.0) ----------
    // libvirt's network driver table: a driver with no virtual networks keeps these defaults. The
    // core calls them after the read-only check; flags arrive unchecked, as libvirt's drivers get
    // them, and a driver checks them first (checkFlags), as libvirt's virCheckFlags does.

    /** @param flags {@code virConnectListAllNetworksFlags} bits */
    default List<NetworkRef> listAllNetworks(int flags) {
        throw unsupported("virConnectListAllNetworks");
    }

    default int numOfNetworks() {
        throw unsupported("virConnectNumOfNetworks");
    }

    default int numOfDefinedNetworks() {
        throw unsupported("virConnectNumOfDefinedNetworks");
    }

    default NetworkRef networkLookupByName(String name) {
        throw unsupported("virNetworkLookupByName");
    }

    default NetworkRef networkLookupByUuid(UUID uuid) {
        throw unsupported("virNetworkLookupByUUID");
    }

    /** @param flags {@code virNetworkDefineFlags} bits */
    default NetworkRef networkDefineXml(String xml, int flags) {
        throw unsupported("virNetworkDefineXMLFlags");
    }

    /** @param flags {@code virNetworkCreateFlags} bits */
    default NetworkRef networkCreateXml(String xml, int flags) {
        throw unsupported("virNetworkCreateXMLFlags");
    }

    /**
     * Subscribes to lifecycle events of this connection's networks, as
     * {@link #subscribeDomainEvents} does for domains.
     *
     * @return closes the subscription
     */
    default AutoCloseable subscribeNetworkEvents(Consumer<NetworkEvent> sink) {
        throw unsupported("virConnectNetworkEventRegisterAny");
    }

    default boolean networkIsActive(NetworkRef net) {
        throw unsupported("virNetworkIsActive");
    }

    default boolean networkIsPersistent(NetworkRef net) {
        throw unsupported("virNetworkIsPersistent");
    }

    /** @param flags {@code virNetworkXMLFlags} bits */
    default String networkXmlDesc(NetworkRef net, int flags) {
        throw unsupported("virNetworkGetXMLDesc");
    }

    /** Starts a defined network. */
    default void networkCreate(NetworkRef net) {
        throw unsupported("virNetworkCreate");
    }

    default void networkDestroy(NetworkRef net) {
        throw unsupported("virNetworkDestroy");
    }

    default void networkUndefine(NetworkRef net) {
        throw unsupported("virNetworkUndefine");
    }

    default boolean networkAutostart(NetworkRef net) {
        throw unsupported("virNetworkGetAutostart");
    }

    default void networkSetAutostart(NetworkRef net, boolean autostart) {
        throw unsupported("virNetworkSetAutostart");
    }

    default String networkBridgeName(NetworkRef net) {
        throw unsupported("virNetworkGetBridgeName");
    }

    /**
     * @param mac   only the leases of this MAC address; null for all
     * @param flags none defined by libvirt yet: a driver refuses any
     */
    default List<NetworkDhcpLease> networkDhcpLeases(NetworkRef net, String mac, int flags) {
        throw unsupported("virNetworkGetDHCPLeases");
    }

    // ---------- storage (since 1.2.0) ----------
    // libvirt's storage driver table: a driver with no storage pools keeps these defaults. The core
    // calls them after the read-only check and the null checks; flags arrive unchecked, as
    // libvirt's drivers get them, and a driver checks them first (checkFlags), as libvirt's
    // virCheckFlags does, before it looks at anything else.

    /** @param flags {@code virConnectListAllStoragePoolsFlags} bits */
    default List<StoragePoolRef> listAllStoragePools(int flags) {
        throw unsupported("virConnectListAllStoragePools");
    }

    default int numOfStoragePools() {
        throw unsupported("virConnectNumOfStoragePools");
    }

    default int numOfDefinedStoragePools() {
        throw unsupported("virConnectNumOfDefinedStoragePools");
    }

    default StoragePoolRef storagePoolLookupByName(String name) {
        throw unsupported("virStoragePoolLookupByName");
    }

    default StoragePoolRef storagePoolLookupByUuid(UUID uuid) {
        throw unsupported("virStoragePoolLookupByUUID");
    }

    default StoragePoolRef storagePoolLookupByVolume(StorageVolRef vol) {
        throw unsupported("virStoragePoolLookupByVolume");
    }

    default StoragePoolRef storagePoolLookupByTargetPath(String path) {
        throw unsupported("virStoragePoolLookupByTargetPath");
    }

    /** @param flags {@code virStoragePoolDefineFlags} bits */
    default StoragePoolRef storagePoolDefineXml(String xml, int flags) {
        throw unsupported("virStoragePoolDefineXML");
    }

    /** @param flags {@code virStoragePoolCreateFlags} bits */
    default StoragePoolRef storagePoolCreateXml(String xml, int flags) {
        throw unsupported("virStoragePoolCreateXML");
    }

    /**
     * @param srcSpec a {@code <source>} document, or null
     * @param flags   none defined by libvirt: a driver refuses any
     */
    default String findStoragePoolSources(String type, String srcSpec, int flags) {
        throw unsupported("virConnectFindStoragePoolSources");
    }

    /** @param flags none defined by libvirt: a driver refuses any */
    default String storagePoolCapabilities(int flags) {
        throw unsupported("virConnectGetStoragePoolCapabilities");
    }

    /**
     * Subscribes to the pool events (lifecycle and refresh) of this connection's pools, as
     * {@link #subscribeDomainEvents} does for domains.
     *
     * @return closes the subscription
     */
    default AutoCloseable subscribeStoragePoolEvents(Consumer<StoragePoolEvent> sink) {
        throw unsupported("virConnectStoragePoolEventRegisterAny");
    }

    default boolean storagePoolIsActive(StoragePoolRef pool) {
        throw unsupported("virStoragePoolIsActive");
    }

    default boolean storagePoolIsPersistent(StoragePoolRef pool) {
        throw unsupported("virStoragePoolIsPersistent");
    }

    default StoragePoolInfo storagePoolInfo(StoragePoolRef pool) {
        throw unsupported("virStoragePoolGetInfo");
    }

    /** @param flags {@code virStorageXMLFlags} bits */
    default String storagePoolXmlDesc(StoragePoolRef pool, int flags) {
        throw unsupported("virStoragePoolGetXMLDesc");
    }

    /** @param flags {@code virStoragePoolBuildFlags} bits */
    default void storagePoolBuild(StoragePoolRef pool, int flags) {
        throw unsupported("virStoragePoolBuild");
    }

    /** Starts a defined pool. @param flags {@code virStoragePoolCreateFlags} bits */
    default void storagePoolCreate(StoragePoolRef pool, int flags) {
        throw unsupported("virStoragePoolCreate");
    }

    default void storagePoolDestroy(StoragePoolRef pool) {
        throw unsupported("virStoragePoolDestroy");
    }

    /** @param flags {@code virStoragePoolDeleteFlags} bits */
    default void storagePoolDelete(StoragePoolRef pool, int flags) {
        throw unsupported("virStoragePoolDelete");
    }

    default void storagePoolUndefine(StoragePoolRef pool) {
        throw unsupported("virStoragePoolUndefine");
    }

    /** @param flags none defined by libvirt: a driver refuses any */
    default void storagePoolRefresh(StoragePoolRef pool, int flags) {
        throw unsupported("virStoragePoolRefresh");
    }

    default boolean storagePoolAutostart(StoragePoolRef pool) {
        throw unsupported("virStoragePoolGetAutostart");
    }

    default void storagePoolSetAutostart(StoragePoolRef pool, boolean autostart) {
        throw unsupported("virStoragePoolSetAutostart");
    }

    default int storagePoolNumOfVolumes(StoragePoolRef pool) {
        throw unsupported("virStoragePoolNumOfVolumes");
    }

    /** @param flags none defined by libvirt: a driver refuses any */
    default List<StorageVolRef> storagePoolListAllVolumes(StoragePoolRef pool, int flags) {
        throw unsupported("virStoragePoolListAllVolumes");
    }

    default StorageVolRef storageVolLookupByName(StoragePoolRef pool, String name) {
        throw unsupported("virStorageVolLookupByName");
    }

    default StorageVolRef storageVolLookupByKey(String key) {
        throw unsupported("virStorageVolLookupByKey");
    }

    default StorageVolRef storageVolLookupByPath(String path) {
        throw unsupported("virStorageVolLookupByPath");
    }

    /** @param flags {@code virStorageVolCreateFlags} bits */
    default StorageVolRef storageVolCreateXml(StoragePoolRef pool, String xml, int flags) {
        throw unsupported("virStorageVolCreateXML");
    }

    /**
     * @param source the volume to copy, of this connection (possibly in another pool)
     * @param flags  {@code virStorageVolCreateFlags} bits
     */
    default StorageVolRef storageVolCreateXmlFrom(StoragePoolRef pool, String xml, StorageVolRef source, int flags) {
        throw unsupported("virStorageVolCreateXMLFrom");
    }

    /** @param flags {@code virStorageVolDeleteFlags} bits */
    default void storageVolDelete(StorageVolRef vol, int flags) {
        throw unsupported("virStorageVolDelete");
    }

    /**
     * {@code virStorageVolWipePattern} ({@code virStorageVolWipe} is algorithm 0, ZERO).
     *
     * @param algorithm {@code virStorageVolWipeAlgorithm} number, unchecked (a driver refuses what it does not know)
     * @param flags     none defined by libvirt: a driver refuses any
     */
    default void storageVolWipe(StorageVolRef vol, int algorithm, int flags) {
        throw unsupported("virStorageVolWipePattern");
    }

    /** @param flags {@code virStorageVolResizeFlags} bits */
    default void storageVolResize(StorageVolRef vol, long capacity, int flags) {
        throw unsupported("virStorageVolResize");
    }

    /** @param flags {@code virStorageVolInfoFlags} bits */
    default StorageVolInfo storageVolInfo(StorageVolRef vol, int flags) {
        throw unsupported("virStorageVolGetInfoFlags");
    }

    /** @param flags none defined by libvirt: a driver refuses any */
    default String storageVolXmlDesc(StorageVolRef vol, int flags) {
        throw unsupported("virStorageVolGetXMLDesc");
    }

    default String storageVolPath(StorageVolRef vol) {
        throw unsupported("virStorageVolGetPath");
    }

    /**
     * Opens a read of the volume's bytes (libvirt's stream semantics: {@code length} 0 reads to the
     * end). The driver checks the flags and the volume's state before it returns; a failure after
     * that surfaces from the stream as an IOException whose cause is the VirtException.
     *
     * @param offset not negative (the core checked)
     * @param length not negative (the core checked)
     * @param flags  {@code virStorageVolDownloadFlags} bits
     */
    default InputStream storageVolDownload(StorageVolRef vol, long offset, long length, int flags) {
        throw unsupported("virStorageVolDownload");
    }

    /**
     * Opens a write into the volume (libvirt's stream semantics: {@code length} 0 writes up to the
     * end); {@code close()} finishes the transfer and reports a failure as an IOException whose
     * cause is the VirtException.
     *
     * @param offset not negative (the core checked)
     * @param length not negative (the core checked)
     * @param flags  {@code virStorageVolUploadFlags} bits
     */
    default OutputStream storageVolUpload(StorageVolRef vol, long offset, long length, int flags) {
        throw unsupported("virStorageVolUpload");
    }
}
