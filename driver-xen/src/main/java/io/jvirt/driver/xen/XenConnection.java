package io.jvirt.driver.xen;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jvirt.api.CreateFlag;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Flag;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.ShutdownFlag;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.XmlFlag;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.local.LocalDriverConnection;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * A connection to {@code xen:///system}: libvirt's libxl driver table over the one
 * {@link XenHost}, each change through xl in the domain's job. Define, createXml, undefine,
 * autostart, the XML dump and isUpdated are the kit's.
 */
final class XenConnection extends LocalDriverConnection<XenSlot> {

    private static final String XEN_XL = "xen-xl";
    private static final Pattern TARGET_MEMKB = Pattern.compile("\"target_memkb\"\\s*:\\s*(\\d{1,15})");
    private static final Pattern AVAIL_VCPUS = Pattern.compile("\"avail_vcpus\"\\s*:\\s*\\[([\\s\\d,]{0,20000})\\]");

    private final XenHost host;

    XenConnection(XenHost host) {
        super(host);
        this.host = host;
    }

    @Override
    public String type() {
        return "Xen";
    }

    @Override
    public void close() {
        // the host and its domains outlive connections
    }

    /** libxlConnectGetVersion: Xen's major * 1000000 + minor * 1000 + the release digits of xen_extra. */
    @Override
    public long hypervisorVersion() {
        Map<String, String> f = host.facts;
        String extra = f.getOrDefault("xen_extra", "").replaceAll("^\\.?([0-9]*).*$", "$1");
        return number(f.get("xen_major")) * 1_000_000 + number(f.get("xen_minor")) * 1000 + (extra.isEmpty() ? 0 : number(extra));
    }

    private static long number(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** libxl's node info (libxlDriverNodeGetInfo) from {@code xl info}: Xen's view of the host, not dom0's. */
    @Override
    public NodeInfo nodeInfo() {
        Map<String, String> f = host.facts;
        int cpus = (int) Math.max(1, number(f.get("nr_cpus")));
        int nodes = (int) Math.max(1, number(f.get("nr_nodes")));
        int cores = (int) Math.max(1, number(f.get("cores_per_socket")));
        int threads = (int) Math.max(1, number(f.get("threads_per_core")));
        int sockets = Math.max(1, cpus / (nodes * cores * threads));
        int mhz = (int) number(f.getOrDefault("cpu_mhz", "0").replaceAll("\\..*$", ""));
        return new NodeInfo(f.getOrDefault("machine", "x86_64"), number(f.get("total_memory")) * 1024, cpus, mhz, nodes, sockets,
            cores, threads);
    }

    /** libxlConnectGetCapabilities: built from {@code xl info} (XenCapabilities). */
    @Override
    public String capabilities() {
        NodeInfo n = nodeInfo();
        return XenCapabilities.format(host.facts, new XenCapabilities.NodeTopology(n.sockets(), n.cores(), n.threads()));
    }

    @Override
    public String domainXmlFromNative(String format, String config) {
        requireXl(format);
        return XlConfig.toDomainXml(config);
    }

    @Override
    public String domainXmlToNative(String format, String xml) {
        requireXl(format);
        return XlConfig.fromDomainXml(xml);
    }

    private static void requireXl(String format) {
        if (!XEN_XL.equals(format)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LIBXL, "unsupported config type " + format);
        }
    }

    @Override
    protected Flag[] createXmlFlags() {
        return new Flag[] {CreateFlag.PAUSED, CreateFlag.VALIDATE};
    }

    @Override
    protected Flag[] xmlDescFlags() {
        return new Flag[] {XmlFlag.SECURE, XmlFlag.INACTIVE, XmlFlag.UPDATE_CPU, XmlFlag.MIGRATABLE};
    }

    /** libxlDomainUndefineFlags: managed save and NVRAM. */
    @Override
    protected Flag[] undefineFlags() {
        return new Flag[] {io.jvirt.api.UndefineFlag.MANAGED_SAVE, io.jvirt.api.UndefineFlag.NVRAM};
    }

    /**
     * libxlDomainGetInfo: a running domain's memory and vCPUs as Xen has them ({@code xl list -l}'s
     * target_memkb and avail_vcpus), its CPU time from xl list's table.
     */
    @Override
    public DomainInfo domainInfo(DomainRef ref) {
        DomainObject<XenSlot> d = dom(ref);
        DomainDef def = d.def();
        if (!d.isActive()) {
            return new DomainInfo(d.state().state(), def.memoryKiB(), def.currentMemoryKiB(), def.vcpus(), 0);
        }
        int id = d.id();
        long memKiB = def.currentMemoryKiB();
        long cpuNs = 0;
        int vcpus = def.vcpus();
        try {
            String json = host.xl.listLong(id);
            Matcher m = TARGET_MEMKB.matcher(json);
            if (m.find()) {
                memKiB = Long.parseLong(m.group(1));
            }
            Matcher v = AVAIL_VCPUS.matcher(json);
            if (v.find()) {
                vcpus = (int) Pattern.compile("\\d+").matcher(v.group(1)).results().count();
            }
            for (Xl.Entry e : host.xl.list()) {
                if (e.id() == id) {
                    cpuNs = (long) (e.cpuSeconds() * 1e9);
                }
            }
        } catch (VirtException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LIBXL, "libxl_domain_info failed for domain '" + id + "'", e);
        }
        return new DomainInfo(d.state().state(), def.memoryKiB(), memKiB, vcpus, cpuNs);
    }

    @Override
    public void domainCreate(DomainRef ref, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.LIBXL, "libxlDomainCreateWithFlags", CreateFlag.PAUSED);
        host.domains().run(dom(ref), "virDomainCreateWithFlags", d -> {
            d.requireInactive();
            host.start(d, (flags & CreateFlag.PAUSED.bit()) != 0);
        });
    }

    private static boolean hvm(DomainObject<XenSlot> d) {
        return "hvm".equals(d.def().osType());
    }

    /**
     * libxlDomainShutdownFlags: {@code xl shutdown}, with -F (the ACPI power button) for an HVM
     * guest, which may have no PV drivers. The guest's stop is seen by the poll.
     */
    @Override
    public void domainShutdown(DomainRef ref, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.LIBXL, "libxlDomainShutdownFlags", ShutdownFlag.ACPI_POWER_BTN,
            ShutdownFlag.PARAVIRT);
        host.domains().run(dom(ref), "virDomainShutdownFlags", d -> {
            requireRunning(d);
            boolean acpi = flags == 0 ? hvm(d) : (flags & ShutdownFlag.ACPI_POWER_BTN.bit()) != 0;
            host.changed(d);
            host.xl.shutdown(d.id(), acpi);
        });
    }

    @Override
    public void domainReboot(DomainRef ref, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.LIBXL, "libxlDomainReboot", ShutdownFlag.PARAVIRT);
        host.domains().run(dom(ref), "virDomainReboot", d -> {
            requireRunning(d);
            host.changed(d);
            host.xl.reboot(d.id(), hvm(d));
        });
    }

    /** libvirt's libxl driver: "Domain is not running" (OPERATION_INVALID). */
    private static void requireRunning(DomainObject<XenSlot> d) {
        if (!d.isActive()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
        }
    }

    @Override
    public void domainDestroy(DomainRef ref, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.LIBXL, "libxlDomainDestroyFlags");
        host.domains().run(dom(ref), "virDomainDestroyFlags", d -> {
            requireRunning(d);
            host.changed(d);
            host.xl.destroy(d.id());
            host.stopped(d, StateReason.SHUTOFF_DESTROYED);
        });
    }

    @Override
    public void domainSuspend(DomainRef ref) {
        host.domains().run(dom(ref), "virDomainSuspend", d -> {
            requireRunning(d);
            if (d.state().state() != DomainState.PAUSED) {
                host.changed(d);
                host.xl.pause(d.id(), true);
                host.recordState(d, DomainState.PAUSED, StateReason.PAUSED_USER);
                host.emit(d, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
            }
        });
    }

    @Override
    public void domainResume(DomainRef ref) {
        host.domains().run(dom(ref), "virDomainResume", d -> {
            requireRunning(d);
            if (d.state().state() == DomainState.PAUSED) {
                host.changed(d);
                host.xl.pause(d.id(), false);
                host.recordState(d, DomainState.RUNNING, StateReason.RUNNING_UNPAUSED);
                host.emit(d, DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED);
            }
        });
    }
}
