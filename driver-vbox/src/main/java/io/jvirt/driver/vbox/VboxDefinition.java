package io.jvirt.driver.vbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.ControllerDef;
import io.jvirt.api.domain.DeviceDef;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.GraphicsDef;
import io.jvirt.api.domain.InterfaceDef;
import io.jvirt.api.domain.OsDef;

/**
 * A domain definition turned into what VBoxManage is asked to do, as libvirt's
 * vboxDomainDefineXMLFlags does it through the API: the {@code modifyvm} options (memory, CPUs,
 * firmware, boot order, ACPI/IOAPIC/PAE, NICs), the storage controllers ({@code storagectl}) and
 * the attachments ({@code storageattach}), and the front end {@code startvm} uses. Everything is
 * checked here, before VirtualBox is asked anything: what VirtualBox cannot express is refused
 * with CONFIG_UNSUPPORTED naming it, so that no machine is registered for a definition that
 * cannot be kept.
 */
record VboxDefinition(DomainDef def, List<String> modify, List<Controller> controllers, List<Attachment> attachments,
                      String frontEnd) {

    /** VirtualBox's names of libvirt's disk buses (libvirt's VBOX_CONTROLLER_*_NAME). */
    static final String IDE = "IDE Controller";
    static final String SATA = "SATA Controller";
    static final String SCSI = "SCSI Controller";
    static final String FLOPPY = "Floppy Controller";

    /** VirtualBox 7.0's limits (ISystemProperties: PIIX3 network adapters, boot positions). */
    static final int MAX_NICS = 8;
    static final int MAX_BOOT = 4;
    static final long MIN_MEMORY_MB = 4;
    static final long MAX_MEMORY_MB = 2_097_152;

    /** {@code storagectl VM --name NAME --add BUS --controller TYPE}. */
    record Controller(String name, String bus, String type) {
    }

    /** {@code storageattach VM --storagectl C --port P --device D --type T --medium M}. */
    record Attachment(String controller, int port, int device, String type, String medium, boolean immutable) {
    }

    /**
     * Checks {@code def} against what VirtualBox can hold and plans the calls.
     *
     * @param maxCpus VirtualBox's maximum guest CPU count
     * @throws VirtException CONFIG_UNSUPPORTED naming what cannot be expressed
     */
    static VboxDefinition of(DomainDef def, int maxCpus) {
        List<String> refused = new ArrayList<>();
        if (!"vbox".equals(def.type())) {
            throw unsupported("domain type '" + def.type() + "' (this driver defines only <domain type='vbox'>)");
        }
        for (String[] element : new String[][] {
            {"<title>", str(def.title())}, {"<description>", str(def.description())}, {"<metadata>", str(def.metadata())},
            {"<iothreads>", str(def.iothreads())}, {"<cpu>", str(def.cpu())}, {"<pm>", str(def.pm())},
            {"<idmap>", str(def.idmap())}, {"<memoryBacking>", str(def.memoryBacking())}, {"<emulator>", str(def.emulator())}}) {
            if (element[1] != null) {
                refused.add(element[0]);
            }
        }
        def.kept().forEach(e -> refused.add("<" + e.name() + ">"));
        if (def.clock() != null && !"localtime".equals(def.clock().offset())) {
            refused.add("<clock offset='" + def.clock().offset() + "'> (VirtualBox keeps local time)");
        }
        if (def.currentVcpus() != def.vcpus()) {
            refused.add("<vcpu current>");
        }
        if (def.currentMemoryKiB() > 0 && def.currentMemoryKiB() != def.memoryKiB()) {
            refused.add("<currentMemory> other than <memory> (VirtualBox has one memory size)");
        }
        long mb = (def.memoryKiB() + 1023) / 1024;
        if (mb < MIN_MEMORY_MB || mb > MAX_MEMORY_MB) {
            refused.add("<memory> of " + def.memoryKiB() + " KiB (VirtualBox: 4 MiB to 2 TiB)");
        }
        if (def.vcpus() < 1 || def.vcpus() > maxCpus) {
            refused.add("<vcpu> " + def.vcpus() + " (VirtualBox: 1 to " + maxCpus + ")");
        }
        List<String> modify = new ArrayList<>(List.of("--memory", Long.toString(mb), "--cpus", Integer.toString(def.vcpus())));
        os(def.os(), modify, refused);
        features(def, modify, refused);

        List<Controller> controllers = new ArrayList<>();
        List<Attachment> attachments = new ArrayList<>();
        List<String> nics = new ArrayList<>();
        String frontEnd = "headless";
        int nic = 0;
        for (DeviceDef d : def.devices()) {
            if (d instanceof DiskDef disk) {
                disk(disk, controllers, attachments, refused);
            } else if (d instanceof ControllerDef c) {
                controller(c, controllers, refused);
            } else if (d instanceof InterfaceDef n) {
                nic++;
                if (nic > MAX_NICS) {
                    refused.add("more than " + MAX_NICS + " <interface>s");
                } else {
                    nic(n, nic, nics, refused);
                }
            } else if (d instanceof GraphicsDef g && (g.type().equals("sdl") || g.type().equals("desktop"))
                && g.otherAttrs().isEmpty() && g.listens().isEmpty() && g.children().isEmpty() && frontEnd.equals("headless")) {
                // libvirt's vboxAttachDisplay: sdl is VirtualBox's SDL front end, desktop its GUI
                frontEnd = g.type().equals("sdl") ? "sdl" : "gui";
            } else {
                refused.add("<" + d.kind() + (d instanceof GraphicsDef g ? " type='" + g.type() + "'" : "") + ">");
            }
        }
        for (int i = nic + 1; i <= MAX_NICS; i++) {
            // a new machine has a NAT adapter 1: the definition says which adapters there are
            nics.addAll(List.of("--nic" + i, "none"));
        }
        modify.addAll(nics);
        if (!refused.isEmpty()) {
            throw unsupported(String.join(", ", refused));
        }
        return new VboxDefinition(def, modify, controllers, attachments, frontEnd);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static void os(OsDef os, List<String> modify, List<String> refused) {
        if (os.type() != null && !"hvm".equals(os.type())) {
            refused.add("<os><type>" + os.type() + "</type>");
        }
        if (os.arch() != null && !os.arch().equals("x86_64") && !os.arch().equals("i686")) {
            refused.add("<os><type arch='" + os.arch() + "'>");
        }
        if (os.machine() != null) {
            refused.add("<os><type machine='" + os.machine() + "'>");
        }
        if (os.kernel() != null || os.initrd() != null || os.cmdline() != null || os.dtb() != null || os.root() != null
            || os.loader() != null || os.nvram() != null || os.init() != null || !os.kept().isEmpty() || os.bootMenu() != null) {
            refused.add("<os> beyond <type>, <boot> and firmware");
        }
        if (os.firmware() != null && !os.firmware().equals("efi") && !os.firmware().equals("bios")) {
            refused.add("<os firmware='" + os.firmware() + "'>");
        }
        modify.addAll(List.of("--firmware", "efi".equals(os.firmware()) ? "efi" : "bios"));
        List<String> boot = os.bootDevices();
        if (boot.size() > MAX_BOOT) {
            refused.add("more than " + MAX_BOOT + " <boot> devices");
        }
        // libvirt's vboxSetBootDeviceOrder: clears every position, then sets the definition's
        for (int i = 0; i < MAX_BOOT; i++) {
            String dev = i < boot.size() ? boot.get(i) : null;
            String v = dev == null ? "none" : switch (dev) {
                case "fd" -> "floppy";
                case "cdrom" -> "dvd";
                case "hd" -> "disk";
                case "network" -> "net";
                default -> {
                    refused.add("<boot dev='" + dev + "'>");
                    yield "none";
                }
            };
            modify.addAll(List.of("--boot" + (i + 1), v));
        }
    }

    private static void features(DomainDef def, List<String> modify, List<String> refused) {
        boolean acpi = false;
        boolean apic = false;
        boolean pae = false;
        if (def.features() != null) {
            for (var f : def.features().list()) {
                boolean simple = f.attrs().isEmpty() && (f.state() == null || f.state().equals("on") || f.state().equals("off"));
                switch (f.name()) {
                    case "acpi" -> acpi = f.isOn();
                    case "apic" -> apic = f.isOn();
                    case "pae" -> pae = f.isOn();
                    default -> simple = false;
                }
                if (!simple) {
                    refused.add("<features><" + f.name() + ">");
                }
            }
        }
        // libvirt sets each of the three, on or off, from the definition
        modify.addAll(List.of("--acpi", acpi ? "on" : "off", "--ioapic", apic ? "on" : "off", "--pae", pae ? "on" : "off"));
    }

    private static void controller(ControllerDef c, List<Controller> controllers, List<String> refused) {
        String bus = busOfController(c.type());
        if (bus == null || c.index() != 0 || !c.otherAttrs().isEmpty() || c.driver() != null) {
            refused.add("<controller type='" + c.type() + "' index='" + c.index() + "'>");
            return;
        }
        String type = switch (c.type() + "/" + (c.model() == null ? "" : c.model())) {
            case "ide/", "ide/piix4" -> "PIIX4";
            case "ide/piix3" -> "PIIX3";
            case "ide/ich6" -> "ICH6";
            case "sata/" -> "IntelAhci";
            case "scsi/", "scsi/lsilogic", "scsi/auto" -> "LsiLogic";
            case "scsi/buslogic" -> "BusLogic";
            case "fdc/" -> "I82078";
            default -> null;
        };
        if (type == null) {
            refused.add("<controller type='" + c.type() + "' model='" + c.model() + "'>");
            return;
        }
        addController(controllers, new Controller(controllerName(bus), bus, type));
    }

    private static String busOfController(String type) {
        return switch (type) {
            case "ide" -> "ide";
            case "sata" -> "sata";
            case "scsi" -> "scsi";
            case "fdc" -> "floppy";
            default -> null;
        };
    }

    private static String controllerName(String bus) {
        return switch (bus) {
            case "ide" -> IDE;
            case "sata" -> SATA;
            case "scsi" -> SCSI;
            default -> FLOPPY;
        };
    }

    private static void addController(List<Controller> controllers, Controller c) {
        for (int i = 0; i < controllers.size(); i++) {
            if (controllers.get(i).name().equals(c.name())) {
                return; // the first one (an explicit <controller> before its disks) sets the type
            }
        }
        controllers.add(c);
    }

    /** libvirt's vboxAttachDrives, with the target's index giving port and device. */
    private static void disk(DiskDef disk, List<Controller> controllers, List<Attachment> attachments, List<String> refused) {
        String target = disk.targetDev();
        String what = "<disk> '" + target + "'";
        if (!"file".equals(disk.type())) {
            refused.add(what + " of type '" + disk.type() + "' (the only supported type is file)");
            return;
        }
        String device = disk.device() == null ? "disk" : disk.device();
        String type = switch (device) {
            case "disk" -> "hdd";
            case "cdrom" -> "dvddrive";
            case "floppy" -> "fdd";
            default -> null;
        };
        if (type == null) {
            refused.add(what + ": the vbox driver does not support " + device + " disk device");
            return;
        }
        String src = disk.hasSource() ? disk.sourcePath() : null;
        if (src == null && type.equals("hdd")) {
            refused.add(what + ": missing disk source file path");
            return;
        }
        if (src != null && (!src.startsWith("/") || src.chars().anyMatch(ch -> ch < 0x20))) {
            refused.add(what + ": the source must be an absolute path");
            return;
        }
        if (disk.shareable() || disk.serial() != null || disk.wwn() != null || disk.vendor() != null || disk.product() != null
            || !disk.kept().isEmpty() || disk.backingStore() != null || !disk.sourceChildren().isEmpty()
            || disk.startupPolicy() != null || !disk.driverChildren().isEmpty() || disk.snapshot() != null
            || disk.model() != null || disk.sgio() != null || disk.rawio() != null) {
            refused.add(what + " beyond source, target, readonly and driver type");
            return;
        }
        String bus = disk.targetBus() != null ? disk.targetBus() : target != null && target.startsWith("sd") ? "sata"
            : target != null && target.startsWith("fd") ? "fdc" : "ide";
        int index = diskIndex(target);
        String vboxBus;
        int port;
        int dev;
        switch (bus) {
            case "ide" -> {
                // hda: primary master, hdb: primary slave, hdc: secondary master, hdd: secondary slave
                vboxBus = "ide";
                port = index / 2;
                dev = index % 2;
                if (index < 0 || index > 3) {
                    refused.add(what + " on the IDE bus (hda to hdd)");
                    return;
                }
            }
            case "sata", "scsi" -> {
                vboxBus = bus;
                port = index;
                dev = 0;
                if (index < 0 || index >= (bus.equals("sata") ? 30 : 16)) {
                    refused.add(what + " on the " + bus.toUpperCase(Locale.ROOT) + " bus");
                    return;
                }
            }
            case "fdc" -> {
                vboxBus = "floppy";
                port = 0;
                dev = index;
                if (index < 0 || index > 1) {
                    refused.add(what + " on the floppy controller (fda, fdb)");
                    return;
                }
            }
            default -> {
                refused.add(what + ": the vbox driver does not support " + bus + " bus type");
                return;
            }
        }
        addController(controllers, new Controller(controllerName(vboxBus), vboxBus, switch (vboxBus) {
            case "ide" -> "PIIX4";
            case "sata" -> "IntelAhci";
            case "scsi" -> "LsiLogic";
            default -> "I82078";
        }));
        String controller = controllerName(vboxBus);
        for (Attachment a : attachments) {
            if (a.controller().equals(controller) && a.port() == port && a.device() == dev) {
                refused.add("two <disk>s at " + controller + " port " + port + " device " + dev);
                return;
            }
        }
        attachments.add(new Attachment(controller, port, dev, type, src == null ? "emptydrive" : src,
            type.equals("hdd") && disk.readonly()));
    }

    /** libvirt's virDiskNameToIndex over hdX, sdX, fdX, vdX...: a=0, z=25, aa=26; -1 when not a disk name. */
    static int diskIndex(String name) {
        if (name == null || name.length() < 3 || !name.matches("(hd|sd|fd|vd|xvd)[a-z]+")) {
            return -1;
        }
        String letters = name.replaceFirst("^(hd|sd|fd|vd|xvd)", "");
        if (letters.length() > 3) {
            return -1;
        }
        int idx = 0;
        for (int i = 0; i < letters.length(); i++) {
            idx = (idx + (i > 0 ? 1 : 0)) * 26 + (letters.charAt(i) - 'a');
        }
        return idx;
    }

    private static void nic(InterfaceDef n, int slot, List<String> out, List<String> refused) {
        String what = "<interface type='" + n.type() + "'>";
        if (n.targetDev() != null || n.bandwidth() != null || n.vlan() != null || n.mtu() != null || n.linkState() != null
            || !n.kept().isEmpty() || n.sourcePortgroup() != null || n.sourceMode() != null || n.managed() != null
            || n.trustGuestRxFilters() != null || !n.sourceChildren().isEmpty()) {
            refused.add(what + " beyond source, mac and model");
            return;
        }
        String s = Integer.toString(slot);
        switch (n.type()) {
            case "user" -> out.addAll(List.of("--nic" + s, "nat"));
            case "bridge" -> {
                if (n.sourceBridge() == null) {
                    refused.add(what + " without a source bridge");
                    return;
                }
                out.addAll(List.of("--nic" + s, "bridged", "--bridgeadapter" + s, n.sourceBridge()));
            }
            case "network" -> {
                // libvirt: VirtualBox's host-only interface named by the network
                out.addAll(List.of("--nic" + s, "hostonly", "--hostonlyadapter" + s, n.sourceNetwork()));
            }
            case "internal" -> {
                String name = n.sourceAttrs().get("name");
                if (name == null) {
                    refused.add(what + " without a source name");
                    return;
                }
                out.addAll(List.of("--nic" + s, "intnet", "--intnet" + s, name));
            }
            default -> {
                refused.add(what);
                return;
            }
        }
        Map<String, String> models = Map.of("am79c970a", "Am79C970A", "am79c973", "Am79C973", "82540em", "82540EM",
            "82545em", "82545EM", "82543gc", "82543GC", "virtio", "virtio");
        String model = n.model() == null ? "Am79C973" : models.get(n.model().toLowerCase(Locale.ROOT));
        if (model == null) {
            refused.add(what + " model '" + n.model() + "'");
            return;
        }
        out.addAll(List.of("--nictype" + s, model, "--cableconnected" + s, "on"));
        if (n.mac() != null) {
            out.addAll(List.of("--macaddress" + s, n.mac().replace(":", "").toUpperCase(Locale.ROOT)));
        }
    }

    static VirtException unsupported(String what) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.VBOX, "the vbox driver cannot define " + what);
    }
}
