package io.jvirt.driver.esx;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.ListFilter;
import io.jvirt.api.MemoryStats;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * One connection to an ESX host or a vCenter: the driver table over a {@link VimSession}. Every
 * call asks the server; nothing about domains is remembered between calls (libvirt's ESX driver is
 * stateless too), so another client's changes are seen at once.
 */
final class EsxConnection implements DriverConnection {

    private static final Logger LOG = LoggerFactory.getLogger(EsxConnection.class);

    final EsxUri esxUri;
    final VimSession session;
    final Inventory inventory;
    private final String uriString;
    private final HostFacts host;
    private final DomainOps ops;
    private final HostAutostart autostart;
    private final GuestFacts guest;
    private volatile ScheduledFuture<?> keepalive;
    private volatile boolean alive = true;

    EsxConnection(String uriString, EsxUri esxUri, VimSession session, Inventory inventory) {
        this.uriString = uriString;
        this.esxUri = esxUri;
        this.session = session;
        this.inventory = inventory;
        this.host = new HostFacts(session, inventory);
        this.ops = new DomainOps(this);
        this.autostart = new HostAutostart(session, inventory);
        this.guest = new GuestFacts(session);
    }

    void keepalive(ScheduledFuture<?> f) {
        keepalive = f;
    }

    /** Run by the driver's keep-alive thread; a failure marks the connection dead. */
    void keepaliveTick() {
        try {
            session.keepalive();
            alive = true;
        } catch (VirtException e) {
            alive = false;
            LOG.warn("keep-alive of {} failed: {}", uriString, e.getMessage());
        }
    }

    @Override
    public String type() {
        return "ESX";
    }

    @Override
    public void close() {
        ScheduledFuture<?> f = keepalive;
        if (f != null) {
            f.cancel(false);
        }
        session.logout();
    }

    @Override
    public boolean isAlive() {
        return alive;
    }

    @Override
    public String uri() {
        return uriString;
    }

    @Override
    public long hypervisorVersion() {
        return HostFacts.version(session.content().version());
    }

    @Override
    public String hostname() {
        return host.hostname();
    }

    @Override
    public NodeInfo nodeInfo() {
        return host.nodeInfo();
    }

    @Override
    public String capabilities() {
        return host.capabilities();
    }

    @Override
    public int maxVcpus(String type) {
        return host.maxVcpus();
    }

    // ---------- lookups ----------

    /** Every VM of the datacenter's VM folder, fresh from the server. */
    List<VmInfo> vms() {
        List<VmInfo> out = new ArrayList<>();
        for (ObjectContent o : session.retrieve(inventory.vmFolder(), "VirtualMachine", true, VmInfo.PROPS)) {
            VmInfo vm = VmInfo.from(o);
            if (vm != null) {
                out.add(vm);
            }
        }
        return out;
    }

    /** The VM behind {@code dom}, found by UUID (the identity that never changes). */
    VmInfo vm(DomainRef dom) {
        return byUuid(dom.uuid());
    }

    private VmInfo byUuid(UUID uuid) {
        for (VmInfo vm : vms()) {
            if (vm.uuid().equals(uuid)) {
                return vm;
            }
        }
        throw new VirtException(ErrorCode.NO_DOMAIN, ErrorDomain.ESX, "Could not find domain with UUID '" + uuid + "'");
    }

    @Override
    public List<DomainRef> listAllDomains(int flags) {
        List<DomainRef> out = new ArrayList<>();
        for (VmInfo vm : vms()) {
            if (matches(vm, flags)) {
                out.add(vm.domainRef());
            }
        }
        return out;
    }

    /** libvirt's listing filters; every ESX domain is persistent, none has a managed save image. */
    private static boolean matches(VmInfo vm, int flags) {
        boolean active = !vm.poweredOff();
        if (group(flags, ListFilter.ACTIVE, ListFilter.INACTIVE) && !(has(flags, ListFilter.ACTIVE) && active
            || has(flags, ListFilter.INACTIVE) && !active)) {
            return false;
        }
        if (group(flags, ListFilter.PERSISTENT, ListFilter.TRANSIENT) && !has(flags, ListFilter.PERSISTENT)) {
            return false;
        }
        if (group(flags, ListFilter.RUNNING, ListFilter.PAUSED, ListFilter.SHUTOFF, ListFilter.OTHER)) {
            DomainState s = vm.state();
            boolean ok = has(flags, ListFilter.RUNNING) && s == DomainState.RUNNING
                || has(flags, ListFilter.PAUSED) && s == DomainState.PAUSED
                || has(flags, ListFilter.SHUTOFF) && s == DomainState.SHUTOFF
                || has(flags, ListFilter.OTHER) && s == DomainState.NOSTATE;
            if (!ok) {
                return false;
            }
        }
        if (group(flags, ListFilter.MANAGEDSAVE, ListFilter.NO_MANAGEDSAVE) && !has(flags, ListFilter.NO_MANAGEDSAVE)) {
            return false;
        }
        return true;
    }

    private static boolean group(int flags, ListFilter... fs) {
        for (ListFilter f : fs) {
            if (has(flags, f)) {
                return true;
            }
        }
        return false;
    }

    private static boolean has(int flags, ListFilter f) {
        return (flags & f.bit()) != 0;
    }

    @Override
    public int numOfDomains() {
        return (int) vms().stream().filter(vm -> !vm.poweredOff()).count();
    }

    @Override
    public int numOfDefinedDomains() {
        return (int) vms().stream().filter(VmInfo::poweredOff).count();
    }

    @Override
    public DomainRef lookupByName(String name) {
        return vms().stream().filter(vm -> vm.name().equals(name)).findFirst().map(VmInfo::domainRef)
            .orElseThrow(() -> new VirtException(ErrorCode.NO_DOMAIN, ErrorDomain.ESX,
                "Could not find domain with name '" + name + "'"));
    }

    @Override
    public DomainRef lookupByUuid(UUID uuid) {
        return byUuid(uuid).domainRef();
    }

    @Override
    public DomainRef lookupById(int id) {
        return vms().stream().filter(vm -> id >= 0 && vm.id() == id).findFirst().map(VmInfo::domainRef)
            .orElseThrow(() -> new VirtException(ErrorCode.NO_DOMAIN, ErrorDomain.ESX, "No domain with ID " + id));
    }

    @Override
    public String domainXmlFromNative(String format, String config) {
        checkFormat(format);
        return VmxToDomain.toXml(VmxParser.parse(config), DatastorePaths.NONE);
    }

    @Override
    public String domainXmlToNative(String format, String xml) {
        checkFormat(format);
        return DomainToVmx.toVmx(xml, DatastorePaths.NONE, HostFacts.virtualHwVersion(session.content().version()));
    }

    private static void checkFormat(String format) {
        if (!"vmware-vmx".equals(format)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.ESX, "Unsupported config format '" + format + "'");
        }
    }

    // ---------- domains ----------

    @Override
    public int domainId(DomainRef dom) {
        return vm(dom).id();
    }

    @Override
    public String domainOsType(DomainRef dom) {
        vm(dom);
        return "hvm";
    }

    @Override
    public DomainInfo domainInfo(DomainRef dom) {
        VmInfo vm = vm(dom);
        long max = vm.memoryMB() * 1024;
        long cur = vm.limitMB() >= 0 ? Math.min(max, vm.limitMB() * 1024) : max;
        return new DomainInfo(vm.state(), max, cur, vm.numCpu(), 0);
    }

    @Override
    public StateReason domainState(DomainRef dom) {
        return new StateReason(vm(dom).state(), StateReason.UNKNOWN);
    }

    @Override
    public boolean domainIsActive(DomainRef dom) {
        return !vm(dom).poweredOff();
    }

    @Override
    public boolean domainIsPersistent(DomainRef dom) {
        vm(dom);
        return true;
    }

    @Override
    public boolean domainIsUpdated(DomainRef dom) {
        vm(dom);
        return false;
    }

    @Override
    public boolean domainHasManagedSaveImage(DomainRef dom) {
        vm(dom);
        return false;
    }

    @Override
    public String domainXmlDesc(DomainRef dom, int flags) {
        return ops.xmlDesc(vm(dom), flags);
    }

    @Override
    public DomainRef defineXml(String xml, int flags) {
        return ops.define(xml, flags);
    }

    @Override
    public void domainCreate(DomainRef dom, int flags) {
        ops.start(vm(dom), flags);
    }

    @Override
    public void domainShutdown(DomainRef dom, int flags) {
        ops.shutdown(vm(dom));
    }

    @Override
    public void domainReboot(DomainRef dom, int flags) {
        ops.reboot(vm(dom));
    }

    @Override
    public void domainReset(DomainRef dom) {
        ops.reset(vm(dom));
    }

    @Override
    public void domainDestroy(DomainRef dom, int flags) {
        ops.destroy(vm(dom));
    }

    @Override
    public void domainSuspend(DomainRef dom) {
        ops.suspend(vm(dom));
    }

    @Override
    public void domainResume(DomainRef dom) {
        ops.resume(vm(dom));
    }

    @Override
    public void domainUndefine(DomainRef dom, int flags) {
        ops.undefine(vm(dom), flags);
    }

    @Override
    public void domainSetMemory(DomainRef dom, long kib, int flags) {
        ops.setMemory(vm(dom), kib);
    }

    @Override
    public void domainSetMaxMemory(DomainRef dom, long kib) {
        ops.setMaxMemory(vm(dom), kib);
    }

    @Override
    public void domainSetVcpus(DomainRef dom, int count, int flags) {
        ops.setVcpus(vm(dom), count, flags);
    }

    @Override
    public boolean domainAutostart(DomainRef dom) {
        return autostart.get(vm(dom));
    }

    @Override
    public void domainSetAutostart(DomainRef dom, boolean on) {
        autostart.set(vm(dom), on);
    }

    @Override
    public MemoryStats domainMemoryStats(DomainRef dom) {
        return guest.memoryStats(vm(dom));
    }

    @Override
    public String domainHostname(DomainRef dom, int flags) {
        return guest.hostname(vm(dom), flags);
    }
}
