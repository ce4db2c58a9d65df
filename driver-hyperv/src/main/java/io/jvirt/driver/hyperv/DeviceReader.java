package io.jvirt.driver.hyperv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CharDeviceDef;
import io.jvirt.api.domain.CharSource;
import io.jvirt.api.domain.ControllerDef;
import io.jvirt.api.domain.DeviceDef;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.InterfaceDef;
import io.jvirt.api.domain.XmlElement;

/**
 * A VM's devices as libvirt's hypervDomainGetXMLDesc reads them (hypervDomainDefParseStorage,
 * ...Serial, ...Ethernet): controllers (the IDE channels as one {@code <controller type='ide'
 * index='0'/>}, each synthetic SCSI controller in the host's order), disks (each image on a drive on
 * a controller: {@code hd} named by channel * 2 + unit, {@code sd} by controller * 64 + unit, the
 * diskette's image {@code fda}), the COM ports (named pipes, "-1" for none) and the network adapters
 * connected to a switch. Each class of setting is read with one enumeration, whatever the number
 * of devices (libvirt asks once more per adapter for its port settings and its switch).
 */
final class DeviceReader {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceReader.class);
    private static final Pattern COM = Pattern.compile("COM [1-9]");
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{12}");

    private final WsmanClient wsman;
    private final VmSettings settings;
    private final String osVersion;

    DeviceReader(WsmanClient wsman, VmSettings settings, String osVersion) {
        this.wsman = wsman;
        this.settings = settings;
        this.osVersion = osVersion;
    }

    /** The devices, in libvirt's formatting order: disks, controllers, interfaces, serials. */
    List<DeviceDef> read(WmiObject vssd) {
        List<WmiObject> rasd = settings.components(vssd, DeviceAttach.RASD);
        List<WmiObject> sasd = settings.components(vssd, DeviceAttach.SASD);
        List<WmiObject> serials = DeviceAttach.RASD.equals(DeviceAttach.serialClass(osVersion)) ? rasd
            : settings.components(vssd, DeviceAttach.SERIAL);
        List<WmiObject> ports = settings.components(vssd, DeviceAttach.EPASD);
        List<DeviceDef> disks = new ArrayList<>();
        List<DeviceDef> controllers = new ArrayList<>();
        storage(rasd, sasd, disks, controllers);
        List<DeviceDef> out = new ArrayList<>(disks);
        out.addAll(controllers);
        out.addAll(nics(vssd, ports));
        out.addAll(serials(serials));
        return out;
    }

    private static VirtException bad(String what) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, what);
    }

    private void storage(List<WmiObject> rasd, List<WmiObject> sasd, List<DeviceDef> disks, List<DeviceDef> controllers) {
        WmiObject[] ide = new WmiObject[2];
        List<WmiObject> scsi = new ArrayList<>();
        for (WmiObject r : rasd) {
            long type = r.number("ResourceType", -1);
            if (type == DeviceAttach.RT_IDE_CONTROLLER) {
                String a = r.str("Address");
                if (!"0".equals(a) && !"1".equals(a)) {
                    throw bad("The host reports an IDE channel at address '" + a + "'");
                }
                if (ide[0] == null && ide[1] == null) {
                    // Hyper-V shows its PIIX4's two channels as two settings: one controller for libvirt
                    controllers.add(new ControllerDef().type("ide").index(0));
                }
                ide[Integer.parseInt(a)] = r;
            } else if (type == DeviceAttach.RT_SCSI_CONTROLLER) {
                if (scsi.size() == DevicePlan.MAX_SCSI_CONTROLLERS) {
                    throw bad("Could not parse SCSI controller: the host reports more than " + DevicePlan.MAX_SCSI_CONTROLLERS);
                }
                controllers.add(new ControllerDef().type("scsi").index(scsi.size()));
                scsi.add(r);
            } else if (type == DeviceAttach.RT_DISK_DRIVE && !r.properties().getOrDefault("HostResource", List.of()).isEmpty()
                && !r.str("HostResource").contains("NODRIVE")) {
                // a pass-through disk (libvirt reads Msvm_DiskDrive's DriveNumber): not read by this driver yet
                LOG.warn("leaving out pass-through disk {} of the XML", r.str("InstanceID"));
            }
        }
        for (WmiObject image : sasd) {
            List<String> files = image.properties().getOrDefault("HostResource", List.of());
            if (files.isEmpty() || files.get(0).isEmpty()) {
                // an empty drive (libvirt fails the whole description here)
                continue;
            }
            WmiObject drive = parent(image, rasd);
            WmiObject controller = parent(drive, rasd);
            DiskDef d = new DiskDef().type("file").device("Microsoft:Hyper-V:Virtual CD/DVD Disk".equals(image.str(
                "ResourceSubType")) ? "cdrom" : "disk").hasSource(true).sourcePath(files.get(0));
            long ctype = controller.number("ResourceType", -1);
            int idx;
            int unit = 0;
            int channel = 0;
            int ctrl = 0;
            if (ctype == DeviceAttach.RT_OTHER && drive.number("ResourceType", -1) == DeviceAttach.RT_DISKETTE_DRIVE) {
                d.device("floppy").targetBus("fdc").targetDev("fda");
            } else {
                unit = address(drive);
                if (ctype == DeviceAttach.RT_SCSI_CONTROLLER) {
                    ctrl = scsi.indexOf(controller);
                    if (ctrl < 0) {
                        throw bad("Could not find controller for disk!");
                    }
                    idx = ctrl * 64 + unit;
                    d.targetBus("scsi").targetDev(io.jvirt.core.kit.DiskNames.name(idx, "sd"));
                } else if (ctype == DeviceAttach.RT_IDE_CONTROLLER) {
                    channel = controller == ide[0] ? 0 : controller == ide[1] ? 1 : -1;
                    if (channel < 0) {
                        throw bad("Could not find controller for disk!");
                    }
                    idx = channel * 2 + unit;
                    d.targetBus("ide").targetDev(io.jvirt.core.kit.DiskNames.name(idx, "hd"));
                } else {
                    throw bad("Unrecognized controller type " + ctype);
                }
            }
            d.address(new XmlElement("address").attr("type", "drive").attr("controller", String.valueOf(ctrl))
                .attr("bus", String.valueOf(channel)).attr("target", "0").attr("unit", String.valueOf(unit)));
            disks.add(d);
        }
    }

    /** The setting {@code child}'s Parent path names (libvirt's hypervGetDeviceParentRasdFromDeviceId). */
    private static WmiObject parent(WmiObject child, List<WmiObject> rasd) {
        String path = child.str("Parent");
        WmiObject p = ResourcePaths.find(path, rasd);
        if (p == null) {
            throw bad("Failed to locate parent device with ID '" + path + "'");
        }
        return p;
    }

    private static int address(WmiObject drive) {
        String a = drive.str("AddressOnParent");
        try {
            int n = Integer.parseInt(a == null ? "" : a.strip());
            if (n < 0 || n >= DevicePlan.MAX_SCSI_UNITS) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad("The host reports a drive at address '" + a + "'");
        }
    }

    /** libvirt's hypervDomainDefParseSerial: each "COM n" as a pipe, "-1" when it has no Connection. */
    private static List<DeviceDef> serials(List<WmiObject> ports) {
        List<DeviceDef> out = new ArrayList<>();
        for (WmiObject p : ports) {
            String name = p.str("ElementName");
            if (p.number("ResourceType", -1) != DeviceAttach.RT_SERIAL_PORT || name == null || !COM.matcher(name).matches()) {
                continue;
            }
            List<String> conn = p.properties().getOrDefault("Connection", List.of());
            // libvirt writes "" for "-1" and reads an absent Connection as "-1": both are "-1" here, so a
            // description defines the same VM again
            String path = conn.isEmpty() || conn.get(0).isEmpty() ? "-1" : conn.get(0);
            CharDeviceDef s = new CharDeviceDef().kind("serial").type("pipe").targetPort(name.charAt(4) - '0');
            s.sources().add(new CharSource().path(path));
            out.add(s);
        }
        return out;
    }

    /**
     * libvirt's hypervDomainDefParseEthernet: each adapter connection that is enabled and names a
     * switch, with its port's MAC and the switch's Name as the bridge.
     */
    private List<DeviceDef> nics(WmiObject vssd, List<WmiObject> connections) {
        List<WmiObject> connected = new ArrayList<>();
        for (WmiObject c : connections) {
            List<String> hr = c.properties().getOrDefault("HostResource", List.of());
            if (!hr.isEmpty() && !hr.get(0).isEmpty() && c.number("EnabledState", 2) != 3) {
                connected.add(c);
            }
        }
        if (connected.isEmpty()) {
            return List.of();
        }
        List<WmiObject> portSettings = settings.components(vssd, DeviceAttach.SEPSD);
        List<WmiObject> switches = wsman.enumerate(ResourcePaths.SWITCH, "SELECT * FROM " + ResourcePaths.SWITCH + " ");
        List<DeviceDef> out = new ArrayList<>();
        for (WmiObject c : connected) {
            WmiObject port = ResourcePaths.find(c.str("Parent"), portSettings);
            if (port == null) {
                throw bad("Could not retrieve NIC settings");
            }
            String hex = port.str("Address");
            if (hex == null || !MAC.matcher(hex).matches()) {
                throw bad("The host reports the MAC address '" + hex + "'");
            }
            WmiObject sw = ResourcePaths.findSwitch(c.str("HostResource"), switches);
            if (sw == null) {
                throw bad("Could not retrieve virtual switch");
            }
            StringBuilder mac = new StringBuilder();
            for (int i = 0; i < 12; i += 2) {
                mac.append(i == 0 ? "" : ":").append(hex.substring(i, i + 2).toLowerCase(Locale.ROOT));
            }
            out.add(new InterfaceDef().type("bridge").mac(mac.toString()).sourceBridge(sw.required("Name")));
        }
        return out;
    }
}
