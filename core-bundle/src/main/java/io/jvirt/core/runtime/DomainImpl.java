package io.jvirt.core.runtime;

import java.util.BitSet;
import java.util.List;

import io.jvirt.api.CheckpointCreateFlag;
import io.jvirt.api.CheckpointListFlag;
import io.jvirt.api.CreateFlag;
import io.jvirt.api.DestroyFlag;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainCheckpoint;
import io.jvirt.api.DomainControlInfo;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainSnapshot;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Flag;
import io.jvirt.api.HostnameFlag;
import io.jvirt.api.MemoryStats;
import io.jvirt.api.MetadataType;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.SchedulerType;
import io.jvirt.api.ShutdownFlag;
import io.jvirt.api.SnapshotCreateFlag;
import io.jvirt.api.SnapshotListFlag;
import io.jvirt.api.StateReason;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.UndefineFlag;
import io.jvirt.api.VcpuFlag;
import io.jvirt.api.VirtException;
import io.jvirt.api.XmlFlag;
import io.jvirt.core.spi.CheckpointRef;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.SnapshotRef;

/** A {@link Domain} handle: each call goes through its connection's entry-point skeleton. */
final class DomainImpl extends ObjectHandle<DomainRef> implements Domain {

    /**
     * The id this handle carries, as libvirt's virDomainPtr does: the one the driver gave with the
     * lookup, listing or event the handle came from, then what this handle's own start, destroy and
     * managed save left (virDomainGetID reads it without asking the driver).
     */
    private volatile int id;

    DomainImpl(ConnectionImpl conn, DomainRef ref) {
        super(conn, ref);
        this.id = ref.id();
    }

    /**
     * After this handle's own lifecycle call: the id the driver now reports (libvirt's test driver
     * sets -1 when its synchronous shutdown ends a domain); -1 when the domain is gone (a transient
     * one that stopped).
     */
    private void refreshId() {
        try {
            id = conn.call(() -> d().domainId(ref));
        } catch (VirtException e) {
            id = -1;
        }
    }

    @Override
    String kind() {
        return "Domain";
    }

    private DriverConnection d() {
        return conn.driver();
    }

    @Override
    public int id() {
        return conn.call(() -> id);
    }

    @Override
    public String osType() {
        return conn.call(() -> d().domainOsType(ref));
    }

    @Override
    public DomainInfo info() {
        return conn.call(() -> d().domainInfo(ref));
    }

    @Override
    public io.jvirt.api.SecurityLabel securityLabel() {
        return conn.call(() -> d().domainSecurityLabel(ref));
    }

    @Override
    public StateReason state() {
        return conn.call(() -> d().domainState(ref));
    }

    @Override
    public boolean isActive() {
        return conn.call(() -> d().domainIsActive(ref));
    }

    @Override
    public boolean isPersistent() {
        return conn.call(() -> d().domainIsPersistent(ref));
    }

    @Override
    public boolean isUpdated() {
        return conn.call(() -> d().domainIsUpdated(ref));
    }

    @Override
    public boolean hasManagedSaveImage() {
        return conn.call(() -> d().domainHasManagedSaveImage(ref));
    }

    @Override
    public String xmlDesc(XmlFlag... flags) {
        int bits = Flag.bits(flags);
        if (conn.isReadOnly() && (bits & XmlFlag.SECURE.bit()) != 0) {
            throw new VirtException(ErrorCode.OPERATION_DENIED, ErrorDomain.DOMAIN,
                "virDomainGetXMLDesc with secure flag");
        }
        return conn.call(() -> d().domainXmlDesc(ref, bits));
    }

    @Override
    public void create(CreateFlag... flags) {
        conn.createDomain(ref, flags);
        // as libvirt's drivers set dom->id after a start (the remote one by a lookup)
        refreshId();
    }

    @Override
    public void shutdown(ShutdownFlag... flags) {
        conn.changeRun("virDomainShutdownFlags", () -> d().domainShutdown(ref, Flag.bits(flags)));
        refreshId();
    }

    @Override
    public void reboot(ShutdownFlag... flags) {
        conn.changeRun("virDomainReboot", () -> d().domainReboot(ref, Flag.bits(flags)));
        refreshId();
    }

    @Override
    public void reset() {
        conn.changeRun("virDomainReset", () -> d().domainReset(ref));
        refreshId();
    }

    @Override
    public void destroy(DestroyFlag... flags) {
        conn.changeRun("virDomainDestroyFlags", () -> d().domainDestroy(ref, Flag.bits(flags)));
        id = -1;
    }

    @Override
    public void suspend() {
        conn.changeRun("virDomainSuspend", () -> d().domainSuspend(ref));
    }

    @Override
    public void resume() {
        conn.changeRun("virDomainResume", () -> d().domainResume(ref));
    }

    @Override
    public void undefine(UndefineFlag... flags) {
        conn.changeRun("virDomainUndefineFlags", () -> d().domainUndefine(ref, Flag.bits(flags)));
    }

    @Override
    public boolean autostart() {
        return conn.call(() -> d().domainAutostart(ref));
    }

    @Override
    public void setAutostart(boolean autostart) {
        conn.changeRun("virDomainSetAutostart", () -> d().domainSetAutostart(ref, autostart));
    }

    @Override
    public void setMemory(long kib, ModificationImpact... impact) {
        if (kib <= 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "memory in virDomainSetMemoryFlags must not be zero");
        }
        conn.changeRun("virDomainSetMemoryFlags", () -> d().domainSetMemory(ref, kib, Flag.bits(impact)));
    }

    @Override
    public void setMaxMemory(long kib) {
        if (kib <= 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "memory in virDomainSetMaxMemory must not be zero");
        }
        conn.changeRun("virDomainSetMaxMemory", () -> d().domainSetMaxMemory(ref, kib));
    }

    @Override
    public void setVcpus(int count, ModificationImpact... impact) {
        if (count <= 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "nvcpus in virDomainSetVcpusFlags must be greater than zero");
        }
        conn.changeRun("virDomainSetVcpusFlags", () -> d().domainSetVcpus(ref, count, Flag.bits(impact)));
    }

    @Override
    public void attachDevice(String deviceXml, ModificationImpact... impact) {
        ConnectionImpl.requireArg(deviceXml, "deviceXml");
        conn.changeRun("virDomainAttachDeviceFlags", () -> d().domainAttachDevice(ref, deviceXml, Flag.bits(impact)));
    }

    @Override
    public void detachDevice(String deviceXml, ModificationImpact... impact) {
        ConnectionImpl.requireArg(deviceXml, "deviceXml");
        conn.changeRun("virDomainDetachDeviceFlags", () -> d().domainDetachDevice(ref, deviceXml, Flag.bits(impact)));
    }

    @Override
    public void updateDevice(String deviceXml, ModificationImpact... impact) {
        ConnectionImpl.requireArg(deviceXml, "deviceXml");
        conn.changeRun("virDomainUpdateDeviceFlags", () -> d().domainUpdateDevice(ref, deviceXml, Flag.bits(impact)));
    }

    @Override
    public String metadata(MetadataType type, String uri, ModificationImpact... impact) {
        ConnectionImpl.requireArg(type, "type");
        metadataArg("uri", uri, type == MetadataType.ELEMENT, "virDomainGetMetadata");
        return conn.call(() -> d().domainMetadata(ref, type.ordinal(), uri, Flag.bits(impact)));
    }

    @Override
    public void setMetadata(MetadataType type, String value, String key, String uri, ModificationImpact... impact) {
        ConnectionImpl.requireArg(type, "type");
        // virDomainSetMetadata's argument rules: an element needs its namespace (and, when set, its prefix);
        // the title and the description take neither
        boolean element = type == MetadataType.ELEMENT;
        metadataArg("uri", uri, element, "virDomainSetMetadata");
        if (!element || value != null) {
            metadataArg("key", key, element, "virDomainSetMetadata"); // removing an element ignores its key
        }
        conn.changeRun("virDomainSetMetadata",
            () -> d().domainSetMetadata(ref, type.ordinal(), value, key, uri, Flag.bits(impact)));
    }

    /** libvirt's virCheckNonNullArgGoto (required) and virCheckNullArgGoto (not required), with their words. */
    private static void metadataArg(String name, String value, boolean required, String function) {
        if (required && value == null) {
            throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.INVALID_ARG, io.jvirt.api.ErrorDomain.DOMAIN,
                name + " in " + function + " must not be NULL");
        }
        if (!required && value != null) {
            throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.INVALID_ARG, io.jvirt.api.ErrorDomain.DOMAIN,
                name + " in " + function + " must be NULL");
        }
    }

    @Override
    public void rename(String newName) {
        ConnectionImpl.requireArg(newName, "newName");
        conn.changeRun("virDomainRename", () -> d().domainRename(ref, newName));
    }

    @Override
    public void managedSave() {
        conn.changeRun("virDomainManagedSave", () -> d().domainManagedSave(ref));
        id = -1;
    }

    @Override
    public void managedSaveRemove() {
        conn.changeRun("virDomainManagedSaveRemove", () -> d().domainManagedSaveRemove(ref));
    }

    @Override
    public io.jvirt.api.DomainConsole openConsole(String devName, io.jvirt.api.ConsoleFlag... flags) {
        int bits = Flag.bits(flags);
        return conn.change("virDomainOpenConsole", () -> {
            io.jvirt.api.DomainConsole c = d().domainOpenConsole(ref, devName, bits);
            if (c == null) {
                throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.INTERNAL_ERROR, io.jvirt.api.ErrorDomain.NONE,
                    "the driver returned no console for virDomainOpenConsole");
            }
            return c;
        });
    }

    /** libvirt checks nothing but the handle; both are reads, allowed on read-only connections. */
    @Override
    public MemoryStats memoryStats() {
        return conn.call(() -> d().domainMemoryStats(ref));
    }

    @Override
    public String hostname(HostnameFlag... flags) {
        return conn.call(() -> d().domainHostname(ref, Flag.bits(flags)));
    }

    // ---------- tuning: the checks of libvirt's public functions (libvirt-domain.c), then the driver ----------

    @Override
    public DomainControlInfo controlInfo() {
        return conn.call(() -> d().domainControlInfo(ref, 0));
    }

    @Override
    public int maxVcpus() {
        return conn.call(() -> d().domainMaxVcpus(ref));
    }

    @Override
    public int vcpuCount(VcpuFlag... flags) {
        int bits = Flag.bits(flags);
        if ((bits & VcpuFlag.GUEST.bit()) != 0) {
            // asking the guest agent is a change in libvirt's eyes
            return conn.change("virDomainGetVcpusFlags", () -> d().domainVcpuCount(ref, exclusiveImpact(bits)));
        }
        return conn.call(() -> d().domainVcpuCount(ref, exclusiveImpact(bits)));
    }

    @Override
    public void pinVcpu(int vcpu, BitSet cpus, ModificationImpact... impact) {
        ConnectionImpl.requireArg(cpus, "cpumap");
        if (vcpu < 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "vcpu in virDomainPinVcpuFlags must not be negative");
        }
        BitSet copy = (BitSet) cpus.clone();
        conn.changeRun("virDomainPinVcpuFlags", () -> d().domainPinVcpu(ref, vcpu, copy, Flag.bits(impact)));
    }

    @Override
    public List<BitSet> vcpuPinInfo(ModificationImpact... impact) {
        int bits = exclusiveImpact(Flag.bits(impact));
        return conn.call(() -> List.copyOf(d().domainVcpuPinInfo(ref, bits)));
    }

    @Override
    public SchedulerType schedulerType() {
        return conn.call(() -> d().domainSchedulerType(ref));
    }

    /**
     * No impact is {@code virDomainGetSchedulerParameters} (flags 0); any impact, CURRENT included,
     * is {@code virDomainGetSchedulerParametersFlags}, which adds VIR_TYPED_PARAM_STRING_OKAY for a
     * driver, as libvirt adds it: the jvirt API takes string parameters.
     */
    @Override
    public List<TypedParameter> schedulerParameters(ModificationImpact... impact) {
        int bits = impact == null || impact.length == 0 ? 0 : exclusiveImpact(Flag.bits(impact)) | TYPED_PARAM_STRING_OKAY;
        return conn.call(() -> List.copyOf(d().domainSchedulerParameters(ref, bits)));
    }

    /** {@code VIR_TYPED_PARAM_STRING_OKAY}. */
    private static final int TYPED_PARAM_STRING_OKAY = 1 << 2;

    @Override
    public void setSchedulerParameters(List<TypedParameter> params, ModificationImpact... impact) {
        ConnectionImpl.requireArg(params, "params");
        List<TypedParameter> copy = List.copyOf(params);
        for (TypedParameter p : copy) {
            // virTypedParameterValidateSet: a field name must fit libvirt's fixed-size field
            if (p.field().getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= TypedParameter.FIELD_LENGTH) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "string too long: '" + p.field() + "'");
            }
        }
        conn.changeRun("virDomainSetSchedulerParametersFlags",
            () -> d().domainSetSchedulerParameters(ref, copy, Flag.bits(impact)));
    }

    // ---------- I/O threads, blkio parameters, CPU statistics (DomainTuningCalls) ----------

    @Override
    public List<io.jvirt.api.IoThreadInfo> ioThreadInfo(ModificationImpact... impact) {
        return new DomainTuningCalls(conn, ref).ioThreadInfo(impact);
    }

    @Override
    public void addIoThread(int id, ModificationImpact... impact) {
        new DomainTuningCalls(conn, ref).addIoThread(id, impact);
    }

    @Override
    public void deleteIoThread(int id, ModificationImpact... impact) {
        new DomainTuningCalls(conn, ref).deleteIoThread(id, impact);
    }

    @Override
    public void setIoThreadParameters(int id, List<TypedParameter> params, ModificationImpact... impact) {
        new DomainTuningCalls(conn, ref).setIoThreadParameters(id, params, impact);
    }

    @Override
    public void pinIoThread(int id, BitSet cpus, ModificationImpact... impact) {
        new DomainTuningCalls(conn, ref).pinIoThread(id, cpus, impact);
    }

    @Override
    public List<TypedParameter> blkioParameters(ModificationImpact... impact) {
        return new DomainTuningCalls(conn, ref).blkioParameters(impact);
    }

    @Override
    public void setBlkioParameters(List<TypedParameter> params, ModificationImpact... impact) {
        new DomainTuningCalls(conn, ref).setBlkioParameters(params, impact);
    }

    @Override
    public List<TypedParameter> cpuStatsTotal() {
        return new DomainTuningCalls(conn, ref).cpuStatsTotal();
    }

    @Override
    public int cpuStatsCpuCount() {
        return new DomainTuningCalls(conn, ref).cpuStatsCpuCount();
    }

    @Override
    public List<List<TypedParameter>> cpuStats(int startCpu, int ncpus) {
        return new DomainTuningCalls(conn, ref).cpuStats(startCpu, ncpus);
    }

    // ---------- checkpoints and snapshots ----------

    @Override
    public DomainCheckpoint checkpointCreateXml(String xml, CheckpointCreateFlag... flags) {
        ConnectionImpl.requireArg(xml, "xmlDesc");
        int bits = Flag.bits(flags);
        String name = conn.change("virDomainCheckpointCreateXML", () -> {
            exclusive(bits, CheckpointCreateFlag.REDEFINE, "VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE",
                CheckpointCreateFlag.QUIESCE, "VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE");
            require(bits, CheckpointCreateFlag.REDEFINE_VALIDATE, "VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE",
                CheckpointCreateFlag.REDEFINE, "VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE");
            return d().domainCheckpointCreateXml(ref, xml, bits);
        });
        return checkpoint(name);
    }

    @Override
    public List<DomainCheckpoint> listAllCheckpoints(CheckpointListFlag... flags) {
        int bits = Flag.bits(flags);
        return checkpoints(conn.call(() -> d().domainListAllCheckpoints(ref, bits)));
    }

    @Override
    public DomainCheckpoint checkpointLookupByName(String name) {
        ConnectionImpl.requireArg(name, "name");
        return checkpoint(conn.call(() -> d().domainCheckpointLookupByName(ref, name, 0)));
    }

    @Override
    public DomainSnapshot snapshotCreateXml(String xml, SnapshotCreateFlag... flags) {
        ConnectionImpl.requireArg(xml, "xmlDesc");
        int bits = Flag.bits(flags);
        String name = conn.change("virDomainSnapshotCreateXML", () -> {
            require(bits, SnapshotCreateFlag.CURRENT, "VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT",
                SnapshotCreateFlag.REDEFINE, "VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE");
            exclusive(bits, SnapshotCreateFlag.REDEFINE, "VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE",
                SnapshotCreateFlag.NO_METADATA, "VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA");
            exclusive(bits, SnapshotCreateFlag.REDEFINE, "VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE",
                SnapshotCreateFlag.HALT, "VIR_DOMAIN_SNAPSHOT_CREATE_HALT");
            return d().domainSnapshotCreateXml(ref, xml, bits);
        });
        return new SnapshotImpl(conn, this, new SnapshotRef(ref, name));
    }

    @Override
    public List<DomainSnapshot> listAllSnapshots(SnapshotListFlag... flags) {
        int bits = Flag.bits(flags);
        return SnapshotImpl.of(conn, this, conn.call(() -> d().domainListAllSnapshots(ref, bits)));
    }

    @Override
    public DomainSnapshot snapshotLookupByName(String name) {
        ConnectionImpl.requireArg(name, "name");
        return new SnapshotImpl(conn, this, new SnapshotRef(ref, conn.call(() -> d().domainSnapshotLookupByName(ref, name, 0))));
    }

    @Override
    public boolean hasCurrentSnapshot() {
        return conn.call(() -> d().domainHasCurrentSnapshot(ref, 0));
    }

    @Override
    public DomainSnapshot snapshotCurrent() {
        return new SnapshotImpl(conn, this, new SnapshotRef(ref, conn.call(() -> d().domainSnapshotCurrent(ref, 0))));
    }

    DomainCheckpoint checkpoint(String name) {
        return new CheckpointImpl(conn, this, new CheckpointRef(ref, name));
    }

    List<DomainCheckpoint> checkpoints(List<String> names) {
        List<DomainCheckpoint> out = new java.util.ArrayList<>(names.size());
        for (String n : names) {
            out.add(checkpoint(n));
        }
        return out;
    }

    /** libvirt's VIR_EXCLUSIVE_FLAGS_GOTO, raised as libvirt raises it (verbatim). */
    static void exclusive(int bits, Flag a, String nameA, Flag b, String nameB) {
        if ((bits & a.bit()) != 0 && (bits & b.bit()) != 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "Flags '" + nameA + "' and '" + nameB + "' are mutually exclusive");
        }
    }

    /** libvirt's VIR_REQUIRE_FLAG_GOTO: {@code flag} needs {@code required}. */
    static void require(int bits, Flag flag, String flagName, Flag required, String requiredName) {
        if ((bits & flag.bit()) != 0 && (bits & required.bit()) == 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "Flag '" + requiredName + "' is required by flag '" + flagName + "'");
        }
    }

    /** libvirt's VIR_EXCLUSIVE_FLAGS_GOTO(VIR_DOMAIN_AFFECT_LIVE, VIR_DOMAIN_AFFECT_CONFIG). */
    private static int exclusiveImpact(int flags) {
        if ((flags & ModificationImpact.LIVE.bit()) != 0 && (flags & ModificationImpact.CONFIG.bit()) != 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        }
        return flags;
    }
}
