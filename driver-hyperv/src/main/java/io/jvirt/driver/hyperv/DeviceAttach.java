package io.jvirt.driver.hyperv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.w3c.dom.Element;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.XmlDom;

/**
 * Adds a planned VM's devices, in libvirt's order and with libvirt's settings (hypervDomainAttachStorage,
 * hypervDomainAttachSerial, hypervDomainAttachSyntheticEthernetAdapter): the SCSI controllers, then
 * each disk (a drive on its controller, then its image on the drive), then the COM ports' pipes, then
 * each network adapter (its port settings, then its connection to the switch). Every addition is
 * the management service's {@code AddResourceSettings} with the VM's setting data as
 * {@code AffectedConfiguration} and one embedded instance; a COM port is changed in place
 * ({@code ModifyResourceSettings}). The caller destroys the VM when any step fails.
 */
final class DeviceAttach {

    static final int RT_OTHER = 1;
    static final int RT_IDE_CONTROLLER = 5;
    static final int RT_SCSI_CONTROLLER = 6;
    static final int RT_ETHERNET_ADAPTER = 10;
    static final int RT_DISKETTE_DRIVE = 14;
    static final int RT_DVD_DRIVE = 16;
    static final int RT_DISK_DRIVE = 17;
    static final int RT_SERIAL_PORT = 21;
    static final int RT_LOGICAL_DISK = 31;
    static final int RT_ETHERNET_CONNECTION = 33;

    static final String RASD = "Msvm_ResourceAllocationSettingData";
    static final String SASD = "Msvm_StorageAllocationSettingData";
    static final String SEPSD = "Msvm_SyntheticEthernetPortSettingData";
    static final String EPASD = "Msvm_EthernetPortAllocationSettingData";
    static final String SERIAL = "Msvm_SerialPortSettingData";

    private final WsmanClient wsman;
    private final VmSettings settings;
    private final HostFacts host;
    private final String osVersion;

    DeviceAttach(WsmanClient wsman, VmSettings settings, HostFacts host, String osVersion) {
        this.wsman = wsman;
        this.settings = settings;
        this.host = host;
        this.osVersion = osVersion;
    }

    /** libvirt reads the COM ports as plain resource settings on Windows Server 2012 R2 (6.x), as serial port settings later. */
    static String serialClass(String osVersion) {
        return osVersion != null && osVersion.startsWith("6.") ? RASD : SERIAL;
    }

    /**
     * The virtual switches the plan's adapters name, by Name, looked up before the VM is made (libvirt
     * asks per adapter after the VM exists and fails without a word when there is none).
     */
    Map<String, WmiObject> switches(DevicePlan plan) {
        Map<String, WmiObject> out = new java.util.LinkedHashMap<>();
        for (DevicePlan.Nic nic : plan.nics()) {
            if (out.containsKey(nic.switchName())) {
                continue;
            }
            List<WmiObject> l = wsman.enumerate(ResourcePaths.SWITCH, "SELECT * FROM " + ResourcePaths.SWITCH
                + " WHERE Name = '" + Wsman.wqlString(nic.switchName()) + "'");
            if (l.isEmpty()) {
                throw new VirtException(ErrorCode.NO_NETWORK, ErrorDomain.HYPERV,
                    "Network not found: no virtual switch with Name '" + nic.switchName() + "'");
            }
            out.put(nic.switchName(), l.get(0));
        }
        return out;
    }

    void attach(Vm vm, DevicePlan plan, Map<String, WmiObject> switches) {
        if (plan.isEmpty()) {
            return;
        }
        String hostname = host.hostname();
        WmiObject vssd = settings.systemSettings(vm);
        String vssdId = vssd.required("InstanceID");
        List<Epr> refs = wsman.enumerateEpr("Msvm_VirtualSystemSettingData",
            "SELECT * FROM Msvm_VirtualSystemSettingData WHERE InstanceID = '" + Wsman.wqlString(vssdId) + "'");
        if (refs.isEmpty()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                "Could not look up virtual system setting data '" + vssdId + "'");
        }
        Epr config = refs.get(0);
        attachStorage(config, vssd, plan, hostname);
        attachSerials(vssd, plan);
        for (DevicePlan.Nic nic : plan.nics()) {
            attachNic(config, nic, switches.get(nic.switchName()), hostname);
        }
    }

    private void attachStorage(Epr config, WmiObject vssd, DevicePlan plan, String hostname) {
        for (int i = 0; i < plan.scsiControllers(); i++) {
            add(config, new CimInstance(RASD).with("ResourceType", "uint16", RT_SCSI_CONTROLLER)
                .with("ResourceSubType", "string", "Microsoft:Hyper-V:Synthetic SCSI Controller"));
        }
        if (plan.disks().isEmpty()) {
            return;
        }
        WmiObject[] ide = new WmiObject[2];
        List<WmiObject> scsi = new ArrayList<>();
        WmiObject diskette = null;
        for (WmiObject r : settings.components(vssd, RASD)) {
            long type = r.number("ResourceType", -1);
            if (type == RT_IDE_CONTROLLER) {
                String a = r.str("Address");
                if ("0".equals(a) || "1".equals(a)) {
                    ide[Integer.parseInt(a)] = r;
                }
            } else if (type == RT_SCSI_CONTROLLER) {
                scsi.add(r);
            } else if (type == RT_DISKETTE_DRIVE) {
                diskette = r;
            }
        }
        for (DevicePlan.Disk d : plan.disks()) {
            WmiObject parent = switch (d.bus()) {
                case "ide" -> ide[d.controller()];
                case "scsi" -> d.controller() < scsi.size() ? scsi.get(d.controller()) : null;
                default -> diskette;
            };
            if (parent == null) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, "The host has no "
                    + ("fdc".equals(d.bus()) ? "diskette drive" : d.bus() + " controller " + d.controller())
                    + " for disk '" + d.path() + "'");
            }
            String parentPath = ResourcePaths.setting(hostname, RASD, parent.required("InstanceID"));
            if ("fdc".equals(d.bus())) {
                // libvirt's hypervDomainAttachFloppy: the image straight on the VM's diskette drive
                add(config, image(parentPath, d.path(), "Microsoft:Hyper-V:Virtual Floppy Disk"));
                continue;
            }
            boolean cdrom = "cdrom".equals(d.device());
            String drive = add(config, new CimInstance(RASD).with("Parent", "string", parentPath)
                .with("AddressOnParent", "string", d.unit())
                .with("ResourceType", "uint16", cdrom ? RT_DVD_DRIVE : RT_DISK_DRIVE)
                .with("ResourceSubType", "string", cdrom ? "Microsoft:Hyper-V:Synthetic DVD Drive"
                    : "Microsoft:Hyper-V:Synthetic Disk Drive"));
            add(config, image(ResourcePaths.setting(hostname, RASD, drive), d.path(),
                cdrom ? "Microsoft:Hyper-V:Virtual CD/DVD Disk" : "Microsoft:Hyper-V:Virtual Hard Disk"));
        }
    }

    /**
     * An image on a drive. libvirt embeds it with the class name Msvm_ResourceAllocationSettingData;
     * Hyper-V's class for a logical disk (resource type 31) is Msvm_StorageAllocationSettingData,
     * the class dumpxml reads it back from, so that is the class sent.
     */
    private static CimInstance image(String parentPath, String file, String subType) {
        return new CimInstance(SASD).with("Parent", "string", parentPath).withArray("HostResource", "string", List.of(file))
            .with("ResourceType", "uint16", RT_LOGICAL_DISK).with("ResourceSubType", "string", subType);
    }

    /** libvirt's hypervDomainAttachSerial: the VM's "COM n" setting gets the pipe as its Connection. */
    private void attachSerials(WmiObject vssd, DevicePlan plan) {
        if (plan.serials().isEmpty()) {
            return;
        }
        String cls = serialClass(osVersion);
        List<WmiObject> ports = settings.components(vssd, cls);
        for (DevicePlan.Serial s : plan.serials()) {
            WmiObject port = null;
            for (WmiObject p : ports) {
                if (p.number("ResourceType", -1) == RT_SERIAL_PORT && ("COM " + s.port()).equals(p.str("ElementName"))) {
                    port = p;
                    break;
                }
            }
            if (port == null) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                    "Could not attach serial port: the VM has no COM " + s.port());
            }
            CimInstance i = new CimInstance(cls).withArray("Connection", "string", List.of(s.pipe() == null ? "" : s.pipe()))
                .with("InstanceID", "string", port.required("InstanceID"))
                .with("ResourceType", "uint16", RT_SERIAL_PORT)
                .with("ResourceSubType", "string", port.required("ResourceSubType"));
            wsman.invokeService("ModifyResourceSettings", b -> WsmanClient.embedded(b, "ResourceSettings", i));
        }
    }

    /** libvirt's hypervDomainAttachSyntheticEthernetAdapter: the port's settings, then its connection to the switch. */
    private void attachNic(Epr config, DevicePlan.Nic nic, WmiObject vswitch, String hostname) {
        String port = add(config, new CimInstance(SEPSD).with("ResourceType", "uint16", RT_ETHERNET_ADAPTER)
            .with("ResourceSubType", "string", "Microsoft:Hyper-V:Synthetic Ethernet Port")
            .withArray("VirtualSystemIdentifiers", "string", List.of("{" + UUID.randomUUID() + "}"))
            // libvirt: virMacAddrFormat without the colons
            .with("Address", "string", nic.mac().replace(":", "").toLowerCase(Locale.ROOT))
            .with("StaticMacAddress", "boolean", "true"));
        add(config, new CimInstance(EPASD).with("EnabledState", "uint16", 2)
            .withArray("HostResource", "string", List.of(ResourcePaths.virtualSwitch(hostname, vswitch.required("Name"))))
            .with("Parent", "string", ResourcePaths.setting(hostname, SEPSD, port))
            .with("ResourceType", "uint16", RT_ETHERNET_CONNECTION)
            .with("ResourceSubType", "string", "Microsoft:Hyper-V:Ethernet Connection"));
    }

    /**
     * AddResourceSettings of one instance; returns the InstanceID of the setting the host made (its
     * ResultingResourceSettings reference; libvirt takes the first InstanceID selector of the whole
     * answer, which may be the job's).
     */
    private String add(Epr config, CimInstance resource) {
        Element out = wsman.invokeService("AddResourceSettings", b -> {
            WsmanClient.reference(b, "AffectedConfiguration", config);
            WsmanClient.embedded(b, "ResourceSettings", resource);
        });
        Element made = XmlDom.child(out, "ResultingResourceSettings");
        Epr ref = made == null ? null : Epr.from(made);
        String id = ref == null ? null : ref.selectors().get("InstanceID");
        if (id == null || id.isEmpty()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                "Could not find the InstanceID of the added " + resource.className() + " in the method response");
        }
        return id;
    }
}
