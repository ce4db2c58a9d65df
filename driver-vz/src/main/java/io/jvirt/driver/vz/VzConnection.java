package io.jvirt.driver.vz;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import io.jvirt.api.DefineFlag;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.StateReason;
import io.jvirt.api.UndefineFlag;
import io.jvirt.api.VirtException;
import io.jvirt.api.XmlFlag;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.core.kit.DefineRules;
import io.jvirt.core.kit.PolledDomainEvents;
import io.jvirt.core.kit.PolledEventHub;
import io.jvirt.core.kit.remote.RemoteDriverConnection;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * One connection to Virtuozzo: libvirt's vz driver table over prlctl. Stateless: every call asks
 * prlctl (another client's changes are seen at once), and the environment behind a
 * {@link DomainRef} is found again by UUID on every call.
 *
 * <p>libvirt's vz driver asks the SDK for every transition and reports a refusal of the dispatcher
 * (PRL_ERR_DISP_VM_IS_NOT_STARTED, ..._NOT_STOPPED, PRL_ERR_INVALID_ACTION_REQUESTED) as
 * OPERATION_INVALID "Can't change domain state." and any other failure as OPERATION_FAILED
 * (prlsdkConvertError). prlctl's exit status does not say which, so the driver checks the
 * transition against the state itself first, with libvirt's error; what prlctl still refuses (a
 * change by another client in between) is OPERATION_FAILED with prlctl's words.
 */
final class VzConnection extends RemoteDriverConnection<VzEnv> {

    private static final Set<VzState> STARTABLE = EnumSet.of(VzState.STOPPED, VzState.MOUNTED, VzState.SUSPENDED);
    private static final Set<VzState> STOPPABLE = EnumSet.of(VzState.RUNNING, VzState.PAUSED);

    private final String uri;
    private final String type;
    private final VzHost host;
    private final PolledEventHub.Scope events;
    private final Map<UUID, Integer> stopHints;

    VzConnection(String uri, String type, VzHost host) {
        super(host.inventory(), ErrorDomain.PARALLELS, "vzConnectListAllDomains");
        this.uri = uri;
        this.type = type;
        this.host = host;
        this.events = host.events().scope();
        this.stopHints = host.stopHints();
    }

    /** libvirt's driver names: "vz", and "Parallels" for the parallels scheme. */
    @Override
    public String type() {
        return type;
    }

    @Override
    public void close() {
        events.close();
        super.close();
    }

    @Override
    public String uri() {
        return uri;
    }

    /** libvirt's vzConnectGetVersion: the server's major and minor version. */
    @Override
    public long hypervisorVersion() {
        return host.version();
    }

    /** The server's host name, as {@code prlsrvctl info} names it (the local host: vz is a local driver). */
    @Override
    public String hostname() {
        return host.hostname();
    }

    /** libvirt's vzNodeGetInfo: the host's (virCapabilitiesGetNodeInfo). */
    @Override
    public NodeInfo nodeInfo() {
        return host.node().nodeInfo();
    }

    /** libvirt's vzConnectGetMaxVcpus: 1028 for vz and parallels, no limit known for containers. */
    @Override
    public int maxVcpus(String t) {
        if (t == null || t.equalsIgnoreCase("vz") || t.equalsIgnoreCase("parallels")) {
            return 1028;
        }
        throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.PARALLELS, "unknown type '" + t + "'");
    }

    /** libvirt's vzConnectIsSecure: "We run CLI tools directly so this is secure". */
    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public boolean isEncrypted() {
        return false;
    }

    // listings, counts and lookups: the kit's RemoteDriverConnection over VzInventory (one listing per call)

    private VzEnv env(DomainRef dom) {
        return domain(dom);
    }

    // ---------- events ----------

    /** Lifecycle events by polling prlctl's listing (libvirt's driver has the SDK's events; the command line has none). */
    @Override
    public AutoCloseable subscribeDomainEvents(Consumer<DomainEvent> sink) {
        return events.subscribe(this::reading, host.settings().eventPoll(), sink, stopHints::get, uri);
    }

    private List<PolledDomainEvents.Seen> reading() {
        List<PolledDomainEvents.Seen> out = new ArrayList<>();
        for (VzEnv e : host.inventory().all()) {
            VzState s = e.state();
            out.add(new PolledDomainEvents.Seen(e.uuid(), e.name(), e.id(), s.libvirt(), s == VzState.SUSPENDED, s.settled()));
        }
        return out;
    }

    /** Runs one change, then lets every subscription of every connection see it at once. */
    private void change(Runnable r) {
        events.afterChange(r);
    }

    // ---------- domains ----------

    @Override
    public int domainId(DomainRef dom) {
        return env(dom).id();
    }

    /** libvirt's vzDomainGetOSType: exe for a container, hvm for a virtual machine. */
    @Override
    public String domainOsType(DomainRef dom) {
        return env(dom).container() ? "exe" : "hvm";
    }

    /** libvirt's vzDomainGetInfo: memory in KiB (current and maximum the same), the CPUs, no CPU time over prlctl. */
    @Override
    public DomainInfo domainInfo(DomainRef dom) {
        VzEnv e = env(dom);
        long kib = e.memoryMb() * 1024;
        return new DomainInfo(e.state().libvirt(), kib, kib, e.cpus(), 0);
    }

    @Override
    public StateReason domainState(DomainRef dom) {
        return host.reason(env(dom));
    }

    @Override
    public boolean domainIsActive(DomainRef dom) {
        return env(dom).state().active();
    }

    /** libvirt's vzDomainHasManagedSaveImage: a suspended environment has one. */
    @Override
    public boolean domainHasManagedSaveImage(DomainRef dom) {
        return env(dom).state() == VzState.SUSPENDED;
    }

    /** libvirt's vzDomainCreateWithFlags: prlsdkStart, {@code prlctl start}. */
    @Override
    public void domainCreate(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.PARALLELS, "vzDomainCreateWithFlags");
        VzEnv e = transition(dom, STARTABLE);
        stopHints.remove(e.uuid());
        change(() -> prlctl(e, "start"));
    }

    /** libvirt's vzDomainShutdownFlags: prlsdkStop (PSM_SHUTDOWN), {@code prlctl stop}. */
    @Override
    public void domainShutdown(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.PARALLELS, "vzDomainShutdownFlags");
        VzEnv e = transition(dom, STOPPABLE);
        stopHints.remove(e.uuid());
        change(() -> prlctl(e, "stop"));
    }

    /** libvirt's vzDomainDestroyFlags: prlsdkKill (PSM_KILL), {@code prlctl stop --kill}. */
    @Override
    public void domainDestroy(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.PARALLELS, "vzDomainDestroyFlags");
        VzEnv e = transition(dom, STOPPABLE);
        stopHints.put(e.uuid(), DomainEvent.STOPPED_DESTROYED);
        host.hint(e.uuid(), VzState.STOPPED, StateReason.SHUTOFF_DESTROYED);
        change(() -> host.tools().prlctl("stop", e.uuid().toString(), "--kill"));
    }

    /** libvirt's vzDomainReboot: prlsdkRestart, {@code prlctl restart}. */
    @Override
    public void domainReboot(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.PARALLELS, "vzDomainReboot");
        VzEnv e = transition(dom, EnumSet.of(VzState.RUNNING));
        change(() -> prlctl(e, "restart"));
    }

    /** libvirt's vzDomainSuspend: prlsdkPause, {@code prlctl pause}. */
    @Override
    public void domainSuspend(DomainRef dom) {
        VzEnv e = transition(dom, EnumSet.of(VzState.RUNNING));
        change(() -> prlctl(e, "pause"));
    }

    /** libvirt's vzDomainResume: prlsdkResume, {@code prlctl resume}. */
    @Override
    public void domainResume(DomainRef dom) {
        VzEnv e = transition(dom, EnumSet.of(VzState.PAUSED));
        host.hint(e.uuid(), VzState.RUNNING, StateReason.RUNNING_UNPAUSED);
        change(() -> prlctl(e, "resume"));
    }

    /** libvirt's vzDomainManagedSave: prlsdkSuspend, {@code prlctl suspend}; the state stays with the environment. */
    @Override
    public void domainManagedSave(DomainRef dom) {
        VzEnv e = transition(dom, STOPPABLE);
        stopHints.remove(e.uuid());
        change(() -> prlctl(e, "suspend"));
    }

    private void prlctl(VzEnv e, String action) {
        host.tools().prlctl(action, e.uuid().toString());
    }

    /** The environment, when {@code allowed} holds its state; else what the SDK says of a refused transition. */
    private VzEnv transition(DomainRef dom, Set<VzState> allowed) {
        VzEnv e = env(dom);
        if (!allowed.contains(e.state())) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.PARALLELS, "Can't change domain state.");
        }
        host.clearHint(e.uuid());
        return e;
    }

    // ---------- definitions ----------

    @Override
    public DomainRef defineXml(String xml, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.PARALLELS, "vzDomainDefineXMLFlags", DefineFlag.VALIDATE);
        DomainDef def = DomainXml.parse(xml, (flags & DefineFlag.VALIDATE.bit()) != 0);
        DefineRules.checkName(def.name());
        VzEnv[] made = new VzEnv[1];
        change(() -> made[0] = host.define(def));
        return made[0].ref();
    }

    /**
     * libvirt's vzDomainUndefineFlags (MANAGED_SAVE, SNAPSHOTS_METADATA): a suspended environment
     * only with MANAGED_SAVE; its disks are detached before it is deleted, so the images stay.
     */
    @Override
    public void domainUndefine(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.PARALLELS, "vzDomainUndefineFlags", UndefineFlag.MANAGED_SAVE,
            UndefineFlag.SNAPSHOTS_METADATA);
        VzEnv e = env(dom);
        if (e.state() == VzState.SUSPENDED && (flags & UndefineFlag.MANAGED_SAVE.bit()) == 0) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.PARALLELS,
                "Refusing to undefine while domain managed save image exists");
        }
        if (e.state().active()) {
            // the dispatcher refuses to delete a running environment (PRL_ERR_DISP_VM_IS_NOT_STOPPED)
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.PARALLELS, "Can't change domain state.");
        }
        change(() -> host.delete(e));
    }

    /** libvirt's vzDomainGetXMLDesc: virCheckFlags(VIR_DOMAIN_XML_COMMON_FLAGS). */
    @Override
    public String domainXmlDesc(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.PARALLELS, "vzDomainGetXMLDesc", XmlFlag.SECURE, XmlFlag.INACTIVE,
            XmlFlag.MIGRATABLE);
        return VzXml.of(env(dom));
    }

    static String typeOf(String scheme) {
        return scheme.toLowerCase(Locale.ROOT).equals("parallels") ? "Parallels" : "vz";
    }
}
