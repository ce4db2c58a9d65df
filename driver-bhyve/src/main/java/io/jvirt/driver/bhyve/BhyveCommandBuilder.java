package io.jvirt.driver.bhyve;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CharDeviceDef;
import io.jvirt.api.domain.CharSource;
import io.jvirt.api.domain.ControllerDef;
import io.jvirt.api.domain.CpuDef;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.FeaturesDef;
import io.jvirt.api.domain.FilesystemDef;
import io.jvirt.api.domain.GenericDeviceDef;
import io.jvirt.api.domain.GraphicsDef;
import io.jvirt.api.domain.GraphicsListen;
import io.jvirt.api.domain.InputDef;
import io.jvirt.api.domain.InterfaceDef;
import io.jvirt.api.domain.SoundDef;
import io.jvirt.api.domain.VideoDef;
import io.jvirt.api.domain.XmlElement;

/**
 * The command lines libvirt's bhyve driver runs to start a domain (virBhyveProcessBuildBhyveCmd,
 * virBhyveProcessBuildLoadCmd), option for option and in libvirt's order, as argument lists: nothing
 * here is ever joined into a shell string. Each value is checked where bhyve would misread it (a
 * ',' splits bhyve's option values, a newline ends libvirt's rendering of a line).
 */
final class BhyveCommandBuilder {

    static final String BHYVE = "bhyve";
    static final String BHYVELOAD = "bhyveload";

    private BhyveCommandBuilder() {
    }

    /**
     * The loader and bhyve argv for starting a prepared def. Each bridge/network/ethernet
     * interface's tap name is read from its target dev; deviceMapPath is where grub-bhyve's device
     * map is written. What bhyve cannot do is refused here with libvirt's error code and wording.
     */
    static BhyveCommands build(DomainDef def, Set<BhyveCapability> caps, String deviceMapPath) {
        return build(def, caps, deviceMapPath, true);
    }

    /**
     * The same, saying whether grub-bhyve takes --cons-dev (libvirt's BHYVE_GRUB_CAP_CONSDEV,
     * probed from grub-bhyve's help; every grub-bhyve since 0.40 has it, so the driver passes true).
     */
    static BhyveCommands build(DomainDef def, Set<BhyveCapability> caps, String deviceMapPath, boolean grubConsDev) {
        List<String> bhyve = bhyveArgv(def, caps);
        if (def.os().loader() != null && BhyveDomain.bootloader(def) == null) {
            return new BhyveCommands(List.of(), bhyve, null);
        }
        BhyveLoader.Load load = BhyveLoader.build(def, deviceMapPath, grubConsDev);
        return new BhyveCommands(load.argv(), bhyve, load.deviceMap());
    }

    static List<String> bhyveArgv(DomainDef def, Set<BhyveCapability> caps) {
        BhyveValues.name(def.name());
        List<String> cmd = new ArrayList<>();
        cmd.add(BHYVE);
        cmd.add("-c");
        cmd.add(cpus(def, caps));
        cmd.add("-m");
        cmd.add(Long.toString(memoryMiB(def)));
        if (def.memoryBacking() != null && def.memoryBacking().locked()) {
            cmd.add("-S");
        }
        FeaturesDef features = def.features();
        if (features != null) {
            if (features.isOn("acpi")) {
                cmd.add("-A");
            }
            if (features.isOn("apic")) {
                cmd.add("-I");
            }
            FeaturesDef.Feature msrs = features.get("msrs");
            if (msrs != null && "ignore".equals(msrs.attr("unknown"))) {
                cmd.add("-w");
            }
        }
        String offset = def.clock() == null ? "utc" : def.clock().offset();
        if ("utc".equals(offset)) {
            if (!caps.contains(BhyveCapability.RTC_UTC)) {
                throw unsupported("Installed bhyve binary does not support UTC clock");
            }
            cmd.add("-u");
        } else if (!"localtime".equals(offset)) {
            throw unsupported("unsupported clock offset '" + offset + "'");
        }
        cmd.add("-H");
        cmd.add("-P");
        cmd.add("-s");
        cmd.add("0:0,hostbridge");
        if (BhyveDomain.bootloader(def) == null && def.os().loader() != null) {
            if (!caps.contains(BhyveCapability.LPC_BOOTROM)) {
                throw unsupported("Installed bhyve binary does not support UEFI loader");
            }
            cmd.add("-l");
            cmd.add("bootrom," + BhyveValues.optionValue(def.os().loader(), "loader path"));
        }
        int usb = 0;
        int isa = 0;
        for (ControllerDef c : def.controllers()) {
            switch (c.type() == null ? "" : c.type()) {
                case "pci" -> {
                    if (!"pci-root".equals(c.model())) {
                        throw unsupported("unsupported PCI controller model: only PCI root supported");
                    }
                }
                case "sata" -> ahci(def, c, caps, cmd);
                case "usb" -> {
                    if (++usb > 1) {
                        throw unsupported("only single USB controller is supported");
                    }
                    if (!caps.contains(BhyveCapability.XHCI)) {
                        // libvirt probes this capability; jvirt also refuses what bhyve would refuse at start
                        throw unsupported("xhci is not supported by given bhyve binary");
                    }
                    xhci(def, c, cmd);
                }
                case "isa" -> {
                    if (++isa > 1) {
                        throw unsupported("only single ISA controller is supported");
                    }
                    cmd.add("-s");
                    cmd.add(pci(c).slot() + ":0,lpc");
                }
                default -> {
                    // libvirt's switch ignores the other controller types
                }
            }
        }
        for (InterfaceDef net : def.interfaces()) {
            net(net, caps, cmd);
        }
        for (DiskDef disk : def.disks()) {
            String bus = disk.targetBus() == null ? "" : disk.targetBus();
            if ("virtio".equals(bus)) {
                virtioDisk(disk, cmd);
            } else if (!"sata".equals(bus)) {
                throw unsupported("unsupported disk device");
            }
        }
        List<GraphicsDef> graphics = def.graphics();
        List<VideoDef> videos = def.devices(VideoDef.class);
        if (!graphics.isEmpty() && !videos.isEmpty()) {
            if (graphics.size() != 1 || videos.size() != 1) {
                throw unsupported("Multiple graphics devices are not supported");
            }
            cmd.add("-s");
            cmd.add(BhyveGraphics.fbuf(def, graphics.get(0), videos.get(0), caps));
        }
        for (SoundDef sound : def.devices(SoundDef.class)) {
            sound(def, sound, caps, cmd);
        }
        for (FilesystemDef fs : def.filesystems()) {
            filesystem(fs, caps, cmd);
        }
        console(def, cmd);
        cmd.addAll(BhyveDomain.commandlineArgs(def));
        cmd.add(def.name());
        return cmd;
    }

    private static String cpus(DomainDef def, Set<BhyveCapability> caps) {
        int nvcpus = def.currentVcpus();
        CpuDef cpu = def.cpu();
        if (cpu == null || cpu.sockets() == null || cpu.sockets() == 0) {
            return Integer.toString(nvcpus);
        }
        int dies = cpu.dies() == null ? 1 : cpu.dies();
        if (dies != 1) {
            throw unsupported("Only 1 die per socket is supported");
        }
        int cores = cpu.cores() == null ? 0 : cpu.cores();
        int threads = cpu.threads() == null ? 0 : cpu.threads();
        if ((long) nvcpus != (long) cpu.sockets() * cores * threads) {
            throw unsupported("Invalid CPU topology: total number of vCPUs must equal the product of sockets, "
                + "cores, and threads");
        }
        if (!caps.contains(BhyveCapability.CPUTOPOLOGY)) {
            throw unsupported("Installed bhyve binary does not support defining CPU topology");
        }
        return "cpus=" + nvcpus + ",sockets=" + cpu.sockets() + ",cores=" + cores + ",threads=" + threads;
    }

    /** libvirt's VIR_DIV_UP(virDomainDefGetMemoryInitial(def), 1024). */
    static long memoryMiB(DomainDef def) {
        return (def.memoryKiB() + 1023) / 1024;
    }

    private static void ahci(DomainDef def, ControllerDef controller, Set<BhyveCapability> caps, List<String> cmd) {
        boolean wide = caps.contains(BhyveCapability.AHCI32SLOT);
        StringBuilder devices = new StringBuilder();
        for (DiskDef disk : def.disks()) {
            if (!"sata".equals(disk.targetBus()) || BhyveDomain.driveController(disk) != controller.index()) {
                continue;
            }
            checkDiskType(disk);
            String source = disk.sourcePath();
            String device = disk.device() == null ? "disk" : disk.device();
            if ("cdrom".equals(device) && source == null) {
                throw unsupported("cdrom device without source path not supported");
            }
            String path = BhyveValues.optionValue(source == null ? "" : source, "disk source");
            switch (device) {
                case "disk" -> devices.append(wide ? ",hd:" : "-hd,").append(path);
                case "cdrom" -> devices.append(wide ? ",cd:" : "-cd,").append(path);
                default -> throw unsupported("unsupported disk device");
            }
        }
        cmd.add("-s");
        cmd.add(pci(controller).slot() + ":0,ahci" + devices);
    }

    private static void xhci(DomainDef def, ControllerDef controller, List<String> cmd) {
        int n = 0;
        for (InputDef input : def.devices(InputDef.class)) {
            if (!"usb".equals(input.bus())) {
                throw unsupported("only USB input devices are supported");
            }
            if (!"tablet".equals(input.type())) {
                throw unsupported("only tablet input devices are supported");
            }
            n++;
        }
        if (n != 1) {
            throw unsupported("only single input device is supported");
        }
        PciAddress a = pci(controller);
        cmd.add("-s");
        cmd.add(a.slot() + ":" + a.function() + ",xhci,tablet");
    }

    private static void virtioDisk(DiskDef disk, List<String> cmd) {
        if (disk.device() != null && !"disk".equals(disk.device())) {
            throw unsupported("unsupported disk device");
        }
        checkDiskType(disk);
        cmd.add("-s");
        cmd.add(pci(disk).slot() + ":0,virtio-blk,"
            + BhyveValues.optionValue(disk.sourcePath() == null ? "" : disk.sourcePath(), "disk source"));
    }

    static void checkDiskType(DiskDef disk) {
        String type = disk.type() == null ? "file" : disk.type();
        if (!"file".equals(type)) {
            // libvirt also takes type='volume' after resolving the pool; jvirt has no pools here
            throw unsupported("unsupported disk type");
        }
    }

    private static void net(InterfaceDef net, Set<BhyveCapability> caps, List<String> cmd) {
        String model;
        if ("virtio".equals(net.model())) {
            model = "virtio-net";
        } else if ("e1000".equals(net.model())) {
            if (!caps.contains(BhyveCapability.NET_E1000)) {
                throw unsupported("NIC model 'e1000' is not supported by given bhyve binary");
            }
            model = "e1000";
        } else {
            throw unsupported("NIC model is not supported");
        }
        String type = net.type() == null ? "" : net.type();
        if (!type.equals("bridge") && !type.equals("network") && !type.equals("ethernet")) {
            throw unsupported("Network type " + BhyveValues.netTypeNumber(type) + " is not supported");
        }
        String tap = net.targetDev();
        if (tap == null || tap.isEmpty()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.BHYVE,
                "no tap device created for the interface with MAC " + net.mac());
        }
        cmd.add("-s");
        cmd.add(pci(net).slot() + ":0," + model + "," + BhyveValues.optionValue(tap, "tap device") + ",mac="
            + net.mac());
    }

    private static void sound(DomainDef def, SoundDef sound, Set<BhyveCapability> caps, List<String> cmd) {
        if (!caps.contains(BhyveCapability.SOUND_HDA)) {
            throw unsupported("Sound devices emulation is not supported by given bhyve binary");
        }
        if (!"ich7".equals(sound.model())) {
            throw unsupported("Sound device model is not supported");
        }
        StringBuilder params = new StringBuilder();
        XmlElement audio = audio(def, sound);
        if (audio != null) {
            String type = audio.attributes().get("type");
            if (!"oss".equals(type)) {
                throw unsupported("unsupported audio backend '" + type + "'");
            }
            XmlElement in = child(audio, "input");
            XmlElement out = child(audio, "output");
            if (commonSet(in) || commonSet(out)) {
                throw unsupported("cannot set common audio backend settings");
            }
            // libvirt's own pairing: the input device is bhyve's play=, the output its rec=
            if (in != null && in.attributes().get("dev") != null) {
                params.append(",play=").append(BhyveValues.optionValue(in.attributes().get("dev"), "audio device"));
            }
            if (out != null && out.attributes().get("dev") != null) {
                params.append(",rec=").append(BhyveValues.optionValue(out.attributes().get("dev"), "audio device"));
            }
        }
        PciAddress a = pci(sound);
        cmd.add("-s");
        cmd.add(a.slot() + ":" + a.function() + ",hda" + params);
    }

    /** virDomainDefFindAudioByID: the audio with the sound's id, or the first one when it names none. */
    private static XmlElement audio(DomainDef def, SoundDef sound) {
        String id = null;
        XmlElement ref = sound.child("audio");
        if (ref != null) {
            id = ref.attributes().get("id");
        }
        for (GenericDeviceDef g : def.devices(GenericDeviceDef.class)) {
            if ("audio".equals(g.kind())) {
                if (id == null || id.equals("0") || id.equals(g.element().attributes().get("id"))) {
                    return g.element();
                }
            }
        }
        return null;
    }

    private static boolean commonSet(XmlElement io) {
        if (io == null) {
            return false;
        }
        return !io.children().isEmpty() || io.attributes().keySet().stream().anyMatch(k -> !k.equals("dev"));
    }

    private static XmlElement child(XmlElement e, String name) {
        for (XmlElement c : e.children()) {
            if (name.equals(c.name())) {
                return c;
            }
        }
        return null;
    }

    private static void filesystem(FilesystemDef fs, Set<BhyveCapability> caps, List<String> cmd) {
        String type = fs.type() == null ? "mount" : fs.type();
        if (!"mount".equals(type)) {
            throw unsupported("unsupported filesystem type '" + type + "'");
        }
        if (fs.driverType() != null && !"default".equals(fs.driverType())) {
            throw unsupported("unsupported filesystem driver '" + fs.driverType() + "'");
        }
        String mode = fs.accessmode() == null ? "passthrough" : fs.accessmode();
        if (!"passthrough".equals(mode)) {
            throw unsupported("unsupported filesystem accessmode '" + mode + "'");
        }
        if (!caps.contains(BhyveCapability.VIRTIO_9P)) {
            throw unsupported("virtio-9p is not supported by given bhyve binary");
        }
        PciAddress a = pci(fs);
        cmd.add("-s");
        cmd.add(a.slot() + ":" + a.function() + ",virtio-9p,"
            + BhyveValues.shareName(fs.target()) + "=" + BhyveValues.optionValue(fs.source(), "filesystem source")
            + (fs.readonly() ? ",ro" : ""));
    }

    private static void console(DomainDef def, List<String> cmd) {
        CharDeviceDef chr = firstSerial(def);
        if (chr == null) {
            return;
        }
        if (!"nmdm".equals(chr.type())) {
            throw unsupported("only nmdm console types are supported");
        }
        int port = chr.targetPort() == null ? 0 : chr.targetPort();
        if (port > 2) {
            throw unsupported("only two serial ports are supported");
        }
        cmd.add("-l");
        cmd.add("com" + (port + 1) + "," + BhyveValues.optionValue(nmdmMaster(chr), "nmdm device"));
    }

    static CharDeviceDef firstSerial(DomainDef def) {
        for (CharDeviceDef c : def.charDevices()) {
            if ("serial".equals(c.kind())) {
                return c;
            }
        }
        return null;
    }

    static String nmdmMaster(CharDeviceDef chr) {
        CharSource src = chr.sources().isEmpty() ? null : chr.sources().get(0);
        String master = src == null ? null : src.master();
        return master == null ? "" : master;
    }

    /** The device's PCI address; prepare gave every device bhyve puts on the bus one. */
    private static PciAddress pci(io.jvirt.api.domain.DeviceDef d) {
        PciAddress a = PciAddress.of(d);
        return a == null ? new PciAddress(0, 0, 0, 0) : a;
    }

    static VirtException unsupported(String message) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.BHYVE, message);
    }
}
