package io.jvirt.driver.test;

import java.util.BitSet;
import java.util.List;
import java.util.UUID;

import io.jvirt.api.DomainControlInfo;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Flag;
import io.jvirt.api.CreateFlag;
import io.jvirt.api.MemoryStats;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.SchedulerType;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.local.LocalDriverConnection;
import io.jvirt.core.kit.net.NetworkHost;
import io.jvirt.core.kit.net.NetworkHostConnection;
import io.jvirt.core.spi.CheckpointRef;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.SnapshotRef;

/**
 * A connection to a {@link TestHost}: the test driver's driver table. Define, createXml, the XML
 * dump and isUpdated are the kit's ({@link LocalDriverConnection}); connection-level calls and the
 * read-only domain calls live here; state changes are in {@link DomainLifecycle}, definition
 * changes in {@link DomainConfig} and {@link DeviceChanges}, tuning in {@link DomainTuning}; networks are the kit's
 * {@link NetworkHost} ({@link NetworkHostConnection}), storage pools its {@link TestStorage}
 * ({@link TestStorageConnection}).
 */
final class TestConnection extends LocalDriverConnection<TestRuntime> implements NetworkHostConnection, TestStorageConnection {

    /** {@code VIR_CONNECT_LIST_DOMAINS_FILTERS_ALL}, checkpoint filters included. */
    private static final int LIST_FILTERS_ALL = 0xffff;

    private final TestHost host;
    private final DomainLifecycle lifecycle;
    private final DomainConfig config;
    private final DeviceChanges devices;
    private final DomainTuning tuning;
    private final DomainCheckpoints checkpoints;
    private final DomainSnapshots snapshots;
    private final DomainStats stats;
    private final DomainIoThreads ioThreads;
    private final DomainBlkio blkio;
    private final DomainCpuStats cpuStats;

    TestConnection(TestHost host) {
        super(host);
        this.host = host;
        this.lifecycle = new DomainLifecycle(host);
        this.config = new DomainConfig(host);
        this.devices = new DeviceChanges(host);
        this.tuning = new DomainTuning(host);
        this.checkpoints = new DomainCheckpoints(host);
        this.snapshots = new DomainSnapshots(host);
        this.stats = new DomainStats(host);
        this.ioThreads = new DomainIoThreads(host);
        this.blkio = new DomainBlkio(host);
        this.cpuStats = new DomainCpuStats(host);
    }

    // ---------- connection ----------

    @Override
    public String type() {
        return "TEST";
    }

    @Override
    public void close() {
        // the default host outlives its connections; a node-file host goes with its only connection
    }

    @Override
    public long hypervisorVersion() {
        return 2; // testConnectGetVersion
    }

    @Override
    public NodeInfo nodeInfo() {
        return host.node;
    }

    /** {@code testNodeGetCPUMap}: 8 CPUs, 0, 2 and 4 online, whatever the node says (libvirt's made-up answer). */
    @Override
    public io.jvirt.api.NodeCpuMap nodeCpuMap(int flags) {
        Flags.check(flags, 0, "testNodeGetCPUMap");
        return new io.jvirt.api.NodeCpuMap(8, BitSet.valueOf(new byte[] {0x15}));
    }

    /** {@code testNodeGetFreeMemory}: the cells' free figures added up in an unsigned int (0 on a node file, which has no cells). */
    @Override
    public long nodeFreeMemory() {
        int free = 0;
        for (TestCapabilities.Cell c : host.cells) {
            free += (int) c.freeMemory();
        }
        return Integer.toUnsignedLong(free);
    }

    /** {@code testNodeGetCellsFreeMemory}: each cell's memory from startCell; a start past the cells is refused. */
    @Override
    public List<Long> nodeCellsFreeMemory(int startCell, int maxCells) {
        if (startCell >= host.cells.size()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST, "Range exceeds available cells");
        }
        List<Long> out = new java.util.ArrayList<>();
        for (int cell = startCell; cell < host.cells.size() && out.size() < maxCells; cell++) {
            out.add(host.cells.get(cell).memoryKiB());
        }
        return out;
    }

    /** {@code testConnectGetSysinfo}: libvirt's fixed SMBIOS answer, whatever the node. */
    @Override
    public String connectSysinfo(int flags) {
        Flags.check(flags, 0, "testConnectGetSysinfo");
        return "<sysinfo type='smbios'>\n"
            + "  <bios>\n"
            + "    <entry name='vendor'>LENOVO</entry>\n"
            + "    <entry name='version'>G4ETA1WW (2.61 )</entry>\n"
            + "    <entry name='date'>05/07/2014</entry>\n"
            + "    <entry name='release'>2.61</entry>\n"
            + "  </bios>\n"
            + "</sysinfo>\n";
    }

    /** {@code testNodeGetCPUStats}: four fixed figures, whatever the CPU asked for (libvirt ignores cpuNum). */
    @Override
    public List<io.jvirt.api.NodeStat> nodeCpuStats(int cpuNum, int flags) {
        Flags.check(flags, 0, "testNodeGetCPUStats");
        return List.of(new io.jvirt.api.NodeStat("user", 9_797_400_000L),
            new io.jvirt.api.NodeStat("kernel", 34_678_723_400_000L),
            new io.jvirt.api.NodeStat("idle", 87_264_900_000L),
            new io.jvirt.api.NodeStat("iowait", 763_600_000L));
    }

    // virNodeGetMemoryStats: libvirt 9.0's test driver has no nodeGetMemoryStats, so NO_SUPPORT (the SPI's default)

    @Override
    public int maxVcpus(String type) {
        return TestDefaults.MAX_VCPUS;
    }

    @Override
    public String capabilities() {
        return TestCapabilities.format(host.cells);
    }

    @Override
    public List<DomainRef> listAllDomains(int flags) {
        Flags.check(flags, LIST_FILTERS_ALL, "testConnectListAllDomains");
        return super.listAllDomains(flags);
    }

    // libvirt's test driver reports a failed lookup as a bare "Domain not found"

    @Override
    public DomainRef lookupByName(String name) {
        return found(host.domains.findByName(name));
    }

    @Override
    public DomainRef lookupByUuid(UUID uuid) {
        return found(host.domains.findByUuid(uuid));
    }

    @Override
    public DomainRef lookupById(int id) {
        return found(host.domains.findById(id));
    }

    private static DomainRef found(DomainObject<TestRuntime> d) {
        if (d == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN, ErrorDomain.TEST, null);
        }
        return d.ref();
    }

    /**
     * {@code testDomainCreateXML}: VALIDATE and PAUSED. libvirt's test driver refuses PAUSED; jvirt's
     * honours it, since a start that leaves the guest paused is part of every other driver's lifecycle.
     */
    @Override
    protected Flag[] createXmlFlags() {
        return new Flag[] {CreateFlag.VALIDATE, CreateFlag.PAUSED};
    }

    // ---------- domain queries ----------

    /**
     * libvirt's test driver names the domain in a failed lookup by reference ("no domain with
     * matching uuid 'U' (name)", error domain TEST): the registry-held facts the base class answers
     * (id, state, persistence, autostart, managed save) fail with that wording too.
     */
    @Override
    protected DomainObject<TestRuntime> dom(DomainRef ref) {
        return host.dom(ref);
    }

    @Override
    public String domainOsType(DomainRef ref) {
        host.dom(ref);
        return "linux"; // testDomainGetOSType answers this for every domain
    }

    /** testNodeGetSecurityModel: libvirt's test driver's own model name, no DOI. */
    @Override
    public io.jvirt.api.SecurityModel nodeSecurityModel() {
        return new io.jvirt.api.SecurityModel("testSecurity", "");
    }

    /** testDomainGetSecurityLabel: "libvirt-test", enforcing, for a running domain; nothing for another. */
    @Override
    public io.jvirt.api.SecurityLabel domainSecurityLabel(DomainRef ref) {
        DomainObject<TestRuntime> d = host.dom(ref);
        return d.isActive() ? new io.jvirt.api.SecurityLabel("libvirt-test", true) : new io.jvirt.api.SecurityLabel("", false);
    }

    @Override
    public DomainInfo domainInfo(DomainRef ref) {
        DomainObject<TestRuntime> d = host.dom(ref);
        DomainDef def = d.def();
        // testDomainGetInfo: the CPU time is the host's clock (ns since the epoch) in every state
        return new DomainInfo(d.state().state(), def.memoryKiB(), def.currentMemoryKiB(), def.currentVcpus(),
            TestDefaults.cpuTimeNow());
    }

    @Override
    public String domainMetadata(DomainRef ref, int type, String uri, int flags) {
        return config.metadata(ref, type, uri, flags);
    }

    /** {@code testDomainMemoryStats}: made-up figures of a running domain with a balloon. */
    @Override
    public MemoryStats domainMemoryStats(DomainRef ref) {
        DomainObject<TestRuntime> d = host.dom(ref);
        d.requireActive();
        return TestMemoryStats.of(d.def());
    }

    /** {@code testDomainGetHostname}: "NAMEhost" for a running domain; it knows no source to choose. */
    @Override
    public String domainHostname(DomainRef ref, int flags) {
        Flags.check(flags, 0, "testDomainGetHostname");
        DomainObject<TestRuntime> d = host.dom(ref);
        d.requireActive();
        return d.def().name() + "host";
    }

    // ---------- lifecycle ----------

    @Override
    public void domainCreate(DomainRef ref, int flags) {
        lifecycle.create(ref, flags);
    }

    @Override
    public void domainShutdown(DomainRef ref, int flags) {
        lifecycle.shutdown(ref, flags);
    }

    @Override
    public void domainReboot(DomainRef ref, int flags) {
        lifecycle.reboot(ref, flags);
    }

    @Override
    public void domainReset(DomainRef ref) {
        lifecycle.reset(ref);
    }

    @Override
    public void domainDestroy(DomainRef ref, int flags) {
        lifecycle.destroy(ref, flags);
    }

    @Override
    public void domainSuspend(DomainRef ref) {
        lifecycle.suspend(ref);
    }

    @Override
    public void domainResume(DomainRef ref) {
        lifecycle.resume(ref);
    }

    @Override
    public void domainUndefine(DomainRef ref, int flags) {
        lifecycle.undefine(ref, flags);
    }

    @Override
    public void domainRename(DomainRef ref, String newName) {
        lifecycle.rename(ref, newName);
    }

    @Override
    public void domainManagedSave(DomainRef ref) {
        lifecycle.managedSave(ref);
    }

    @Override
    public void domainManagedSaveRemove(DomainRef ref) {
        lifecycle.managedSaveRemove(ref);
    }

    // ---------- definition changes ----------

    @Override
    public void domainSetAutostart(DomainRef ref, boolean autostart) {
        config.setAutostart(ref, autostart);
    }

    @Override
    public void domainSetMemory(DomainRef ref, long kib, int flags) {
        config.setMemory(ref, kib, flags);
    }

    @Override
    public void domainSetMaxMemory(DomainRef ref, long kib) {
        // testDomainSetMaxMemory: MAXIMUM with the current impact
        config.setMemory(ref, kib, Flags.MAXIMUM);
    }

    @Override
    public void domainSetVcpus(DomainRef ref, int count, int flags) {
        config.setVcpus(ref, count, flags);
    }

    @Override
    public void domainSetMetadata(DomainRef ref, int type, String value, String key, String uri, int flags) {
        config.setMetadata(ref, type, value, key, uri, flags);
    }

    @Override
    public void domainAttachDevice(DomainRef ref, String xml, int flags) {
        devices.attach(ref, xml, flags);
    }

    @Override
    public void domainDetachDevice(DomainRef ref, String xml, int flags) {
        devices.detach(ref, xml, flags);
    }

    @Override
    public void domainUpdateDevice(DomainRef ref, String xml, int flags) {
        devices.update(ref, xml, flags);
    }

    // ---------- statistics ----------

    @Override
    public List<io.jvirt.core.spi.DomainStatsEntry> getAllDomainStats(List<DomainRef> doms, int stats, int flags) {
        return this.stats.get(doms, stats, flags);
    }

    // ---------- I/O threads ----------

    @Override
    public List<io.jvirt.api.IoThreadInfo> domainIoThreadInfo(DomainRef ref, int flags) {
        return ioThreads.info(ref, flags);
    }

    @Override
    public void domainAddIoThread(DomainRef ref, int id, int flags) {
        ioThreads.add(ref, id, flags);
    }

    @Override
    public void domainDelIoThread(DomainRef ref, int id, int flags) {
        ioThreads.delete(ref, id, flags);
    }

    @Override
    public void domainSetIoThreadParams(DomainRef ref, int id, List<TypedParameter> params, int flags) {
        ioThreads.setParams(ref, id, params, flags);
    }

    @Override
    public void domainPinIoThread(DomainRef ref, int id, BitSet cpus, int flags) {
        ioThreads.pin(ref, id, cpus, flags);
    }

    // ---------- blkio parameters ----------

    @Override
    public List<TypedParameter> domainBlkioParameters(DomainRef ref, int flags) {
        return blkio.get(ref, flags);
    }

    @Override
    public void domainSetBlkioParameters(DomainRef ref, List<TypedParameter> params, int flags) {
        blkio.set(ref, params, flags);
    }

    // ---------- CPU statistics ----------

    @Override
    public List<TypedParameter> domainCpuStatsTotal(DomainRef ref, int flags) {
        return cpuStats.total(ref, flags);
    }

    @Override
    public int domainCpuStatsCpuCount(DomainRef ref, int flags) {
        return cpuStats.cpuCount(ref, flags);
    }

    @Override
    public List<List<TypedParameter>> domainCpuStats(DomainRef ref, int startCpu, int ncpus, int flags) {
        return cpuStats.perCpu(ref, startCpu, ncpus, flags);
    }

    // ---------- tuning ----------

    @Override
    public DomainControlInfo domainControlInfo(DomainRef ref, int flags) {
        return tuning.controlInfo(ref, flags);
    }

    @Override
    public int domainMaxVcpus(DomainRef ref) {
        return tuning.maxVcpus(ref);
    }

    @Override
    public int domainVcpuCount(DomainRef ref, int flags) {
        return tuning.vcpuCount(ref, flags);
    }

    @Override
    public void domainPinVcpu(DomainRef ref, int vcpu, BitSet cpus, int flags) {
        tuning.pinVcpu(ref, vcpu, cpus, flags);
    }

    @Override
    public List<BitSet> domainVcpuPinInfo(DomainRef ref, int flags) {
        return tuning.vcpuPinInfo(ref, flags);
    }

    @Override
    public SchedulerType domainSchedulerType(DomainRef ref) {
        return tuning.schedulerType(ref);
    }

    @Override
    public List<TypedParameter> domainSchedulerParameters(DomainRef ref, int flags) {
        return tuning.schedulerParameters(ref, flags);
    }

    @Override
    public void domainSetSchedulerParameters(DomainRef ref, List<TypedParameter> params, int flags) {
        tuning.setSchedulerParameters(ref, params, flags);
    }

    // ---------- checkpoints ----------

    @Override
    public String domainCheckpointCreateXml(DomainRef ref, String xml, int flags) {
        return checkpoints.create(ref, xml, flags);
    }

    @Override
    public List<String> domainListAllCheckpoints(DomainRef ref, int flags) {
        return checkpoints.list(ref, flags);
    }

    @Override
    public String domainCheckpointLookupByName(DomainRef ref, String name, int flags) {
        return checkpoints.lookup(ref, name, flags);
    }

    @Override
    public List<String> checkpointListAllChildren(CheckpointRef ref, int flags) {
        return checkpoints.children(ref, flags);
    }

    @Override
    public String checkpointParent(CheckpointRef ref, int flags) {
        return checkpoints.parent(ref, flags);
    }

    @Override
    public String checkpointXmlDesc(CheckpointRef ref, int flags) {
        return checkpoints.xmlDesc(ref, flags);
    }

    @Override
    public void checkpointDelete(CheckpointRef ref, int flags) {
        checkpoints.delete(ref, flags);
    }

    // ---------- snapshots ----------

    @Override
    public String domainSnapshotCreateXml(DomainRef ref, String xml, int flags) {
        return snapshots.create(ref, xml, flags);
    }

    @Override
    public List<String> domainListAllSnapshots(DomainRef ref, int flags) {
        return snapshots.list(ref, flags);
    }

    @Override
    public String domainSnapshotLookupByName(DomainRef ref, String name, int flags) {
        return snapshots.lookup(ref, name, flags);
    }

    @Override
    public boolean domainHasCurrentSnapshot(DomainRef ref, int flags) {
        return snapshots.hasCurrent(ref, flags);
    }

    @Override
    public String domainSnapshotCurrent(DomainRef ref, int flags) {
        return snapshots.current(ref, flags);
    }

    @Override
    public List<String> snapshotListAllChildren(SnapshotRef ref, int flags) {
        return snapshots.children(ref, flags);
    }

    @Override
    public String snapshotParent(SnapshotRef ref, int flags) {
        return snapshots.parent(ref, flags);
    }

    @Override
    public String snapshotXmlDesc(SnapshotRef ref, int flags) {
        return snapshots.xmlDesc(ref, flags);
    }

    @Override
    public boolean snapshotIsCurrent(SnapshotRef ref, int flags) {
        return snapshots.isCurrent(ref, flags);
    }

    @Override
    public boolean snapshotHasMetadata(SnapshotRef ref, int flags) {
        return snapshots.hasMetadata(ref, flags);
    }

    @Override
    public void snapshotRevert(SnapshotRef ref, int flags) {
        snapshots.revert(ref, flags);
    }

    @Override
    public void snapshotDelete(SnapshotRef ref, int flags) {
        snapshots.delete(ref, flags);
    }

    // ---------- networks: the kit's network host, in memory ----------

    @Override
    public NetworkHost networkHost() {
        return host.networks;
    }

    // ---------- storage: the host's pools, in memory ----------

    @Override
    public TestStorage storage() {
        return host.storage;
    }
}
