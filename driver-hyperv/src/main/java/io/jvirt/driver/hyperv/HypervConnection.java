package io.jvirt.driver.hyperv;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.jvirt.api.DefineFlag;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.XmlFlag;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.kit.PolledDomainEvents;
import io.jvirt.core.kit.PolledEventHub;
import io.jvirt.core.kit.remote.RemoteDriverConnection;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * One connection to a Hyper-V host: the driver table over a {@link WsmanClient}. Stateless as
 * libvirt's: every call asks the host (WinRM keeps no session; each request carries the Basic
 * credentials). Lookups and listings are the kit's ({@link RemoteDriverConnection} over
 * {@link HypervInventory}); every entry point checks its flags first, as libvirt's virCheckFlags.
 */
final class HypervConnection extends RemoteDriverConnection<Vm> {

    private final String uriString;
    private final HypervUri uri;
    private final String osVersion;
    private final HostFacts host;
    private final Lifecycle lifecycle;
    private final VmSettings settings;
    private final Definitions definitions;
    private final Duration eventPoll;
    private final PolledEventHub.Scope events = new PolledEventHub().scope();
    /** The stop detail of the last destroy this connection asked for, per VM, for the STOPPED event. */
    private final Map<UUID, Integer> stopHints = new ConcurrentHashMap<>();

    HypervConnection(String uriString, HypervUri uri, WsmanClient wsman, String osVersion) {
        this(uriString, uri, wsman, osVersion, HypervSettings.defaults().eventPoll());
    }

    HypervConnection(String uriString, HypervUri uri, WsmanClient wsman, String osVersion, Duration eventPoll) {
        this(uriString, uri, new HypervInventory(wsman), wsman, osVersion, eventPoll);
    }

    private HypervConnection(String uriString, HypervUri uri, HypervInventory inventory, WsmanClient wsman,
                             String osVersion, Duration eventPoll) {
        super(inventory, ErrorDomain.HYPERV, "hypervConnectListAllDomains");
        this.uriString = uriString;
        this.uri = uri;
        this.osVersion = osVersion;
        this.host = new HostFacts(wsman);
        this.settings = new VmSettings(wsman);
        this.lifecycle = new Lifecycle(wsman, settings);
        this.definitions = new Definitions(wsman, inventory, settings, host, osVersion);
        this.eventPoll = eventPoll;
    }

    @Override
    public void close() {
        events.close();
        super.close();
    }

    /**
     * Lifecycle events by polling the host (the kit's {@link PolledDomainEvents} over one listing of
     * the VMs, a VM in a transition left for the next listing); libvirt's Hyper-V driver has none.
     */
    @Override
    public AutoCloseable subscribeDomainEvents(Consumer<DomainEvent> sink) {
        return events.subscribe(this::reading, eventPoll, sink, stopHints::get, uriString);
    }

    private List<PolledDomainEvents.Seen> reading() {
        List<PolledDomainEvents.Seen> out = new java.util.ArrayList<>();
        for (Vm vm : domains.list(0)) {
            out.add(new PolledDomainEvents.Seen(vm.uuid(), vm.name(), vm.id(), vm.state(), EnabledState.saved(vm.enabledState()),
                !vm.inTransition()));
        }
        return out;
    }

    /** Runs one of this connection's changes, then lets every subscription see it at once. */
    private void change(Runnable r) {
        events.afterChange(r);
    }

    @Override
    public String type() {
        return "Hyper-V";
    }

    @Override
    public String uri() {
        return uriString;
    }

    /** libvirt's hypervConnectIsEncrypted: only https is. */
    @Override
    public boolean isEncrypted() {
        return !uri.plainHttp();
    }

    /** libvirt's hypervConnectIsSecure: only https is. */
    @Override
    public boolean isSecure() {
        return !uri.plainHttp();
    }

    @Override
    public long hypervisorVersion() {
        return HostFacts.packVersion(osVersion);
    }

    @Override
    public String hostname() {
        return host.hostname();
    }

    @Override
    public String capabilities() {
        return host.capabilities();
    }

    @Override
    public NodeInfo nodeInfo() {
        return host.nodeInfo();
    }

    @Override
    public int maxVcpus(String type) {
        return host.maxVcpus(uri.host());
    }

    // ---------- domains ----------

    @Override
    public int domainId(DomainRef dom) {
        return domain(dom).id();
    }

    @Override
    public String domainOsType(DomainRef dom) {
        domain(dom);
        return "hvm";
    }

    @Override
    public DomainInfo domainInfo(DomainRef dom) {
        return lifecycle.info(domain(dom));
    }

    @Override
    public StateReason domainState(DomainRef dom) {
        // libvirt's hypervDomainGetState: the reason is always 0
        return new StateReason(domain(dom).state(), StateReason.UNKNOWN);
    }

    @Override
    public boolean domainIsActive(DomainRef dom) {
        return domain(dom).active();
    }

    @Override
    public boolean domainHasManagedSaveImage(DomainRef dom) {
        return EnabledState.saved(domain(dom).enabledState());
    }

    @Override
    public void domainCreate(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.HYPERV, "hypervDomainCreateWithFlags");
        Vm vm = domain(dom);
        stopHints.remove(vm.uuid());
        change(() -> lifecycle.start(vm));
    }

    @Override
    public void domainShutdown(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.HYPERV, "hypervDomainShutdownFlags");
        Vm vm = domain(dom);
        stopHints.remove(vm.uuid());
        change(() -> lifecycle.shutdown(vm));
    }

    @Override
    public void domainReboot(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.HYPERV, "hypervDomainReboot");
        Vm vm = domain(dom);
        change(() -> lifecycle.reboot(vm));
    }

    @Override
    public void domainReset(DomainRef dom) {
        Vm vm = domain(dom);
        change(() -> lifecycle.reset(vm));
    }

    @Override
    public void domainDestroy(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.HYPERV, "hypervDomainDestroyFlags");
        Vm vm = domain(dom);
        stopHints.put(vm.uuid(), DomainEvent.STOPPED_DESTROYED);
        change(() -> lifecycle.destroy(vm));
    }

    @Override
    public void domainSuspend(DomainRef dom) {
        Vm vm = domain(dom);
        change(() -> lifecycle.suspend(vm));
    }

    @Override
    public void domainResume(DomainRef dom) {
        Vm vm = domain(dom);
        change(() -> lifecycle.resume(vm));
    }

    // ---------- definitions (second slice) ----------

    @Override
    public String domainXmlDesc(DomainRef dom, int flags) {
        // libvirt: virCheckFlags(VIR_DOMAIN_XML_COMMON_FLAGS); the XML has no secret, nothing differs inactive
        DriverConnection.checkFlags(flags, ErrorDomain.HYPERV, "hypervDomainGetXMLDesc", XmlFlag.SECURE,
            XmlFlag.INACTIVE, XmlFlag.MIGRATABLE);
        return definitions.xml(domain(dom));
    }

    @Override
    public DomainRef defineXml(String xml, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.HYPERV, "hypervDomainDefineXML", DefineFlag.VALIDATE);
        Definitions.Parsed def = Definitions.parse(xml);
        Vm[] made = new Vm[1];
        change(() -> made[0] = definitions.define(def));
        return made[0].ref();
    }

    @Override
    public void domainUndefine(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.HYPERV, "hypervDomainUndefineFlags");
        Vm vm = domain(dom);
        change(() -> definitions.undefine(vm));
    }

    @Override
    public void domainManagedSave(DomainRef dom) {
        Vm vm = domain(dom);
        change(() -> lifecycle.managedSave(vm));
    }

    @Override
    public void domainManagedSaveRemove(DomainRef dom) {
        Vm vm = domain(dom);
        change(() -> lifecycle.managedSaveRemove(vm));
    }

    @Override
    public boolean domainAutostart(DomainRef dom) {
        return settings.autostart(domain(dom));
    }

    @Override
    public void domainSetAutostart(DomainRef dom, boolean on) {
        settings.setAutostart(domain(dom), on);
    }

    @Override
    public void domainSetMemory(DomainRef dom, long kib, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.HYPERV, "hypervDomainSetMemoryFlags");
        settings.setMemory(domain(dom), "VirtualQuantity", kib);
    }

    @Override
    public void domainSetMaxMemory(DomainRef dom, long kib) {
        settings.setMemory(domain(dom), "Limit", kib);
    }

    @Override
    public void domainSetVcpus(DomainRef dom, int count, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.HYPERV, "hypervDomainSetVcpusFlags");
        if (count < 1) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.HYPERV, "argument unsupported: zero vCPUs");
        }
        settings.setVcpus(domain(dom), count);
    }
}
