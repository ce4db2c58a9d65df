package io.jvirt.driver.esx;

import java.time.Duration;

import io.jvirt.api.DefineFlag;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.MemoryStats;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.StateReason;
import io.jvirt.api.UndefineFlag;
import io.jvirt.api.VirtException;
import io.jvirt.api.XmlFlag;
import io.jvirt.core.kit.remote.DomainLookups;
import io.jvirt.core.kit.remote.KeepAlive;
import io.jvirt.core.kit.remote.RemoteDriverConnection;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.kit.vmx.DomainToVmx;
import io.jvirt.core.kit.vmx.VmxParser;
import io.jvirt.core.kit.vmx.VmxToDomain;

/**
 * One connection to an ESX host or a vCenter: the driver table over a {@link VimSession}. Every
 * call asks the server; nothing about domains is remembered between calls (libvirt's ESX driver is
 * stateless too), so another client's changes are seen at once. Lookups and listings are the kit's
 * ({@link RemoteDriverConnection}: {@link DomainLookups} over {@link EsxInventory}); every entry point checks its flags first, as
 * libvirt's virCheckFlags.
 */
final class EsxConnection extends RemoteDriverConnection<VmInfo> {

    final EsxUri esxUri;
    final VimSession session;
    final Inventory inventory;
    private final String uriString;
    private final HostFacts host;
    private final DomainOps ops;
    private final HostAutostart autostart;
    private final GuestFacts guest;
    final EsxInventory inventoryPort;

    EsxConnection(String uriString, EsxUri esxUri, VimSession session, Inventory inventory) {
        this(uriString, esxUri, session, inventory, new HostAutostart(session, inventory));
    }

    private EsxConnection(String uriString, EsxUri esxUri, VimSession session, Inventory inventory,
                          HostAutostart autostart) {
        this(uriString, esxUri, session, inventory, autostart, new EsxInventory(session, inventory, autostart));
    }

    private EsxConnection(String uriString, EsxUri esxUri, VimSession session, Inventory inventory,
                          HostAutostart autostart, EsxInventory inventoryPort) {
        super(inventoryPort, ErrorDomain.ESX, "esxConnectListAllDomains");
        this.inventoryPort = inventoryPort;
        this.autostart = autostart;
        this.uriString = uriString;
        this.esxUri = esxUri;
        this.session = session;
        this.inventory = inventory;
        this.host = new HostFacts(session, inventory);
        this.ops = new DomainOps(this);
        this.guest = new GuestFacts(session);
    }

    /** Keeps the session alive from the driver's keep-alive thread ({@link KeepAlive}). */
    void keepalive(KeepAlive keepAlive, Duration interval) {
        keepAlive(keepAlive, uriString, interval, session::keepalive);
    }

    @Override
    public String type() {
        return "ESX";
    }

    @Override
    public void close() {
        super.close();
        session.logout();
    }

    @Override
    public String uri() {
        return uriString;
    }

    /** libvirt's esxConnectIsEncrypted: only transport https (the default) is. */
    @Override
    public boolean isEncrypted() {
        return !esxUri.plainHttp();
    }

    /** libvirt's esxConnectIsSecure: only transport https is. */
    @Override
    public boolean isSecure() {
        return !esxUri.plainHttp();
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

    // ---------- lookups: the kit's, over the ESX inventory port ----------

    /** The VM behind {@code dom}, found on the server by UUID (the identity that never changes). */
    VmInfo vm(DomainRef dom) {
        return domain(dom);
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
    public boolean domainHasManagedSaveImage(DomainRef dom) {
        vm(dom);
        return false;
    }

    @Override
    public String domainXmlDesc(DomainRef dom, int flags) {
        // libvirt leaves these to virDomainDefFormat, which reads only the XML flags it knows
        DriverConnection.checkFlags(flags, ErrorDomain.ESX, "esxDomainGetXMLDesc", XmlFlag.values());
        return ops.xmlDesc(vm(dom));
    }

    @Override
    public DomainRef defineXml(String xml, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.ESX, "esxDomainDefineXMLFlags", DefineFlag.VALIDATE);
        return ops.define(xml);
    }

    @Override
    public void domainCreate(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.ESX, "esxDomainCreateWithFlags");
        ops.start(vm(dom));
    }

    @Override
    public void domainShutdown(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.ESX, "esxDomainShutdownFlags");
        ops.shutdown(vm(dom));
    }

    @Override
    public void domainReboot(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.ESX, "esxDomainReboot");
        ops.reboot(vm(dom));
    }

    @Override
    public void domainReset(DomainRef dom) {
        ops.reset(vm(dom));
    }

    @Override
    public void domainDestroy(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.ESX, "esxDomainDestroyFlags");
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
        // no managed save to remove; no snapshot metadata kept, so that flag is trivially honoured (libvirt's words)
        DriverConnection.checkFlags(flags, ErrorDomain.ESX, "esxDomainUndefineFlags", UndefineFlag.SNAPSHOTS_METADATA);
        ops.undefine(vm(dom));
    }

    @Override
    public void domainSetMemory(DomainRef dom, long kib, int flags) {
        if (flags != 0) {
            // libvirt's ESX driver has virDomainSetMemory (what virsh calls without flags) but no
            // virDomainSetMemoryFlags
            throw DriverConnection.unsupported("virDomainSetMemoryFlags");
        }
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
        // vSphere knows no DHCP leases and no other agent: neither source flag can be honoured
        DriverConnection.checkFlags(flags, ErrorDomain.ESX, "esxDomainGetHostname");
        return guest.hostname(vm(dom));
    }
}
