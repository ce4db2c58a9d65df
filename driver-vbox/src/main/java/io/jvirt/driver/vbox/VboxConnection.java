package io.jvirt.driver.vbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.jvirt.api.DefineFlag;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.ModificationImpact;
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
import io.jvirt.core.kit.remote.DomainLookups;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * One connection to VirtualBox: libvirt's vbox driver table over VBoxManage. Stateless as
 * libvirt's: every call asks VirtualBox (another client's changes are seen at once), and the
 * machine behind a {@link DomainRef} is found again by UUID on every call. Each entry point checks
 * its flags and the machine's state with libvirt's words (vbox_common.c) before it asks VirtualBox.
 */
final class VboxConnection implements DriverConnection {

    private final String uri;
    private final VboxHost host;
    private final DomainLookups<Machine> domains;
    /** This connection's subscriptions (the host has every connection's). */
    private final PolledEventHub.Scope events;
    /** The stop detail of the last destroy asked for through any connection, per machine (the host's). */
    private final Map<UUID, Integer> stopHints;

    VboxConnection(String uri, VboxHost host) {
        this.uri = uri;
        this.host = host;
        this.events = host.events().scope();
        this.domains = new DomainLookups<>(host.inventory(), ErrorDomain.VBOX, "vboxConnectListAllDomains");
        this.stopHints = host.stopHints();
    }

    @Override
    public String type() {
        return "VBOX";
    }

    @Override
    public void close() {
        events.close();
    }

    @Override
    public String uri() {
        return uri;
    }

    /** libvirt's vboxConnectGetVersion: VirtualBox's version, packed. */
    @Override
    public long hypervisorVersion() {
        return VboxHost.packVersion(host.version());
    }

    @Override
    public String hostname() {
        return host.node().hostname();
    }

    /** libvirt's vboxNodeGetInfo: the host's. */
    @Override
    public NodeInfo nodeInfo() {
        return host.node().nodeInfo();
    }

    /** libvirt's vboxConnectGetMaxVcpus: ISystemProperties::MaxGuestCPUCount. */
    @Override
    public int maxVcpus(String type) {
        return host.maxCpus();
    }

    // ---------- listings and lookups ----------

    @Override
    public List<DomainRef> listAllDomains(int flags) {
        return domains.listRefs(flags);
    }

    @Override
    public int numOfDomains() {
        return domains.countActive();
    }

    @Override
    public int numOfDefinedDomains() {
        return domains.countInactive();
    }

    @Override
    public DomainRef lookupByName(String name) {
        return domains.lookupByName(name);
    }

    @Override
    public DomainRef lookupByUuid(UUID uuid) {
        return domains.lookupByUuid(uuid);
    }

    @Override
    public DomainRef lookupById(int id) {
        return domains.lookupById(id);
    }

    private Machine machine(DomainRef dom) {
        return domains.get(dom);
    }

    // ---------- events ----------

    /** Lifecycle events by polling VirtualBox (libvirt's driver has a callback of VirtualBox's; VBoxManage has none). */
    @Override
    public AutoCloseable subscribeDomainEvents(Consumer<DomainEvent> sink) {
        return events.subscribe(this::reading, host.settings().eventPoll(), sink, stopHints::get, uri);
    }

    private List<PolledDomainEvents.Seen> reading() {
        List<PolledDomainEvents.Seen> out = new ArrayList<>();
        for (Machine m : host.inventory().listWithInfo()) {
            VmState s = m.state();
            out.add(new PolledDomainEvents.Seen(m.uuid(), m.name(), m.id(), s.libvirt(), s == VmState.SAVED,
                !s.transition()));
        }
        return out;
    }

    /**
     * Runs one of this connection's changes, then lets every subscription of every connection see it
     * at once (a console's destroy and another console's event loop are two connections).
     */
    private void change(Runnable r) {
        events.afterChange(r);
    }

    // ---------- domains ----------

    @Override
    public int domainId(DomainRef dom) {
        return machine(dom).id();
    }

    /** libvirt's vboxDomainGetOSType: always hvm. */
    @Override
    public String domainOsType(DomainRef dom) {
        machine(dom);
        return "hvm";
    }

    /** libvirt's vboxDomainGetInfo: memory MB to KiB, maxMem VirtualBox's MaxGuestRAM, no CPU time. */
    @Override
    public DomainInfo domainInfo(DomainRef dom) {
        MachineInfo info = machine(dom).info();
        return new DomainInfo(info.state().libvirt(), VboxDefinition.MAX_MEMORY_MB * 1024,
            info.number("memory", 0, VboxDefinition.MAX_MEMORY_MB) * 1024, (int) info.number("cpus", 0, 1024), 0);
    }

    /** libvirt's vboxDomainGetState: the reason is always 0. */
    @Override
    public StateReason domainState(DomainRef dom) {
        return new StateReason(machine(dom).state().libvirt(), StateReason.UNKNOWN);
    }

    @Override
    public boolean domainIsActive(DomainRef dom) {
        return machine(dom).online();
    }

    /** Every VirtualBox machine is persistent (libvirt's vboxDomainIsPersistent). */
    @Override
    public boolean domainIsPersistent(DomainRef dom) {
        machine(dom);
        return true;
    }

    /** A machine has one definition, VirtualBox's (libvirt's vboxDomainIsUpdated). */
    @Override
    public boolean domainIsUpdated(DomainRef dom) {
        machine(dom);
        return false;
    }

    /**
     * Whether the machine has a saved state. libvirt's vboxDomainHasManagedSaveImage answers 0 for
     * every machine although its managed save keeps one; jvirt says what VirtualBox has.
     */
    @Override
    public boolean domainHasManagedSaveImage(DomainRef dom) {
        return machine(dom).state() == VmState.SAVED;
    }

    /** libvirt's vboxDomainCreateWithFlags: only from powered off, saved or aborted. */
    @Override
    public void domainCreate(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.VBOX, "vboxDomainCreateWithFlags");
        Machine m = machine(dom);
        VmState s = m.state();
        if (s != VmState.POWEROFF && s != VmState.SAVED && s != VmState.ABORTED) {
            throw failed("machine is not in poweroff|saved|aborted state, so couldn't start it");
        }
        stopHints.remove(m.uuid());
        String type = host.frontEnd(m.uuid());
        change(() -> host.vbox().runLong("startvm", m.uuid().toString(), "--type", type));
    }

    /** libvirt's vboxDomainShutdownFlags: the ACPI power button; refused when paused or powered off. */
    @Override
    public void domainShutdown(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.VBOX, "vboxDomainShutdownFlags");
        Machine m = machine(dom);
        if (m.state() == VmState.PAUSED) {
            throw failed("machine paused, so can't power it down");
        }
        if (m.state() == VmState.POWEROFF) {
            throw failed("machine already powered down");
        }
        stopHints.remove(m.uuid());
        change(() -> controlvm(m, "acpipowerbutton"));
    }

    /** libvirt's vboxDomainReboot: a reset, only when running. */
    @Override
    public void domainReboot(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.VBOX, "vboxDomainReboot");
        Machine m = machine(dom);
        if (m.state() != VmState.RUNNING) {
            throw failed("machine not running, so can't reboot it");
        }
        change(() -> controlvm(m, "reset"));
    }

    /** libvirt's vboxDomainDestroyFlags: power off, refused when already powered off. */
    @Override
    public void domainDestroy(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.VBOX, "vboxDomainDestroyFlags");
        Machine m = machine(dom);
        if (!m.state().online()) {
            // libvirt tests PoweredOff only; saved and aborted machines have no VM to power off either
            throw failed("machine already powered down");
        }
        stopHints.put(m.uuid(), DomainEvent.STOPPED_DESTROYED);
        change(() -> controlvm(m, "poweroff"));
    }

    /** libvirt's vboxDomainSuspend: only from running. */
    @Override
    public void domainSuspend(DomainRef dom) {
        Machine m = machine(dom);
        if (m.state() != VmState.RUNNING) {
            throw failed("machine not in running state to suspend it");
        }
        change(() -> controlvm(m, "pause"));
    }

    /** libvirt's vboxDomainResume: only from paused. */
    @Override
    public void domainResume(DomainRef dom) {
        Machine m = machine(dom);
        if (m.state() != VmState.PAUSED) {
            throw failed("machine not paused, so can't resume it");
        }
        change(() -> controlvm(m, "resume"));
    }

    /** libvirt's vboxDomainSave with the managed-save meaning: the state goes into the machine's folder. */
    @Override
    public void domainManagedSave(DomainRef dom) {
        Machine m = machine(dom);
        if (m.state() != VmState.RUNNING && m.state() != VmState.PAUSED) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.VBOX, "domain is not running");
        }
        stopHints.remove(m.uuid());
        change(() -> host.vbox().runLong("controlvm", m.uuid().toString(), "savestate"));
    }

    /** Drops a saved state ({@code discardstate}); nothing to do for a machine without one. */
    @Override
    public void domainManagedSaveRemove(DomainRef dom) {
        Machine m = machine(dom);
        if (m.state() == VmState.SAVED) {
            change(() -> host.vbox().run("discardstate", m.uuid().toString()));
        }
    }

    private void controlvm(Machine m, String action) {
        host.vbox().run("controlvm", m.uuid().toString(), action);
    }

    /** libvirt's vboxDomainSetMemory: only on a powered-off machine. */
    @Override
    public void domainSetMemory(DomainRef dom, long kib, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.VBOX, "vboxDomainSetMemory", ModificationImpact.values());
        Machine m = machine(dom);
        if (m.state() != VmState.POWEROFF) {
            throw failed("memory size can't be changed unless domain is powered down");
        }
        long mb = (kib + 1023) / 1024;
        if (mb < VboxDefinition.MIN_MEMORY_MB || mb > VboxDefinition.MAX_MEMORY_MB) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.VBOX,
                "could not set the memory size of the domain to: " + kib + " Kb (VirtualBox: 4 MiB to 2 TiB)");
        }
        change(() -> host.vbox().run("modifyvm", m.uuid().toString(), "--memory", Long.toString(mb)));
    }

    /** libvirt's vboxDomainSetVcpusFlags: the CPU count of a powered-off machine. */
    @Override
    public void domainSetVcpus(DomainRef dom, int count, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.VBOX, "vboxDomainSetVcpusFlags", ModificationImpact.values());
        Machine m = machine(dom);
        if (count < 1 || count > host.maxCpus()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.VBOX,
                "could not set the number of cpus of the domain to: " + count + " (VirtualBox: 1 to " + host.maxCpus() + ")");
        }
        if (m.state() != VmState.POWEROFF) {
            throw failed("the number of cpus can't be changed unless domain is powered down");
        }
        change(() -> host.vbox().run("modifyvm", m.uuid().toString(), "--cpus", Integer.toString(count)));
    }

    // ---------- definitions ----------

    @Override
    public DomainRef defineXml(String xml, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.VBOX, "vboxDomainDefineXMLFlags", DefineFlag.VALIDATE);
        DomainDef def = DomainXml.parse(xml, (flags & DefineFlag.VALIDATE.bit()) != 0);
        DefineRules.checkName(def.name());
        Machine[] made = new Machine[1];
        change(() -> made[0] = host.define(def));
        return made[0].ref();
    }

    /** libvirt's vboxDomainUndefineFlags: the machine goes, its disk images stay. */
    @Override
    public void domainUndefine(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.VBOX, "vboxDomainUndefineFlags", UndefineFlag.SNAPSHOTS_METADATA);
        Machine m = machine(dom);
        if (m.online()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.VBOX, "cannot undefine a running machine");
        }
        change(() -> host.unregister(m.uuid()));
    }

    /** libvirt's vboxDomainGetXMLDesc: virCheckFlags(VIR_DOMAIN_XML_COMMON_FLAGS). */
    @Override
    public String domainXmlDesc(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.VBOX, "vboxDomainGetXMLDesc", XmlFlag.SECURE, XmlFlag.INACTIVE,
            XmlFlag.MIGRATABLE);
        return host.xml(machine(dom));
    }

    private static VirtException failed(String message) {
        return new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.VBOX, message);
    }
}
