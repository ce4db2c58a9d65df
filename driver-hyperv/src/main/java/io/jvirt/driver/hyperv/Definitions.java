package io.jvirt.driver.hyperv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.core.kit.DefineRules;

/**
 * Define, undefine and the XML description, as libvirt's hypervDomainDefineXML,
 * hypervDomainUndefineFlags and hypervDomainGetXMLDesc:
 * <ul>
 * <li>define: {@code DefineSystem} with an embedded {@code Msvm_VirtualSystemSettingData}, then the
 *     processor and memory settings ({@code ModifyResourceSettings}); any failure after the VM
 *     exists destroys it again ({@code DestroySystem}), so a failed define leaves no half-made VM;</li>
 * <li>undefine: {@code DestroySystem} with the VM's endpoint reference;</li>
 * <li>XML: {@code <domain type='hyperv'>} from the computer system, its setting data (Notes as the
 *     description), the processor and memory settings.</li>
 * </ul>
 * Devices are added after the settings ({@link DevicePlan}, {@link DeviceAttach}) and read back by
 * {@link DeviceReader}. What Hyper-V cannot express (any element past name, uuid, description,
 * memory, currentMemory, vcpu, os type and the devices {@link DevicePlan} takes) is refused with
 * CONFIG_UNSUPPORTED naming the element, before anything is sent.
 */
final class Definitions {

    private static final Logger LOG = LoggerFactory.getLogger(Definitions.class);

    /** A definition as parsed and checked, with its devices planned. */
    record Parsed(DomainDef def, DevicePlan devices) {
    }

    private final WsmanClient wsman;
    private final HypervInventory inventory;
    private final VmSettings settings;
    private final DeviceAttach attach;
    private final DeviceReader reader;

    Definitions(WsmanClient wsman, HypervInventory inventory, VmSettings settings, HostFacts host, String osVersion) {
        this.wsman = wsman;
        this.inventory = inventory;
        this.settings = settings;
        this.attach = new DeviceAttach(wsman, settings, host, osVersion);
        this.reader = new DeviceReader(wsman, settings, osVersion);
    }

    /** Parses and checks a definition; nothing is sent. */
    static Parsed parse(String xml) {
        DomainDef def = DomainXml.parse(xml, true);
        DefineRules.checkName(def.name());
        if (!"hyperv".equals(def.type())) {
            throw unsupported("domain type '" + def.type() + "' (this driver defines only <domain type='hyperv'>)");
        }
        List<String> extra = new ArrayList<>();
        if (def.title() != null) {
            extra.add("<title>");
        }
        if (def.metadata() != null) {
            extra.add("<metadata>");
        }
        if (def.iothreads() != null) {
            extra.add("<iothreads>");
        }
        if (def.cpu() != null) {
            extra.add("<cpu>");
        }
        if (def.features() != null) {
            extra.add("<features>");
        }
        var clock = def.clock();
        // libvirt's description always says <clock offset='utc'/> (its default): that one defines again
        if (clock != null && !("utc".equals(clock.offset()) && clock.timers().isEmpty() && clock.adjustment() == 0
            && !clock.adjustmentReset() && clock.basis() == null && clock.timezone() == null && clock.start() == null)) {
            extra.add("<clock>");
        }
        if (def.pm() != null) {
            extra.add("<pm>");
        }
        if (def.idmap() != null) {
            extra.add("<idmap>");
        }
        if (def.memoryBacking() != null) {
            extra.add("<memoryBacking>");
        }
        if (def.emulator() != null) {
            extra.add("<emulator>");
        }
        def.kept().forEach(e -> extra.add("<" + e.name() + ">"));
        DevicePlan devices = DevicePlan.of(def.devices(), extra);
        var os = def.os();
        if (os.kernel() != null || os.initrd() != null || os.cmdline() != null || os.loader() != null
            || os.nvram() != null || os.firmware() != null
            // libvirt's parser adds <boot dev='hd'/> to an hvm domain without one
            || !(os.bootDevices().isEmpty() || os.bootDevices().equals(List.of("hd"))) || os.bootMenu() != null
            || os.init() != null || !os.kept().isEmpty()) {
            extra.add("<os> beyond <type>");
        }
        if (os.type() != null && !"hvm".equals(os.type())) {
            extra.add("<os><type>" + os.type() + "</type>");
        }
        if (def.currentVcpus() != def.vcpus()) {
            extra.add("<vcpu current>");
        }
        if (!extra.isEmpty()) {
            throw unsupported(String.join(", ", extra));
        }
        return new Parsed(def, devices);
    }

    private static VirtException unsupported(String what) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.HYPERV,
            "the Hyper-V driver cannot define " + what);
    }

    /**
     * Defines a new VM. Refuses a UUID or name that exists (libvirt refuses the UUID; a second VM of
     * one name would make every lookup by name ambiguous).
     */
    Vm define(Parsed parsed) {
        DomainDef def = parsed.def();
        if (inventory.byUuid(def.uuid()).isPresent()) {
            throw new VirtException(ErrorCode.DOM_EXIST, ErrorDomain.HYPERV,
                "Domain already exists with UUID '" + def.uuid() + "'");
        }
        inventory.byName(def.name()).ifPresent(other -> {
            throw nameTaken(def.name(), other.uuid());
        });
        // the switches the adapters name must exist before the VM does
        var switches = attach.switches(parsed.devices());
        CimInstance vssd = new CimInstance("Msvm_VirtualSystemSettingData").with("ElementName", "string", def.name())
            // libvirt sends the name only and the host picks a UUID; jvirt asks for the XML's, so the
            // domain defined is the one the XML names
            .with("VirtualSystemIdentifier", "string", def.uuid().toString().toUpperCase(Locale.ROOT));
        if (def.description() != null && !def.description().isEmpty()) {
            vssd.withArray("Notes", "string", List.of(def.description()));
        }
        wsman.invokeService("DefineSystem", b -> WsmanClient.embedded(b, "SystemSettings", vssd));
        Vm vm = null;
        try {
            vm = inventory.byUuid(def.uuid()).orElseThrow(() -> new VirtException(ErrorCode.INTERNAL_ERROR,
                ErrorDomain.HYPERV, "The host did not define a VM with UUID '" + def.uuid() + "'"));
            // another client may have defined the same name meanwhile: the later one goes
            for (Vm same : inventory.sameName(def.name())) {
                if (!same.uuid().equals(vm.uuid())) {
                    throw nameTaken(def.name(), same.uuid());
                }
            }
            if (def.vcpus() > 0) {
                settings.setVcpus(vm, def.vcpus());
            }
            if (def.memoryKiB() > 0) {
                settings.setMemory(vm, "Limit", def.memoryKiB());
            }
            if (def.currentMemoryKiB() > 0) {
                settings.setMemory(vm, "VirtualQuantity", def.currentMemoryKiB());
            }
            attach.attach(vm, parsed.devices(), switches);
            return vm;
        } catch (RuntimeException e) {
            rollBack(def, e);
            throw e;
        }
    }

    private void rollBack(DomainDef def, RuntimeException cause) {
        LOG.debug("defining '{}' failed, rolling back: {}", def.name(), cause.getMessage());
        try {
            destroySystem(def.uuid());
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static VirtException nameTaken(String name, UUID other) {
        return new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.HYPERV,
            "domain '" + name + "' already exists with uuid " + other);
    }

    /** libvirt's hypervDomainUndefineFlags: DestroySystem(AffectedSystem = the VM's reference). */
    void undefine(Vm vm) {
        destroySystem(vm.uuid());
    }

    private void destroySystem(UUID uuid) {
        List<Epr> refs = wsman.enumerateEpr("Msvm_ComputerSystem", HypervInventory.SELECT_VMS + "AND Name = '"
            + Wsman.wqlString(uuid.toString()) + "'");
        if (refs.isEmpty()) {
            throw new VirtException(ErrorCode.NO_DOMAIN, ErrorDomain.HYPERV, "No domain with UUID " + uuid);
        }
        wsman.invokeService("DestroySystem", b -> WsmanClient.reference(b, "AffectedSystem", refs.get(0)));
    }

    /** libvirt's hypervDomainGetXMLDesc. */
    String xml(Vm vm) {
        WmiObject vssd = settings.systemSettings(vm);
        WmiObject cpu = settings.component(vssd, "Msvm_ProcessorSettingData");
        WmiObject mem = settings.component(vssd, "Msvm_MemorySettingData");
        long vcpus = cpu.number("VirtualQuantity", 0);
        if (vcpus < 1 || vcpus > 4096) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                "The host reports " + vcpus + " virtual processors for '" + vm.name() + "'");
        }
        long max = mem.number("Limit", 0);
        long cur = mem.number("VirtualQuantity", 0);
        if (max < 0 || cur < 0 || max > (1L << 40) || cur > (1L << 40)) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                "The host reports memory out of range for '" + vm.name() + "'");
        }
        var b = DomainDef.builder().type("hyperv").name(vm.name()).uuid(vm.uuid()).memoryKiB(max * 1024)
            .currentMemoryKiB(cur * 1024).vcpus((int) vcpus).os("hvm", null, null);
        List<String> notes = vssd.properties().get("Notes");
        if (notes != null && !notes.isEmpty()) {
            // libvirt: in practice one element; more are separated by an empty line
            b.description(String.join("\n\n", notes));
        }
        DomainDef def = b.build();
        // libvirt's Hyper-V driver describes the devices as the host has them, without the parser's
        // post-parse (a DVD drive is not marked read-only, no implicit device is added)
        reader.read(vssd).forEach(def::addDevice);
        // libvirt's description has no <console>: its parser's console for the first serial port is not made here
        def.devices().removeIf(d -> "console".equals(d.kind()));
        return DomainXml.format(def, vm.id());
    }
}
