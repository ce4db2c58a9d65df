package io.jvirt.driver.vmware;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Consumer;

import io.jvirt.api.DefineFlag;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.XmlFlag;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.core.kit.DefineRules;
import io.jvirt.core.kit.PolledDomainEvents;
import io.jvirt.core.kit.PolledEventHub;
import io.jvirt.core.kit.remote.RemoteDriverConnection;
import io.jvirt.core.kit.vmx.DomainToVmx;
import io.jvirt.core.kit.vmx.VmxParser;
import io.jvirt.core.kit.vmx.VmxToDomain;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * One connection to a VMware desktop product: libvirt's vmware driver table (vmware_driver.c) over
 * vmrun, on the kit's inventory-backed connection (listings, lookups, one definition per VM: never
 * "updated"). Every call reads the VMs fresh ({@code vmrun list}, as vmwareUpdateVMStatus does) and
 * checks the state with libvirt's words before it runs vmrun. Lifecycle events come from polling
 * (the kit's {@link PolledDomainEvents}: vmrun has no events; libvirt's driver sends none).
 */
final class VmwareConnection extends RemoteDriverConnection<Vm> {

    private final String uri;
    private final VmwareHost host;
    private final PolledEventHub.Scope events;
    private final Map<UUID, Integer> stopHints;

    VmwareConnection(String uri, VmwareHost host) {
        super(new VmwareInventory(host), ErrorDomain.VMWARE, "vmwareConnectListAllDomains");
        this.uri = uri;
        this.host = host;
        this.events = host.events().scope();
        this.stopHints = host.stopHints();
    }

    /** libvirt's vmwareConnectGetType. */
    @Override
    public String type() {
        return "VMware";
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        events.close();
        super.close();
    }

    /** libvirt's vmwareConnectGetVersion: the product's, from {@code -v}. */
    @Override
    public long hypervisorVersion() {
        return host.version();
    }

    @Override
    public String hostname() {
        return host.node().hostname();
    }

    @Override
    public NodeInfo nodeInfo() {
        return host.node().nodeInfo();
    }

    // ---------- lookups: the kit's (RemoteDriverConnection), over the inventory ----------

    private Vm vm(DomainRef dom) {
        return domain(dom);
    }

    // ---------- events ----------

    @Override
    public AutoCloseable subscribeDomainEvents(Consumer<DomainEvent> sink) {
        return events.subscribe(this::seen, host.settings().eventPoll(), sink, stopHints::get, uri);
    }

    private List<PolledDomainEvents.Seen> seen() {
        List<PolledDomainEvents.Seen> out = new ArrayList<>();
        for (Vm v : host.reading()) {
            out.add(new PolledDomainEvents.Seen(v.uuid(), v.name(), v.running() ? v.id() : -1, v.state(), false, true));
        }
        return out;
    }

    /** Runs a change, then lets every subscription of every connection see it at once. */
    private void change(Runnable r) {
        events.afterChange(() -> {
            synchronized (host.lock) {
                r.run();
            }
        });
    }

    // ---------- domains ----------

    @Override
    public int domainId(DomainRef dom) {
        Vm v = vm(dom);
        return v.running() ? v.id() : -1;
    }

    /** libvirt's vmwareDomainGetOSType: the definition's, always hvm for a VMX. */
    @Override
    public String domainOsType(DomainRef dom) {
        return host.def(vm(dom)).osType();
    }

    /** libvirt's vmwareDomainGetInfo: the state, the definition's memory and CPUs, no CPU time. */
    @Override
    public DomainInfo domainInfo(DomainRef dom) {
        Vm v = vm(dom);
        DomainDef def = host.def(v);
        return new DomainInfo(v.state(), def.memoryKiB(), def.currentMemoryKiB(), def.vcpus(), 0);
    }

    /** libvirt's vmwareDomainGetState: vmwareUpdateVMStatus sets every state with reason 0. */
    @Override
    public StateReason domainState(DomainRef dom) {
        return new StateReason(vm(dom).state(), StateReason.UNKNOWN);
    }

    @Override
    public boolean domainIsActive(DomainRef dom) {
        return vm(dom).running();
    }

    @Override
    public boolean domainIsPersistent(DomainRef dom) {
        return vm(dom).persistent();
    }

    /** libvirt's vmwareDomainHasManagedSaveImage: never one. */
    @Override
    public boolean domainHasManagedSaveImage(DomainRef dom) {
        vm(dom);
        return false;
    }

    /**
     * libvirt's vmwareDomainCreateWithFlags and vmwareStartVM: {@code start VMX}, with {@code nogui}
     * unless the domain has no graphics or a desktop one (vmwareDomainConfigDisplay); the id is
     * the pid vmware.log names, and a start whose log names none is stopped again and fails.
     */
    @Override
    public void domainCreate(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.VMWARE, "vmwareDomainCreateWithFlags");
        change(() -> {
            Vm v = vm(dom);
            if (v.running()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.VMWARE, "Domain is already running");
            }
            DomainDef def = host.def(v);
            boolean gui = def.graphics().isEmpty() || def.graphics().stream().anyMatch(g -> "desktop".equals(g.type()));
            stopHints.remove(v.uuid());
            host.vmrun().start(v.vmx(), gui);
            OptionalInt pid = VmwareLog.pid(v.vmx());
            if (pid.isEmpty()) {
                stopHints.put(v.uuid(), DomainEvent.STOPPED_FAILED);
                try {
                    host.vmrun().stop(v.vmx(), false);
                } catch (VirtException e) {
                    // the start's failure is what the caller hears of
                }
                host.stopped(v.vmx());
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VMWARE,
                    "cannot find a valid pid in vmware log file of '" + v.vmx() + "'");
            }
            host.started(v.vmx(), pid.getAsInt());
        });
    }

    /** libvirt's vmwareDomainShutdownFlags: {@code stop VMX soft}, only from running. */
    @Override
    public void domainShutdown(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.VMWARE, "vmwareDomainShutdownFlags");
        change(() -> {
            Vm v = vm(dom);
            if (v.state() != DomainState.RUNNING) {
                throw internal("domain is not in running state");
            }
            stopHints.remove(v.uuid());
            host.vmrun().stop(v.vmx(), false);
            host.stopped(v.vmx());
        });
    }

    /**
     * Destroy: {@code stop VMX hard}, the VM powered off whatever its guest does. libvirt's
     * vmwareDomainDestroyFlags is its shutdown (a soft stop the guest may ignore, refused when
     * paused); jvirt's destroy is the hard stop, from running or paused.
     */
    @Override
    public void domainDestroy(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.VMWARE, "vmwareDomainDestroyFlags");
        change(() -> {
            Vm v = vm(dom);
            if (!v.running()) {
                throw internal("domain is not in running state");
            }
            stopHints.put(v.uuid(), DomainEvent.STOPPED_DESTROYED);
            host.vmrun().stop(v.vmx(), true);
            host.stopped(v.vmx());
        });
    }

    /** libvirt's vmwareDomainSuspend: {@code pause VMX}; VMware Player has none. */
    @Override
    public void domainSuspend(DomainRef dom) {
        if (host.product() == Product.PLAYER) {
            throw internal("vmplayer does not support libvirt suspend/resume (vmware pause/unpause) operation ");
        }
        change(() -> {
            Vm v = vm(dom);
            if (v.state() != DomainState.RUNNING) {
                throw internal("domain is not in running state");
            }
            host.vmrun().pause(v.vmx());
            host.setPaused(v.vmx(), true);
        });
    }

    /** libvirt's vmwareDomainResume: {@code unpause VMX}; VMware Player has none. */
    @Override
    public void domainResume(DomainRef dom) {
        if (host.product() == Product.PLAYER) {
            throw internal("vmplayer does not support libvirt suspend/resume (vmware pause/unpause) operation ");
        }
        change(() -> {
            Vm v = vm(dom);
            if (v.state() != DomainState.PAUSED) {
                throw internal("domain is not in suspend state");
            }
            host.vmrun().unpause(v.vmx());
            host.setPaused(v.vmx(), false);
        });
    }

    /** libvirt's vmwareDomainReboot: {@code reset VMX soft}, only from running. */
    @Override
    public void domainReboot(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.VMWARE, "vmwareDomainReboot");
        change(() -> {
            Vm v = vm(dom);
            if (v.state() != DomainState.RUNNING) {
                throw internal("domain is not in running state");
            }
            host.vmrun().resetSoft(v.vmx());
        });
    }

    // ---------- definitions ----------

    /** libvirt's vmwareDomainDefineXMLFlags (see {@link VmwareHost#define}). */
    @Override
    public DomainRef defineXml(String xml, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.VMWARE, "vmwareDomainDefineXMLFlags", DefineFlag.VALIDATE);
        DomainDef def = DomainXml.parse(xml, (flags & DefineFlag.VALIDATE.bit()) != 0, DomainToVmx.DEFAULTS);
        DefineRules.checkName(def.name());
        Vm[] made = new Vm[1];
        change(() -> made[0] = host.define(def));
        return made[0].ref();
    }

    /**
     * libvirt's vmwareDomainUndefineFlags: the VM leaves jvirt's list and its files stay; a running
     * one stays, transient, until it stops.
     */
    @Override
    public void domainUndefine(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.VMWARE, "vmwareDomainUndefineFlags");
        change(() -> {
            Vm v = vm(dom);
            if (!v.persistent()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.VMWARE, "cannot undefine transient domain");
            }
            host.undefine(v);
        });
    }

    /** libvirt's vmwareDomainGetXMLDesc: the .vmx as the converter reads it. */
    @Override
    public String domainXmlDesc(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.VMWARE, "vmwareDomainGetXMLDesc", XmlFlag.SECURE, XmlFlag.INACTIVE,
            XmlFlag.MIGRATABLE);
        return host.xml(vm(dom));
    }

    /** libvirt's vmwareConnectDomainXMLFromNative: {@code vmware-vmx}, file names as they are. */
    @Override
    public String domainXmlFromNative(String format, String config) {
        checkFormat(format);
        return VmxToDomain.toXml(VmxParser.parse(config), HostPaths.INSTANCE);
    }

    /**
     * {@code vmware-vmx} for a definition, as define writes it (virtual hardware 7). libvirt's
     * vmware driver has no domxml-to-native; its ESX driver's is the same converter.
     */
    @Override
    public String domainXmlToNative(String format, String xml) {
        checkFormat(format);
        return DomainToVmx.toVmx(xml, HostPaths.INSTANCE, VmwareHost.HW_VERSION);
    }

    private static void checkFormat(String format) {
        if (!"vmware-vmx".equals(format)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.VMWARE, "Unsupported config format '" + format + "'");
        }
    }

    private static VirtException internal(String message) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VMWARE, message);
    }
}
