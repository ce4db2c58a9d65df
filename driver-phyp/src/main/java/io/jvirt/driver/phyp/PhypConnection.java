package io.jvirt.driver.phyp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DefineFlag;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.XmlFlag;
import io.jvirt.core.kit.PolledDomainEvents;
import io.jvirt.core.kit.PolledEventHub;
import io.jvirt.core.kit.remote.RemoteDriverConnection;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * One connection to an HMC's managed system or an IVM: the driver table over one SSH session
 * ({@link Hmc}). Stateless as libvirt's: every call asks the HMC. Lookups and listings are the
 * kit's ({@link RemoteDriverConnection} over {@link PhypInventory}); every entry point checks its
 * flags first, as libvirt's virCheckFlags.
 */
final class PhypConnection extends RemoteDriverConnection<Lpar> {

    private static final Logger LOG = LoggerFactory.getLogger(PhypConnection.class);

    private final String uriString;
    private final Hmc hmc;
    private final PhypInventory inventory;
    private final Partitions partitions;
    private final String systemName;
    private final Duration eventPoll;
    private final PolledEventHub.Scope events = new PolledEventHub().scope();
    /** The stop detail of the last destroy this connection asked for, per LPAR, for the STOPPED event. */
    private final Map<UUID, Integer> stopHints = new ConcurrentHashMap<>();

    private PhypConnection(String uriString, Hmc hmc, PhypInventory inventory, String systemName, Duration eventPoll) {
        super(inventory, ErrorDomain.PHYP, "phypConnectListAllDomains");
        this.uriString = uriString;
        this.hmc = hmc;
        this.inventory = inventory;
        this.partitions = new Partitions(hmc);
        this.systemName = systemName;
        this.eventPoll = eventPoll;
    }

    /** Reads the managed system's identity (the UUIDs' namespace) and makes the connection. */
    static PhypConnection open(String uriString, Hmc hmc, Duration eventPoll) {
        List<String> sys = new Partitions(hmc).system();
        String type = sys.get(1).strip();
        String serial = sys.get(2).strip();
        if (type.isEmpty() || serial.isEmpty()) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.PHYP,
                "the managed system has no type_model or serial_num to name its LPARs' UUIDs by");
        }
        LparUuids uuids = new LparUuids(type, serial);
        LOG.info("managed system '{}' ({})", sys.get(0), uuids.machine());
        return new PhypConnection(uriString, hmc, new PhypInventory(hmc, uuids), sys.get(0), eventPoll);
    }

    Hmc hmc() {
        return hmc;
    }

    @Override
    public void close() {
        events.close();
        super.close();
        hmc.ssh().close();
    }

    /**
     * Lifecycle events by polling the HMC (the kit's {@link PolledDomainEvents});
     * libvirt's phyp driver had none. A powered-on partition counts as running whatever its HMC
     * state (Open Firmware is on but has no libvirt state), a powered-off one as shut off.
     */
    @Override
    public AutoCloseable subscribeDomainEvents(Consumer<DomainEvent> sink) {
        return events.subscribe(() -> inventory.all().stream()
            .map(l -> new PolledDomainEvents.Seen(l.uuid(), l.name(), l.id(),
                l.active() ? io.jvirt.api.DomainState.RUNNING : io.jvirt.api.DomainState.SHUTOFF, false, true))
            .toList(), eventPoll, sink, stopHints::get, "phyp " + uriString);
    }

    private void change(Runnable r) {
        events.afterChange(r);
    }

    @Override
    public String type() {
        return "phyp";
    }

    @Override
    public String uri() {
        return uriString;
    }

    @Override
    public String hostname() {
        return systemName;
    }

    @Override
    public NodeInfo nodeInfo() {
        return partitions.nodeInfo();
    }

    // ---------- domains ----------

    @Override
    public int domainId(DomainRef dom) {
        return domain(dom).id();
    }

    @Override
    public String domainOsType(DomainRef dom) {
        domain(dom);
        return "linux";
    }

    @Override
    public DomainInfo domainInfo(DomainRef dom) {
        return partitions.info(domain(dom));
    }

    @Override
    public StateReason domainState(DomainRef dom) {
        // libvirt's phypDomainGetState: no reasons
        return new StateReason(domain(dom).domainState(), StateReason.UNKNOWN);
    }

    @Override
    public boolean domainIsActive(DomainRef dom) {
        return domain(dom).active();
    }

    @Override
    public void domainCreate(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.PHYP, "phypDomainCreateWithFlags");
        Lpar l = domain(dom);
        stopHints.remove(l.uuid());
        change(() -> partitions.start(l));
    }

    @Override
    public void domainShutdown(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.PHYP, "phypDomainShutdownFlags");
        Lpar l = domain(dom);
        stopHints.remove(l.uuid());
        change(() -> partitions.shutdown(l));
    }

    @Override
    public void domainReboot(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.PHYP, "phypDomainReboot");
        Lpar l = domain(dom);
        change(() -> partitions.reboot(l));
    }

    @Override
    public void domainDestroy(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.PHYP, "phypDomainDestroyFlags");
        Lpar l = domain(dom);
        stopHints.put(l.uuid(), DomainEvent.STOPPED_DESTROYED);
        change(() -> partitions.destroy(l));
    }

    @Override
    public String domainXmlDesc(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.PHYP, "phypDomainGetXMLDesc", XmlFlag.SECURE,
            XmlFlag.INACTIVE, XmlFlag.MIGRATABLE);
        Lpar l = domain(dom);
        DomainInfo info = partitions.info(l);
        int[] procs = partitions.procs(l);
        return Definitions.xml(l, info.maxMemoryKiB(), info.memoryKiB(), procs[0], procs[1]);
    }

    @Override
    public DomainRef defineXml(String xml, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.PHYP, "phypDomainDefineXML", DefineFlag.VALIDATE);
        Definitions.Plan plan = Definitions.parse(xml);
        inventory.byName(plan.name()).ifPresent(other -> {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.PHYP,
                "domain '" + plan.name() + "' already exists with uuid " + other.uuid());
        });
        change(() -> partitions.define(plan.name(), plan.curMemMb(), plan.maxMemMb(), plan.vcpus(), plan.disk()));
        return inventory.byName(plan.name()).orElseThrow(() -> new VirtException(ErrorCode.INTERNAL_ERROR,
            ErrorDomain.PHYP, "the HMC did not make an LPAR named '" + plan.name() + "'")).ref();
    }

    @Override
    public void domainUndefine(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.PHYP, "phypDomainUndefineFlags");
        Lpar l = domain(dom);
        change(() -> partitions.undefine(l));
    }

    @Override
    public void domainSetVcpus(DomainRef dom, int count, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.PHYP, "phypDomainSetVcpusFlags");
        if (count < 1) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.PHYP, "argument unsupported: zero vCPUs");
        }
        partitions.setVcpus(domain(dom), count);
    }
}
