package io.jvirt.driver.vz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DeviceDef;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.InterfaceDef;

/**
 * What a {@code <domain type='vz'>} asks Virtuozzo for: {@code prlctl create NAME --vmtype ct|vm
 * --uuid UUID} (os type exe is a container, hvm a virtual machine, as libvirt's vz driver), then one
 * {@code prlctl set} for memory and CPUs and one per disk ({@code --device-add hdd --image PATH
 * --iface BUS --position N}) and per NIC ({@code --device-add net --network NAME [--mac MAC]}).
 * Every value becomes one argv element; what jvirt cannot say to prlctl is refused whole
 * (CONFIG_UNSUPPORTED) before anything is created, so a define never half-applies a definition.
 */
record VzDefinition(DomainDef def, boolean container, List<String> create, List<String> settings,
                    List<List<String>> devices) {

    static VzDefinition of(DomainDef def) {
        List<String> refused = new ArrayList<>();
        if (!"vz".equals(def.type()) && !"parallels".equals(def.type())) {
            throw unsupported("domain type '" + def.type() + "' (this driver defines <domain type='vz'>)");
        }
        String os = def.osType() == null ? "hvm" : def.osType();
        boolean container = switch (os) {
            case "exe" -> true;
            case "hvm" -> false;
            default -> {
                refused.add("<os><type>" + os + "</type> (exe: a container, hvm: a virtual machine)");
                yield false;
            }
        };
        if (def.currentMemoryKiB() > 0 && def.currentMemoryKiB() != def.memoryKiB()) {
            refused.add("<currentMemory> other than <memory>");
        }
        if (def.currentVcpus() != def.vcpus()) {
            refused.add("<vcpu current> other than the maximum");
        }
        long mb = (def.memoryKiB() + 1023) / 1024;
        if (mb < 1 || mb > VzListing.MAX_MEMORY_MB) {
            refused.add("<memory> of " + def.memoryKiB() + " KiB");
        }
        if (def.vcpus() < 1 || def.vcpus() > VzListing.MAX_CPUS) {
            refused.add("<vcpu> " + def.vcpus());
        }
        List<String> settings = List.of("--memsize", Long.toString(mb), "--cpus", Integer.toString(def.vcpus()));
        List<List<String>> devices = new ArrayList<>();
        List<String> positions = new ArrayList<>();
        for (DeviceDef d : def.devices()) {
            if (d instanceof DiskDef disk) {
                disk(disk, devices, positions, refused);
            } else if (d instanceof InterfaceDef n) {
                nic(n, devices, refused);
            } else if (d instanceof io.jvirt.api.domain.ControllerDef c
                && io.jvirt.api.domain.DiskTargets.isImplicitDiskController(def, c)) {
                continue; // the generic post-parse's controller for a disk's drive address: part of the disk
            } else {
                refused.add("<" + d.kind() + ">");
            }
        }
        if (!refused.isEmpty()) {
            throw unsupported(String.join(", ", refused));
        }
        List<String> create = List.of("create", def.name(), "--vmtype", container ? "ct" : "vm", "--uuid",
            def.uuid().toString());
        return new VzDefinition(def, container, create, settings, List.copyOf(devices));
    }

    /** A file-backed hard disk on IDE, SATA or SCSI at the position its target name says (sdb: 1). */
    private static void disk(DiskDef disk, List<List<String>> out, List<String> positions, List<String> refused) {
        String what = "<disk" + (disk.targetDev() == null ? "" : " dev='" + disk.targetDev() + "'") + ">";
        if (!"file".equals(disk.type()) || disk.device() != null && !"disk".equals(disk.device())) {
            refused.add(what + " other than a file disk");
            return;
        }
        String src = disk.hasSource() ? disk.sourcePath() : null;
        if (src == null || !src.startsWith("/")) {
            refused.add(what + " without an absolute source file");
            return;
        }
        if (disk.readonly() || disk.shareable() || disk.serial() != null || disk.backingStore() != null
            || !disk.kept().isEmpty() || disk.startupPolicy() != null) {
            refused.add(what + " beyond source and target");
            return;
        }
        String target = disk.targetDev() == null ? "" : disk.targetDev();
        String bus = disk.targetBus() != null ? disk.targetBus() : target.startsWith("hd") ? "ide" : "sata";
        if (!bus.equals("ide") && !bus.equals("sata") && !bus.equals("scsi")) {
            refused.add(what + " on bus '" + bus + "' (Virtuozzo: ide, sata, scsi)");
            return;
        }
        int position = diskIndex(target);
        if (position < 0 || position > 99) {
            refused.add(what + " whose target is no disk name");
            return;
        }
        if (positions.contains(bus + ":" + position)) {
            refused.add(what + ": " + bus + ":" + position + " is taken");
            return;
        }
        positions.add(bus + ":" + position);
        out.add(List.of("--device-add", "hdd", "--image", src, "--iface", bus, "--position", Integer.toString(position)));
    }

    /** A NIC on a Virtuozzo virtual network (libvirt's vz: type network, the network by name). */
    private static void nic(InterfaceDef n, List<List<String>> out, List<String> refused) {
        String what = "<interface type='" + n.type() + "'>";
        if (!"network".equals(n.type()) || n.sourceNetwork() == null || n.sourceNetwork().isEmpty()) {
            refused.add(what + " (this driver defines <interface type='network'> with a source network)");
            return;
        }
        if (n.bandwidth() != null || n.vlan() != null || n.mtu() != null || n.linkState() != null || !n.kept().isEmpty()
            || n.sourcePortgroup() != null || !n.sourceChildren().isEmpty()) {
            refused.add(what + " beyond source, mac, model and target");
            return;
        }
        if (n.model() != null && !n.model().equals("virtio")) {
            refused.add(what + " model '" + n.model() + "'");
            return;
        }
        List<String> argv = new ArrayList<>(List.of("--device-add", "net", "--network", n.sourceNetwork()));
        if (n.mac() != null) {
            argv.addAll(List.of("--mac", n.mac().replace(":", "").toUpperCase(Locale.ROOT)));
        }
        out.add(List.copyOf(argv));
    }

    /** libvirt's virDiskNameToIndex over hdX, sdX, vdX: a=0, z=25, aa=26; -1 when not a disk name. */
    static int diskIndex(String name) {
        if (name == null || !name.matches("(hd|sd|vd)[a-z]{1,3}")) {
            return -1;
        }
        String letters = name.substring(2);
        int idx = 0;
        for (int i = 0; i < letters.length(); i++) {
            idx = (idx + (i > 0 ? 1 : 0)) * 26 + (letters.charAt(i) - 'a');
        }
        return idx;
    }

    /** libvirt's virIndexToDiskName: 0 is a, 26 is aa. */
    static String diskName(String prefix, int index) {
        StringBuilder b = new StringBuilder();
        for (int i = index; i >= 0; i = i / 26 - 1) {
            b.insert(0, (char) ('a' + i % 26));
        }
        return prefix + b;
    }

    static VirtException unsupported(String what) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.PARALLELS, "the vz driver cannot define " + what);
    }
}
