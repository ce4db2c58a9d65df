package io.jvirt.driver.bhyve;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CharDeviceDef;
import io.jvirt.api.domain.CharSource;
import io.jvirt.api.domain.ClockDef;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.FeaturesDef;
import io.jvirt.api.domain.GraphicsDef;
import io.jvirt.api.domain.GraphicsListen;
import io.jvirt.api.domain.InterfaceDef;
import io.jvirt.api.domain.MacAddress;
import io.jvirt.api.domain.MemoryBackingDef;
import io.jvirt.api.domain.VideoDef;
import io.jvirt.api.domain.XmlElement;

/**
 * A bhyve command line (and the loader's before or after it) read back into a definition, as
 * libvirt's bhyveParseCommandLineString does: what it cannot read is an error, devices it half
 * understands are dropped as libvirt drops them (it ignores the result of its device parsers).
 */
final class BhyveArgvParser {

    static final String BHYVE_PATH = "/usr/sbin/bhyve";
    static final String BHYVELOAD_PATH = "/usr/sbin/bhyveload";

    /** Far more than bhyve's 21 virtio-net and 26 disk letters; bounds work on hostile text. */
    private static final int MAX_ARGS = 4096;

    private final DomainDef def = new DomainDef();
    private final Supplier<String> macs;
    private long curBalloonKiB;
    private int nvirtiodisks;
    private int nahcidisks;

    private BhyveArgvParser(Supplier<UUID> uuids, Supplier<String> macs) {
        this.macs = macs;
        def.type("bhyve");
        def.uuid(uuids.get());
        def.osType("hvm");
        def.clock(new ClockDef().offset("localtime"));
        def.onPoweroff("destroy");
        def.onReboot("destroy");
        def.onCrash("destroy");
    }

    static DomainDef parse(String nativeConfig, Supplier<UUID> uuids, Supplier<String> macs) {
        List<String> loader = null;
        List<String> bhyve = null;
        for (List<String> argv : BhyveArgvText.commands(nativeConfig)) {
            if (argv.size() > MAX_ARGS) {
                throw failed("Failed to parse arguments for bhyve command");
            }
            if (bhyve == null && argv.get(0).equals(BHYVE_PATH)) {
                bhyve = argv;
            } else if (loader == null) {
                loader = argv;
            }
        }
        if (bhyve == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.BHYVE,
                "Failed to convert the command string to argv-lists");
        }
        BhyveArgvParser p = new BhyveArgvParser(uuids, macs);
        p.bhyve(bhyve);
        if (loader != null && loader.get(0).equals(BHYVELOAD_PATH)) {
            p.bhyveload(loader);
        } else if (loader != null) {
            BhyveDomain.bootloader(p.def, loader.get(0), String.join(" ", loader.subList(1, loader.size())));
        }
        return p.def;
    }

    private void bhyve(List<String> argv) {
        int argc = argv.size() - 1;
        int opti;
        for (opti = 1; opti < argc; opti++) {
            String opt = argv.get(opti);
            if (!opt.startsWith("-")) {
                break;
            }
            char c = opt.length() > 1 ? opt.charAt(1) : 0;
            switch (c) {
                case 'A' -> features().enable("acpi");
                case 'c' -> {
                    String arg = consume(argv, ++opti, argc);
                    int vcpus;
                    try {
                        vcpus = Integer.parseInt(arg);
                    } catch (NumberFormatException e) {
                        throw failed("Failed to parse number of vCPUs");
                    }
                    if (vcpus < 1) {
                        throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.BHYVE,
                            "Invalid number of vcpus '" + vcpus + "'");
                    }
                    def.vcpus(vcpus);
                }
                case 'l' -> lpc(consume(argv, ++opti, argc));
                case 's' -> pci(consume(argv, ++opti, argc));
                case 'm' -> memory(consume(argv, ++opti, argc));
                case 'I' -> features().enable("apic");
                case 'u' -> def.clock().offset("utc");
                case 'U' -> {
                    String arg = consume(argv, ++opti, argc);
                    UUID uuid;
                    try {
                        uuid = io.jvirt.api.domain.LibvirtUuids.parse(arg);
                    } catch (RuntimeException e) {
                        uuid = null;
                    }
                    if (uuid == null) {
                        throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.BHYVE,
                            "Cannot parse UUID '" + arg + "'");
                    }
                    def.uuid(uuid);
                }
                case 'S' -> {
                    if (def.memoryBacking() == null) {
                        def.memoryBacking(new MemoryBackingDef());
                    }
                    def.memoryBacking().locked(true);
                }
                case 'p', 'g' -> consume(argv, ++opti, argc);
                default -> {
                    // other options carry no argument libvirt reads
                }
            }
        }
        if (argc != opti) {
            throw failed("Failed to parse arguments for bhyve command");
        }
        name(argv.get(argc));
    }

    private void bhyveload(List<String> argv) {
        int argc = argv.size() - 1;
        int arguments = 0;
        int opti;
        for (opti = 1; opti < argc; opti++) {
            String opt = argv.get(opti);
            if (!opt.startsWith("-")) {
                break;
            }
            char c = opt.length() > 1 ? opt.charAt(1) : 0;
            switch (c) {
                case 'd' -> {
                    String arg = consume(argv, ++opti, argc);
                    arguments |= 1;
                    List<DiskDef> disks = def.disks();
                    for (int i = 0; i < disks.size(); i++) {
                        if (arg.equals(disks.get(i).sourcePath())) {
                            // libvirt stores the disk's index as its boot order: the first disk gets none
                            disks.get(i).bootOrder(i == 0 ? null : i);
                            break;
                        }
                    }
                }
                case 'm' -> {
                    arguments |= 2;
                    memory(consume(argv, ++opti, argc));
                }
                default -> arguments |= 4;
            }
        }
        if (argc != opti) {
            throw failed("Failed to parse arguments for bhyve command");
        }
        if (arguments != 3) {
            BhyveDomain.bootloader(def, argv.get(0), String.join(" ", argv.subList(1, argv.size())));
        }
        name(argv.get(argc));
    }

    private void name(String name) {
        if (def.name() == null) {
            if (name.isEmpty() || name.indexOf('/') >= 0 || !BhyveValues.printable(name)) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.BHYVE, "name " + name + " cannot be used");
            }
            def.name(name);
        } else if (!def.name().equals(name)) {
            throw failed("Failed to parse arguments: VM name mismatch");
        }
    }

    private void memory(String arg) {
        long kib = memsizeKiB(arg);
        if (curBalloonKiB != 0 && curBalloonKiB != kib) {
            throw failed("Failed to parse memory: size mismatch");
        }
        curBalloonKiB = kib;
        def.memoryKiB(kib);
        def.currentMemoryKiB(kib);
    }

    /** bhyveParseMemsize (vm_parse_memsize): plain numbers under 1 MiB are MiB, else bytes; k/m/g/t/p/e suffixes. */
    static long memsizeKiB(String arg) {
        long bytes;
        try {
            if (!arg.isEmpty() && Character.isDigit(arg.charAt(arg.length() - 1))) {
                long val = Long.parseLong(arg);
                if (val < 0) {
                    throw new NumberFormatException(arg);
                }
                bytes = val < 1024 * 1024L ? Math.multiplyExact(val, 1024 * 1024L) : val;
            } else {
                bytes = expandNumber(arg);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw failed("Failed to parse memory");
        }
        long kib = bytes / 1024;
        if (kib < 1) {
            throw failed("Failed to parse memory");
        }
        return kib;
    }

    /** FreeBSD's expand_number: a number with one unit suffix, powers of 1024. */
    private static long expandNumber(String arg) {
        if (arg.length() < 2) {
            throw new NumberFormatException(arg);
        }
        long n = Long.parseLong(arg.substring(0, arg.length() - 1));
        if (n < 0) {
            throw new NumberFormatException(arg);
        }
        int shift = switch (Character.toLowerCase(arg.charAt(arg.length() - 1))) {
            case 'b' -> 0;
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            case 'p' -> 50;
            case 'e' -> 60;
            default -> throw new NumberFormatException(arg);
        };
        if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
            throw new ArithmeticException(arg);
        }
        return n << shift;
    }

    /** bhyveParseBhyveLPCArg: -l comN,/dev/nmdmXA. */
    private void lpc(String arg) {
        int comma = arg.indexOf(',');
        if (comma < 0) {
            throw failed("Failed to parse arguments for bhyve command");
        }
        String type = arg.substring(0, comma);
        String param = arg.substring(comma + 1);
        if (!(type.startsWith("com") && type.length() == 4)) {
            return;
        }
        if (!param.startsWith("/dev/nmdm")) {
            throw failed("Failed to set com port " + type + ": does not start with '/dev/nmdm'.");
        }
        char last = param.charAt(param.length() - 1);
        String slave;
        if (last == 'A') {
            slave = param.substring(0, param.length() - 1) + 'B';
        } else if (last == 'B') {
            slave = param.substring(0, param.length() - 1) + 'A';
        } else {
            throw failed("Failed to set slave for " + param + ": last letter not 'A' or 'B'");
        }
        char n = type.charAt(3);
        if (n != '1' && n != '2') {
            throw failed("Failed to parse " + type + ": only com1 and com2 supported.");
        }
        CharDeviceDef chr = new CharDeviceDef();
        chr.kind("serial");
        chr.type("nmdm");
        CharSource src = new CharSource();
        src.master(param);
        src.slave(slave);
        chr.sources().add(src);
        chr.targetPort(n - '1');
        def.addDevice(chr);
    }

    /** bhyveParseBhyvePCIArg: -s slot,emulation[,conf]. */
    private void pci(String arg) {
        int comma = arg.indexOf(',');
        if (comma < 0) {
            throw failed("Failed to parse arguments for bhyve command");
        }
        String slotdef = arg.substring(0, comma);
        String rest = arg.substring(comma + 1);
        int conf = rest.isEmpty() ? -1 : rest.indexOf(',', 1);
        String emulation = conf < 0 ? rest : rest.substring(0, conf);
        String config = conf < 0 ? null : rest.substring(conf + 1);
        int[] addr = slot(slotdef);
        if (addr == null) {
            throw failed("Failed to parse arguments for bhyve command");
        }
        switch (emulation) {
            case "ahci-cd" -> disk(addr, "sata", "cdrom", config);
            case "ahci-hd" -> disk(addr, "sata", "disk", config);
            case "virtio-blk" -> disk(addr, "virtio", "disk", config);
            case "virtio-net" -> net(addr, "virtio", config);
            case "e1000" -> net(addr, "e1000", config);
            case "fbuf" -> fbuf(config);
            default -> {
                // hostbridge, lpc and what libvirt does not read
            }
        }
    }

    /** bhyveParsePCISlot: slot[:function] or bus:slot:function; null when not numbers. */
    private static int[] slot(String slotdef) {
        String[] parts = slotdef.split(":", -1);
        if (parts.length > 3) {
            return new int[] {0, 0, 0};
        }
        int[] v = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                long n = Long.parseLong(parts[i]);
                if (n < 0 || n > 0xffffffffL) {
                    return null;
                }
                v[i] = (int) n;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return switch (v.length) {
            case 1 -> new int[] {0, v[0], 0};
            case 2 -> new int[] {0, v[0], v[1]};
            default -> new int[] {v[0], v[1], v[2]};
        };
    }

    private static XmlElement address(int[] addr) {
        XmlElement a = new XmlElement("address");
        a.attr("type", "pci");
        a.attr("domain", "0x0000");
        a.attr("bus", String.format(Locale.ROOT, "0x%02x", addr[0]));
        a.attr("slot", String.format(Locale.ROOT, "0x%02x", addr[1]));
        a.attr("function", String.format(Locale.ROOT, "0x%x", addr[2]));
        return a;
    }

    private void disk(int[] addr, String bus, String device, String config) {
        if (config == null) {
            return;
        }
        int idx = "virtio".equals(bus) ? nvirtiodisks++ : nahcidisks++;
        if (idx > 'z' - 'a') {
            return; // libvirt: "too many disks", and the disk is dropped
        }
        DiskDef disk = new DiskDef();
        disk.type(config.startsWith("/dev/") ? "block" : "file");
        disk.device(device);
        int comma = config.indexOf(',');
        disk.sourcePath(comma < 0 ? config : config.substring(0, comma));
        disk.hasSource(true);
        disk.targetDev(("virtio".equals(bus) ? "vd" : "sd") + (char) ('a' + idx));
        disk.targetBus(bus);
        disk.address(address(addr));
        def.addDevice(disk);
    }

    private void net(int[] addr, String model, String config) {
        if (config == null || !config.startsWith("tap")) {
            return;
        }
        InterfaceDef net = new InterfaceDef();
        net.type("bridge");
        net.sourceBridge("virbr0");
        net.model(model);
        net.address(address(addr));
        int comma = config.indexOf(',');
        net.targetDev(comma < 0 ? config : config.substring(0, comma));
        String mac = null;
        if (comma >= 0) {
            String opt = config.substring(comma + 1);
            if (!opt.startsWith("mac=")) {
                return; // "Only mac option can be specified for virt-net": dropped
            }
            String text = opt.substring(4);
            try {
                mac = MacAddress.parse(text);
            } catch (RuntimeException e) {
                mac = "00:00:00:00:00:00"; // libvirt warns and keeps the zeroed address
            }
        }
        net.mac(mac == null ? macs.get() : mac);
        def.addDevice(net);
    }

    /** bhyveParsePCIFbuf: -s slot,fbuf,tcp=addr:port,w=,h=,vga=,password=. */
    private void fbuf(String config) {
        if (config == null) {
            return;
        }
        VideoDef video = new VideoDef();
        video.modelType("gop");
        video.heads(1);
        GraphicsDef graphics = new GraphicsDef();
        graphics.type("vnc");
        String vga = null;
        Long w = null;
        Long h = null;
        for (String param : config.split(",", -1)) {
            switch (param) {
                case "vga=on" -> vga = "on";
                case "vga=io" -> vga = "io";
                case "vga=off" -> vga = "off";
                default -> {
                }
            }
            if (param.startsWith("rfb=") || param.startsWith("tcp=")) {
                String hostport = param.substring(4);
                int colon = hostport.indexOf(':');
                if (colon < 0) {
                    return;
                }
                String host = colon == 0 ? "127.0.0.1" : hostport.substring(0, colon);
                graphics.listens().add(new GraphicsListen().type("address").address(host));
                try {
                    graphics.port(Integer.parseInt(hostport.substring(colon + 1)));
                } catch (NumberFormatException e) {
                    return;
                }
                graphics.autoport(false);
            } else if (param.startsWith("w=")) {
                w = unsigned(param.substring(2));
                if (w == null) {
                    return;
                }
            } else if (param.startsWith("h=")) {
                h = unsigned(param.substring(2));
                if (h == null) {
                    return;
                }
            } else if (param.startsWith("password=")) {
                graphics.passwd(param.substring("password=".length()));
            }
        }
        // libvirt writes vgaconf only when it is not its zero value, io
        if (vga != null && !vga.equals("io")) {
            video.children().add(new XmlElement("driver").attr("vgaconf", vga));
        }
        if (w != null || h != null) {
            video.modelChildren().add(new XmlElement("resolution").attr("x", String.valueOf(w == null ? 0 : w))
                .attr("y", String.valueOf(h == null ? 0 : h)));
        }
        def.addDevice(video);
        def.addDevice(graphics);
    }

    private static Long unsigned(String s) {
        try {
            long n = Long.parseLong(s);
            return n < 0 || n > 0xffffffffL ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private FeaturesDef features() {
        if (def.features() == null) {
            def.features(new FeaturesDef());
        }
        return def.features();
    }

    private static String consume(List<String> argv, int index, int argc) {
        if (index >= argc) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.BHYVE,
                "Missing argument for '" + argv.get(index - 1) + "'");
        }
        return argv.get(index);
    }

    private static VirtException failed(String message) {
        return new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.BHYVE, message);
    }
}
