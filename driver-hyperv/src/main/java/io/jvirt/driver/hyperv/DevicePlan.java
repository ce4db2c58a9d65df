package io.jvirt.driver.hyperv;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.jvirt.api.domain.CharDeviceDef;
import io.jvirt.api.domain.CharSource;
import io.jvirt.api.domain.ControllerDef;
import io.jvirt.api.domain.DeviceDef;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.InterfaceDef;
import io.jvirt.api.domain.MacAddress;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.core.kit.DiskNames;

/**
 * The devices of a definition as Hyper-V takes them, worked out before anything is sent (libvirt's
 * hypervDomainAttachStorage, hypervDomainAttachSerial and hypervDomainAttachSyntheticEthernetAdapter
 * find most of these problems only after DefineSystem, or not at all):
 * <ul>
 * <li>disks: {@code type='file'} on bus ide (the VM's two built-in channels, two units each), scsi
 *     (up to four synthetic controllers, 64 units each) or fdc (the one diskette drive), device disk
 *     (a VHD/VHDX), cdrom (an ISO) or floppy (a VFD); the drive address is the {@code <address
 *     type='drive'>} given or libvirt's virDomainDiskDefAssignAddress of the target name;</li>
 * <li>controllers: scsi 0 to 3 (the count made is the highest index a controller or disk uses, plus
 *     one, as libvirt's implicit controllers), ide 0 and fdc 0 (built into every VM);</li>
 * <li>serials: {@code type='pipe'} on COM 1 or COM 2 ({@code <target port='1'/>}), the console that
 *     mirrors the first one; path "-1" leaves the port unconnected (libvirt's convention);</li>
 * <li>interfaces: {@code type='bridge'} naming a virtual switch (its {@code Name}), at most eight
 *     synthetic adapters; a missing MAC gets one as libvirt's parser makes it (52:54:00:xx:xx:xx).</li>
 * </ul>
 * Everything else a device says is refused, naming it: Hyper-V would not keep it.
 */
record DevicePlan(int scsiControllers, List<Disk> disks, List<Serial> serials, List<Nic> nics) {

    static final int MAX_SCSI_CONTROLLERS = 4;
    static final int MAX_SCSI_UNITS = 64;
    static final int MAX_NICS = 8;

    /** A disk: bus ide/scsi/fdc, device disk/cdrom/floppy, its image path and drive address. */
    record Disk(String bus, String device, String path, int controller, int unit) {
    }

    /** A COM port (1 or 2) and its named pipe, null for unconnected. */
    record Serial(int port, String pipe) {
    }

    /** A synthetic network adapter: MAC (aa:bb:..) and the Name of the virtual switch. */
    record Nic(String mac, String switchName) {
    }

    boolean isEmpty() {
        return scsiControllers == 0 && disks.isEmpty() && serials.isEmpty() && nics.isEmpty();
    }

    /** Plans the devices; whatever Hyper-V cannot take is added to {@code refused} (nothing is sent when it is not empty). */
    static DevicePlan of(List<DeviceDef> devices, List<String> refused) {
        int scsi = 0;
        List<Disk> disks = new ArrayList<>();
        List<Serial> serials = new ArrayList<>();
        List<Nic> nics = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (DeviceDef d : devices) {
            if (d instanceof DiskDef disk) {
                Disk planned = disk(disk, refused);
                if (planned != null) {
                    if (!taken.add(planned.bus() + ":" + planned.controller() + ":" + planned.unit())) {
                        refused.add("two disks at " + planned.bus() + " controller " + planned.controller() + " unit "
                            + planned.unit());
                    }
                    if ("scsi".equals(planned.bus())) {
                        scsi = Math.max(scsi, planned.controller() + 1);
                    }
                    disks.add(planned);
                }
            } else if (d instanceof ControllerDef c) {
                scsi = Math.max(scsi, controller(c, refused));
            } else if (d instanceof CharDeviceDef chr && "serial".equals(chr.kind())) {
                Serial s = serial(chr, refused);
                if (s != null) {
                    if (serials.stream().anyMatch(o -> o.port() == s.port())) {
                        refused.add("two serial ports on COM " + s.port());
                    }
                    serials.add(s);
                }
            } else if (d instanceof CharDeviceDef chr && "console".equals(chr.kind()) && consoleOfFirstSerial(chr, devices)) {
                continue;
            } else if (d instanceof InterfaceDef n) {
                Nic nic = nic(n, refused);
                if (nic != null) {
                    nics.add(nic);
                }
            } else {
                refused.add("<" + d.kind() + ">");
            }
        }
        if (nics.size() > MAX_NICS) {
            refused.add(nics.size() + " <interface>s (Hyper-V has at most " + MAX_NICS + " synthetic network adapters)");
        }
        if (disks.stream().filter(x -> "fdc".equals(x.bus())).count() > 1) {
            refused.add("a second floppy (Hyper-V has one diskette drive)");
        }
        return new DevicePlan(scsi, List.copyOf(disks), List.copyOf(serials), List.copyOf(nics));
    }

    /** The console libvirt's parser adds for (or keeps as) the first serial port: the same port, nothing of its own. */
    private static boolean consoleOfFirstSerial(CharDeviceDef console, List<DeviceDef> devices) {
        if (console.targetType() != null && !"serial".equals(console.targetType())) {
            return false;
        }
        for (DeviceDef d : devices) {
            if (d instanceof CharDeviceDef s && "serial".equals(s.kind())) {
                return java.util.Objects.equals(s.targetPort(), console.targetPort()) || console.targetPort() == null
                    || console.targetPort() == 0;
            }
        }
        return false;
    }

    private static Disk disk(DiskDef d, List<String> refused) {
        String dev = d.targetDev();
        String what = "<disk> '" + dev + "'";
        int before = refused.size();
        if (!"file".equals(d.type())) {
            refused.add(what + " of type '" + d.type() + "' (only type='file': a VHD/VHDX, ISO or VFD image on the host)");
        }
        String device = d.device() == null ? "disk" : d.device();
        if (!List.of("disk", "cdrom", "floppy").contains(device)) {
            refused.add(what + " device '" + device + "'");
        }
        String bus = d.targetBus();
        if (bus == null) {
            bus = dev != null && dev.startsWith("fd") ? "fdc" : dev != null && dev.startsWith("hd") ? "ide" : "scsi";
        }
        if (!List.of("ide", "scsi", "fdc").contains(bus)) {
            refused.add(what + " on bus '" + bus + "' (Hyper-V has ide, scsi and fdc)");
        } else if ("floppy".equals(device) != "fdc".equals(bus)) {
            refused.add(what + ": a floppy goes on bus fdc and only a floppy does");
        }
        if (!d.hasSource() || d.sourcePath() == null || d.sourcePath().isEmpty()) {
            refused.add(what + " without a source file");
        }
        List<String> extra = new ArrayList<>();
        if (d.driverName() != null || d.driverType() != null || !d.driverAttrs().isEmpty() || !d.driverChildren().isEmpty()) {
            extra.add("<driver>");
        }
        if (d.readonly() && "disk".equals(device)) {
            extra.add("<readonly>");
        }
        if (d.shareable()) {
            extra.add("<shareable>");
        }
        if (d.serial() != null || d.wwn() != null || d.vendor() != null || d.product() != null) {
            extra.add("<serial>/<wwn>/<vendor>/<product>");
        }
        if (d.model() != null || d.snapshot() != null || d.sgio() != null || d.rawio() != null) {
            extra.add("model/snapshot/sgio/rawio");
        }
        if (d.startupPolicy() != null || d.backingStore() != null || !d.sourceChildren().isEmpty()
            || !d.sourceAttrs().isEmpty() || d.sourceProtocol() != null || d.sourcePool() != null) {
            extra.add("<source> beyond file");
        }
        if (d.bootOrder() != null) {
            extra.add("<boot order>");
        }
        if (!d.kept().isEmpty()) {
            d.kept().forEach(k -> extra.add("<" + k.name() + ">"));
        }
        if (!extra.isEmpty()) {
            refused.add(what + " with " + String.join(", ", extra));
        }
        int[] addr = driveAddress(d, bus, what, refused);
        if (addr == null || refused.size() > before) {
            return null;
        }
        return new Disk(bus, device, d.sourcePath(), addr[0], addr[1]);
    }

    /** {controller, unit}: the drive address given, or libvirt's from the target name; checked against what Hyper-V has. */
    private static int[] driveAddress(DiskDef d, String bus, String what, List<String> refused) {
        int controller;
        int channel;
        int target = 0;
        int unit;
        XmlElement a = d.address();
        if (a != null) {
            if (!"drive".equals(a.attributes().get("type"))) {
                refused.add(what + " with an address of type '" + a.attributes().get("type") + "'");
                return null;
            }
            try {
                controller = number(a, "controller");
                channel = number(a, "bus");
                target = number(a, "target");
                unit = number(a, "unit");
            } catch (NumberFormatException e) {
                refused.add(what + " with an address that is not a number");
                return null;
            }
        } else {
            // libvirt's virDomainDiskDefAssignAddress, Hyper-V's SCSI bus being libvirt's narrow one
            DiskNames.Drive drive = DiskNames.assign(bus, d.targetDev(), DiskNames.SCSI_NARROW_BUS_MAX_CONT_UNIT);
            if (drive == null) {
                refused.add(what + ": a target name libvirt cannot number");
                return null;
            }
            controller = drive.controller();
            channel = drive.bus();
            unit = drive.unit();
        }
        switch (bus) {
            case "ide" -> {
                // Hyper-V's PIIX4: one controller, channels (libvirt's bus) 0 and 1, units 0 and 1 each
                if (controller != 0 || channel > 1 || unit > 1 || target != 0) {
                    refused.add(what + " at ide controller " + controller + " bus " + channel + " unit " + unit
                        + " (Hyper-V has ide controller 0, buses 0-1, units 0-1)");
                    return null;
                }
                return new int[] {channel, unit};
            }
            case "fdc" -> {
                if (controller != 0 || channel != 0 || unit != 0 || target != 0) {
                    refused.add(what + " (Hyper-V has one diskette drive: fda)");
                    return null;
                }
                return new int[] {0, 0};
            }
            default -> {
                if (controller >= MAX_SCSI_CONTROLLERS || channel != 0 || target != 0 || unit >= MAX_SCSI_UNITS) {
                    refused.add(what + " at scsi controller " + controller + " bus " + channel + " target " + target
                        + " unit " + unit + " (Hyper-V has scsi controllers 0-3, units 0-63)");
                    return null;
                }
                return new int[] {controller, unit};
            }
        }
    }

    private static int number(XmlElement a, String name) {
        String v = a.attributes().get(name);
        if (v == null) {
            return 0;
        }
        int n = Integer.parseInt(v.strip());
        if (n < 0) {
            throw new NumberFormatException(v);
        }
        return n;
    }

    /** The highest SCSI controller count this controller asks for (index + 1); 0 for the built-in ones. */
    private static int controller(ControllerDef c, List<String> refused) {
        String what = "<controller type='" + c.type() + "' index='" + c.index() + "'>";
        if (c.address() != null || c.driver() != null || !c.children().isEmpty() || !c.otherAttrs().isEmpty()) {
            refused.add(what + " with an address, driver or options");
            return 0;
        }
        switch (c.type() == null ? "" : c.type()) {
            case "scsi" -> {
                // libvirt's hypervDomainCreateSCSIController: the default model only
                if (c.model() != null && !"auto".equals(c.model())) {
                    refused.add(what + " model '" + c.model() + "' (Hyper-V's synthetic SCSI controller has none)");
                    return 0;
                }
                if (c.index() < 0 || c.index() >= MAX_SCSI_CONTROLLERS) {
                    refused.add(what + " (Hyper-V has scsi controllers 0-3)");
                    return 0;
                }
                return c.index() + 1;
            }
            case "ide", "fdc" -> {
                if (c.index() != 0 || c.model() != null) {
                    refused.add(what + " (Hyper-V has one, built in: index 0)");
                }
                return 0;
            }
            default -> {
                refused.add(what);
                return 0;
            }
        }
    }

    private static Serial serial(CharDeviceDef s, List<String> refused) {
        Integer port = s.targetPort();
        String what = "<serial> " + (port == null ? "without a target port" : "on port " + port);
        int before = refused.size();
        if (!"pipe".equals(s.type())) {
            refused.add(what + " of type '" + s.type() + "' (Hyper-V connects COM ports to named pipes: type='pipe')");
        }
        if (port == null || port < 1 || port > 2) {
            refused.add(what + " (Hyper-V has COM 1 and COM 2: <target port='1'/> or '2')");
        }
        if (s.targetType() != null && !"isa-serial".equals(s.targetType())) {
            refused.add(what + " with target type '" + s.targetType() + "'");
        }
        if (s.sources().size() != 1 || s.sources().get(0).path() == null) {
            refused.add(what + " without one <source path>");
        } else {
            CharSource src = s.sources().get(0);
            if (src.mode() != null || src.host() != null || src.service() != null || !src.children().isEmpty()) {
                refused.add(what + " with a source beyond its path");
            }
        }
        if (s.protocol() != null || !s.logAndOthers().isEmpty() || s.targetModel() != null || s.address() != null
            || s.tty() != null) {
            refused.add(what + " with a log, protocol, model, tty or address");
        }
        if (refused.size() > before) {
            return null;
        }
        String path = s.sources().get(0).path();
        return new Serial(port, "-1".equals(path) ? null : path);
    }

    private static Nic nic(InterfaceDef n, List<String> refused) {
        String what = "<interface type='" + n.type() + "'>";
        int before = refused.size();
        if (!"bridge".equals(n.type()) || n.sourceBridge() == null || n.sourceBridge().isEmpty()) {
            refused.add(what + " (Hyper-V connects adapters to virtual switches: type='bridge' with <source bridge='SWITCH'/>)");
        }
        List<String> extra = new ArrayList<>();
        if (n.model() != null) {
            extra.add("<model>");
        }
        if (n.targetDev() != null || n.targetManaged() != null) {
            extra.add("<target>");
        }
        if (n.bandwidth() != null || n.vlan() != null || n.linkState() != null || n.mtu() != null
            || n.trustGuestRxFilters() != null || n.managed() != null) {
            extra.add("bandwidth/vlan/link/mtu/trustGuestRxFilters/managed");
        }
        if (n.macType() != null || n.macCheck() != null) {
            extra.add("<mac type/check>");
        }
        if (n.sourceDev() != null || n.sourceMode() != null || n.sourceNetwork() != null || n.sourcePortgroup() != null
            || !n.sourceChildren().isEmpty() || !n.sourceAttrs().isEmpty()) {
            extra.add("<source> beyond bridge");
        }
        if (n.address() != null || n.bootOrder() != null || !n.kept().isEmpty()) {
            extra.add("address/boot order/other elements");
        }
        if (!extra.isEmpty()) {
            refused.add(what + " with " + String.join(", ", extra));
        }
        if (refused.size() > before) {
            return null;
        }
        return new Nic(n.mac() == null ? MacAddress.generate() : n.mac(), n.sourceBridge());
    }
}
