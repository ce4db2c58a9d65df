package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A seeded generator of random valid domain definitions, built through the model's API, across
 * every device kind the model has (disk, controller, filesystem, interface, serial, parallel,
 * console, channel, input, tpm, graphics, sound, video, hostdev, watchdog, memballoon, rng,
 * panic, and the kinds kept as parsed: smartcard, redirdev, lease, redirfilter, hub, shmem, iommu,
 * vsock, audio) and
 * the domain's typed parts (memory, vCPUs, OS, CPU, features, clock, lifecycle actions). Values
 * come from libvirt's vocabularies (its enums and schema), so every definition is one libvirt
 * accepts. The same seed always builds the same definition.
 */
final class DomainModelGenerator {

    private final SplittableRandom r;
    private int diskIndex;
    private int portIndex;
    private int macIndex;
    private int consoles;

    DomainModelGenerator(long seed) {
        this.r = new SplittableRandom(seed);
    }

    DomainDef next() {
        diskIndex = 0;
        portIndex = 0;
        macIndex = 0;
        consoles = 0;
        DomainDef def = DomainDef.builder()
            .type(pick("kvm", "qemu"))
            .name("g" + r.nextInt(1_000_000) + pick("", "-web", "_db", ".x"))
            .uuid(new UUID(r.nextLong(), r.nextLong()))
            .memoryKiB(1024L * (64 + r.nextInt(4096)))
            .vcpus(1 + r.nextInt(16))
            .os("hvm", "x86_64", pick("pc", "q35", "pc-i440fx-7.2", "pc-q35-7.2"))
            .build();
        if (chance(3)) {
            def.title(pick("web server", "a <title> & more", "db"));
        }
        if (chance(3)) {
            def.description(pick("line one\nline two", "quotes ' and \"", "x"));
        }
        def.onPoweroff(pick(null, "destroy", "restart", "preserve"));
        def.onReboot(pick(null, "destroy", "restart"));
        def.onCrash(pick(null, "destroy", "restart", "preserve", "coredump-destroy", "coredump-restart"));
        if (chance(3)) {
            def.emulator(pick("/usr/bin/qemu-system-x86_64", "/usr/libexec/qemu-kvm"));
        }
        if (chance(2)) {
            def.features(DomainXml.parse("<domain type='kvm'><name>f</name><memory>1</memory><os><type>hvm</type></os>"
                + "<features>" + features() + "</features></domain>").features());
        }
        if (chance(3)) {
            def.clock(DomainXml.parse("<domain type='kvm'><name>c</name><memory>1</memory><os><type>hvm</type></os>"
                + clock() + "</domain>").clock());
        }
        int devices = r.nextInt(14);
        List<Supplier<DeviceDef>> kinds = kinds();
        java.util.Set<String> once = java.util.Set.of("watchdog", "memballoon", "vsock", "iommu", "nvram", "tpm", "redirfilter");
        for (int i = 0; i < devices; i++) {
            DeviceDef d = kinds.get(r.nextInt(kinds.size())).get();
            if (!(once.contains(d.kind()) && def.devices().stream().anyMatch(o -> o.kind().equals(d.kind())))) {
                def.devices().add(d);
            }
        }
        if (def.devices().stream().anyMatch(d -> d.bootOrder() != null)) {
            def.os().bootDevices().clear(); // per-device boot orders exclude os/boot
        }
        return def;
    }

    private List<Supplier<DeviceDef>> kinds() {
        List<Supplier<DeviceDef>> k = new ArrayList<>();
        k.add(this::disk);
        k.add(this::controller);
        k.add(this::filesystem);
        k.add(this::iface);
        k.add(() -> chardev("serial"));
        k.add(() -> chardev("parallel"));
        k.add(() -> chardev("console"));
        k.add(() -> chardev("channel"));
        k.add(this::input);
        k.add(this::tpm);
        k.add(this::graphics);
        k.add(() -> new SoundDef().model(pick("sb16", "es1370", "pcspk", "ac97", "ich6", "ich9", "usb", "ich7")));
        k.add(this::video);
        k.add(this::hostdev);
        k.add(() -> new WatchdogDef().model(pick("i6300esb", "ib700"))
            .action(pick(null, "reset", "shutdown", "poweroff", "pause", "dump", "none", "inject-nmi")));
        k.add(() -> new MemballoonDef().model(pick("virtio", "none", "virtio-transitional", "virtio-non-transitional"))
            .autodeflate(pick(null, "on", "off")).statsPeriod(chance(3) ? r.nextInt(60) - 5 : null));
        k.add(this::rng);
        k.add(() -> new PanicDef().model(pick(null, "isa", "hyperv")));
        k.add(this::smartcard);
        k.add(this::redirdev);
        k.add(() -> DomainXml.parseDevice("<hub type='usb'/>"));
        k.add(() -> DomainXml.parseDevice("<lease><lockspace>ls" + r.nextInt(9) + "</lockspace><key>k" + r.nextInt(99)
            + "</key><target path='/var/lib/libvirt/lease" + r.nextInt(9) + "' offset='" + 1024 * r.nextInt(8) + "'/></lease>"));
        k.add(() -> DomainXml.parseDevice("<redirfilter><usbdev class='0x08' vendor='0x1234' product='0xbeef' "
            + "version='2.0' allow='yes'/><usbdev allow='" + pick("yes", "no") + "'/></redirfilter>"));
        k.add(() -> DomainXml.parseDevice("<iommu model='intel'/>"));
        k.add(() -> DomainXml.parseDevice("<shmem name='shm" + r.nextInt(100) + "'><model type='ivshmem-plain'/>"
            + "<size unit='M'>" + (1 << r.nextInt(8)) + "</size></shmem>"));
        k.add(() -> DomainXml.parseDevice("<vsock model='virtio'><cid auto='no' address='" + (3 + r.nextInt(1000))
            + "'/></vsock>"));
        k.add(() -> DomainXml.parseDevice("<audio id='" + (1 + r.nextInt(5)) + "' type='"
            + pick("none", "alsa", "pulseaudio", "sdl", "spice", "oss") + "'/>"));
        return k;
    }

    // ---- devices ----

    private DeviceDef disk() {
        String device = pick("disk", "disk", "cdrom", "floppy");
        String bus = switch (device) {
            case "floppy" -> "fdc";
            case "cdrom" -> pick("ide", "sata", "scsi");
            default -> pick("virtio", "ide", "sata", "scsi", "usb");
        };
        String prefix = switch (bus) {
            case "virtio" -> "vd";
            case "ide" -> "hd";
            case "fdc" -> "fd";
            default -> "sd";
        };
        String target = prefix + (char) ('a' + diskIndex++);
        if (chance(4)) {
            // a network disk: its hosts are kept as parsed, so it is built from its XML
            String protocol = pick("nbd", "http", "https", "iscsi");
            return DomainXml.parseDevice("<disk type='network' device='" + device + "'><driver name='qemu' type='raw'/>"
                + "<source protocol='" + protocol + "' name='" + ("iscsi".equals(protocol) ? "iqn.2024-01.org.example:t/1"
                : "img" + r.nextInt(10)) + "'><host name='" + pick("example.org", "10.0.0.1") + "' port='"
                + (1000 + r.nextInt(9000)) + "'/></source><target dev='" + target + "' bus='" + bus + "'/>"
                + ("cdrom".equals(device) ? "<readonly/>" : "") + "</disk>");
        }
        DiskDef d = new DiskDef().type(pick("file", "block")).device(device).targetDev(target).targetBus(bus);
        if (!"cdrom".equals(device) || chance(2)) {
            d.sourcePath(("block".equals(d.type()) ? "/dev/vg/" : "/var/lib/images/") + "d" + r.nextInt(100));
            d.hasSource(true);
        }
        if (chance(2)) {
            d.driverName("qemu").driverType(pick("raw", "qcow2"));
        }
        if ("cdrom".equals(device) || chance(5)) {
            d.readonly(true);
        }
        if (chance(5) && "disk".equals(device)) {
            d.serial("S" + r.nextInt(1000));
        }
        if (chance(6)) {
            d.bootOrder(1 + r.nextInt(9));
        }
        return d;
    }

    private DeviceDef controller() {
        String type = pick("ide", "fdc", "scsi", "sata", "usb", "ccid", "virtio-serial", "pci");
        ControllerDef c = new ControllerDef().type(type).index(r.nextInt(4));
        c.model(switch (type) {
            case "scsi" -> pick(null, "virtio-scsi", "lsilogic", "buslogic");
            case "usb" -> pick(null, "piix3-uhci", "qemu-xhci", "ich9-ehci1", "none");
            case "pci" -> pick("pci-bridge", "pcie-root-port");
            default -> null;
        });
        if ("pci".equals(type)) {
            c.index(1 + r.nextInt(8)); // index 0 is the root, which takes no other model
        }
        return c;
    }

    private DeviceDef filesystem() {
        FilesystemDef f = new FilesystemDef().type("mount").source("/srv/share" + r.nextInt(10))
            .target("tag" + r.nextInt(1000));
        if (chance(2)) {
            f.accessmode(pick("passthrough", "mapped", "squash"));
        }
        if (chance(3)) {
            f.readonly(true);
        }
        return f;
    }

    private DeviceDef iface() {
        String type = pick("network", "bridge", "user", "ethernet", "direct");
        InterfaceDef n = new InterfaceDef().type(type)
            .mac(String.format("52:54:00:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256), macIndex++));
        switch (type) {
            case "network" -> n.sourceNetwork(pick("default", "lan"));
            case "bridge" -> n.sourceBridge(pick("br0", "virbr0"));
            case "direct" -> n.sourceDev(pick("eth0", "enp1s0")).sourceMode(pick("vepa", "bridge", "private"));
            case "ethernet" -> {
                if (chance(2)) {
                    n.targetDev("tap" + r.nextInt(100));
                }
            }
            default -> {
                // user networking has no source
            }
        }
        if (chance(2)) {
            n.model(pick("virtio", "e1000", "rtl8139", "e1000e"));
        }
        if (chance(4)) {
            n.linkState(pick("up", "down"));
        }
        if (chance(6)) {
            n.mtu(1280 + r.nextInt(8000));
        }
        return n;
    }

    private DeviceDef chardev(String kind) {
        CharDeviceDef c = new CharDeviceDef().kind(kind);
        String type = pick("null", "vc", "pty", "dev", "file", "pipe", "stdio", "udp", "tcp", "unix", "spiceport");
        c.type(type);
        CharSource s = new CharSource();
        switch (type) {
            case "dev", "pipe" -> s.path("/dev/ttyS" + r.nextInt(4));
            case "file" -> s.path("/var/log/c" + r.nextInt(10) + ".log").append(pick(null, "on", "off"));
            case "unix" -> s.mode(pick("bind", "connect")).path("/run/c" + r.nextInt(10) + ".sock");
            case "tcp" -> {
                s.mode(pick("bind", "connect")).host(pick("127.0.0.1", "::1", "localhost"))
                    .service(Integer.toString(1024 + r.nextInt(60000))).tls(pick(null, "yes", "no"));
                if ("connect".equals(s.mode()) && chance(3)) {
                    s.children().add(chance(2) ? new XmlElement("reconnect").attr("enabled", "no")
                        : new XmlElement("reconnect").attr("enabled", "yes").attr("timeout", "" + r.nextInt(30)));
                }
                c.protocol(pick(null, "raw", "telnet", "telnets", "tls"));
            }
            case "udp" -> {
                if (chance(2)) {
                    c.sources().add(new CharSource().mode("bind").host("0.0.0.0").service("" + (1024 + r.nextInt(9000))));
                }
                s.mode("connect").host(pick(null, "127.0.0.1")).service("" + (1024 + r.nextInt(9000)));
            }
            case "spiceport" -> s.channel("org.qemu.console." + r.nextInt(9));
            default -> s = null;
        }
        if (s != null) {
            c.sources().add(s);
        }
        if (chance(5) && !"null".equals(type)) {
            c.logAndOthers().add(new XmlElement("log").attr("file", "/var/log/chr" + r.nextInt(9) + ".log")
                .attr("append", pick(null, "on", "off")));
        }
        switch (kind) {
            case "channel" -> {
                c.targetType("virtio");
                c.targetName("org.example.ch" + r.nextInt(1000));
            }
            case "console" -> {
                // only the first console may stand for a serial port; it always does here: a first
                // virtio console in front of a serial port gets a stub console inserted before it,
                // and console n is port n on the next parse (libvirt is no fixed point there either)
                c.targetType(consoles++ == 0 ? "serial" : "virtio");
                c.targetPort("serial".equals(c.targetType()) ? 0 : portIndex++);
            }
            case "serial" -> {
                c.targetType(pick(null, "isa-serial", "usb-serial", "pci-serial"));
                c.targetPort(portIndex++);
                if ("isa-serial".equals(c.targetType()) && chance(2)) {
                    c.targetModel(new XmlElement("model").attr("name", "isa-serial"));
                }
            }
            default -> c.targetPort(portIndex++);
        }
        return c;
    }

    private DeviceDef input() {
        String type = pick("mouse", "tablet", "keyboard");
        return new InputDef(type, pick("ps2", "usb", "virtio", "usb"));
    }

    private DeviceDef tpm() {
        TpmDef t = new TpmDef().model(pick("tpm-tis", "tpm-crb"));
        t.backendType(pick("emulator", "passthrough"));
        if ("emulator".equals(t.backendType())) {
            t.backendVersion(pick("1.2", "2.0"));
        } else {
            t.backendChildren().add(new XmlElement("device").attr("path", "/dev/tpm0"));
        }
        return t;
    }

    private DeviceDef graphics() {
        String type = pick("vnc", "vnc", "spice", "sdl", "rdp", "desktop", "egl-headless", "dbus");
        StringBuilder x = new StringBuilder("<graphics type='" + type + "'");
        switch (type) {
            case "vnc" -> {
                boolean socket = chance(4);
                if (socket) {
                    x.append(" socket='/run/vnc").append(r.nextInt(9)).append(".sock'");
                } else if (chance(2)) {
                    x.append(" port='").append(5900 + r.nextInt(100)).append("' autoport='no'");
                } else {
                    x.append(" autoport='yes'");
                }
                if (chance(3)) {
                    x.append(" keymap='").append(pick("en-us", "de", "fr")).append("'");
                }
                String listen = listen(!socket); // a socket attribute and a socket listen must agree
                if (chance(3) && !socket && !listen.contains("'socket'")) { // the schema has no share policy for a socket
                    x.append(" sharePolicy='").append(pick("allow-exclusive", "force-shared", "ignore")).append("'");
                }
                if (chance(3)) {
                    x.append(" passwd='pw").append(r.nextInt(99)).append("' passwdValidTo='2030-0")
                        .append(1 + r.nextInt(9)).append("-1").append(r.nextInt(9)).append("T1").append(r.nextInt(9))
                        .append(":00:00'");
                    if (chance(2)) {
                        x.append(" connected='keep'");
                    }
                }
                x.append(">").append(listen);
            }
            case "spice" -> {
                if (chance(2)) {
                    x.append(" port='").append(5900 + r.nextInt(100)).append("' tlsPort='").append(6000 + r.nextInt(100))
                        .append("' autoport='no'");
                } else {
                    x.append(" autoport='yes'");
                }
                if (chance(3)) {
                    x.append(" defaultMode='").append(pick("secure", "insecure")).append("'");
                }
                x.append(">").append(listen(false));
                for (String ch : List.of("main", "display", "inputs", "cursor", "playback", "record")) {
                    if (chance(5)) {
                        x.append("<channel name='").append(ch).append("' mode='").append(pick("secure", "insecure"))
                            .append("'/>");
                    }
                }
                if (chance(3)) {
                    x.append("<image compression='").append(pick("auto_glz", "auto_lz", "quic", "glz", "lz", "off"))
                        .append("'/>");
                }
                if (chance(4)) {
                    x.append("<streaming mode='").append(pick("filter", "all", "off")).append("'/>");
                }
                if (chance(4)) {
                    x.append("<clipboard copypaste='").append(pick("yes", "no")).append("'/>");
                }
                if (chance(4)) {
                    x.append("<mouse mode='").append(pick("server", "client")).append("'/>");
                }
                if (chance(4)) {
                    x.append("<gl enable='").append(pick("yes", "no")).append("'/>");
                }
            }
            case "sdl" -> x.append(" display=':").append(r.nextInt(3)).append("'").append(chance(2) ? " fullscreen='yes'" : "")
                .append(">").append(chance(3) ? "<gl enable='yes'/>" : "");
            case "rdp" -> x.append(chance(2) ? " autoport='yes'" : " port='" + (3389 + r.nextInt(9)) + "'")
                .append(chance(2) ? " multiUser='yes'" : "").append(">");
            case "desktop" -> x.append(" display=':").append(r.nextInt(3)).append("'>");
            case "egl-headless" -> x.append(">").append(chance(2) ? "<gl rendernode='/dev/dri/renderD128'/>" : "");
            case "dbus" -> x.append(chance(2) ? " p2p='yes'" : " address='unix:path=/run/dbus" + r.nextInt(9) + "'")
                .append(">").append(chance(3) ? "<gl enable='yes' rendernode='/dev/dri/renderD128'/>" : "");
            default -> throw new IllegalStateException(type);
        }
        return DomainXml.parseDevice(x.append("</graphics>").toString());
    }

    private String listen(boolean socket) {
        return switch (r.nextInt(socket ? 5 : 4)) {
            case 0 -> "";
            case 1 -> "<listen type='address' address='" + pick("127.0.0.1", "0.0.0.0", "::1") + "'/>";
            case 2 -> "<listen type='network' network='" + pick("default", "lan") + "'/>";
            case 3 -> "<listen type='address'/>";
            default -> "<listen type='socket' socket='/run/l" + r.nextInt(9) + ".sock'/>";
        };
    }

    private DeviceDef video() {
        VideoDef v = new VideoDef().modelType(pick("vga", "cirrus", "qxl", "virtio", "bochs", "ramfb", "none"));
        if ("qxl".equals(v.modelType())) {
            v.ram(65536).vram(65536).vgamem(16384);
        } else if ("vga".equals(v.modelType()) || "cirrus".equals(v.modelType())) {
            v.vram(16384);
        }
        if (!"none".equals(v.modelType()) && chance(2)) {
            v.heads(1);
        }
        return v;
    }

    private DeviceDef hostdev() {
        return switch (r.nextInt(3)) {
            case 0 -> DomainXml.parseDevice("<hostdev mode='subsystem' type='pci' managed='" + pick("yes", "no") + "'>"
                + "<source><address domain='0x0000' bus='0x0" + r.nextInt(8) + "' slot='0x0" + r.nextInt(8)
                + "' function='0x" + r.nextInt(8) + "'/></source></hostdev>");
            case 1 -> DomainXml.parseDevice("<hostdev mode='subsystem' type='usb'><source><vendor id='0x1234'/>"
                + "<product id='0xbeef'/></source></hostdev>");
            default -> DomainXml.parseDevice("<hostdev mode='subsystem' type='scsi'><source><adapter name='scsi_host"
                + r.nextInt(4) + "'/><address bus='0' target='0' unit='" + r.nextInt(8) + "'/></source></hostdev>");
        };
    }

    private DeviceDef rng() {
        return switch (r.nextInt(3)) {
            case 0 -> new RngDef().model("virtio").backendModel("random").backendPath(pick("/dev/urandom", "/dev/hwrng"));
            case 1 -> DomainXml.parseDevice("<rng model='virtio'><backend model='builtin'/></rng>");
            default -> DomainXml.parseDevice("<rng model='virtio'><backend model='egd' type='"
                + pick("tcp", "unix", "udp") + "'>" + chrSource() + "</backend></rng>");
        };
    }

    /** The source of an egd backend of whichever type the caller chose: filled in after the fact. */
    private String chrSource() {
        return "<source mode='connect' host='127.0.0.1' service='" + (1024 + r.nextInt(9000)) + "' path='/run/egd.sock'/>";
    }

    private DeviceDef smartcard() {
        return switch (r.nextInt(3)) {
            case 0 -> DomainXml.parseDevice("<smartcard mode='host'/>");
            case 1 -> DomainXml.parseDevice("<smartcard mode='passthrough' type='spicevmc'/>");
            default -> DomainXml.parseDevice("<smartcard mode='passthrough' type='tcp'><source mode='connect' "
                + "host='127.0.0.1' service='" + (2000 + r.nextInt(1000)) + "'/><protocol type='raw'/></smartcard>");
        };
    }

    private DeviceDef redirdev() {
        return chance(2) ? DomainXml.parseDevice("<redirdev bus='usb' type='spicevmc'/>")
            : DomainXml.parseDevice("<redirdev bus='usb' type='tcp'><source mode='connect' host='127.0.0.1' service='"
                + (4000 + r.nextInt(1000)) + "'/></redirdev>");
    }

    // ---- domain parts ----

    private String features() {
        StringBuilder f = new StringBuilder();
        for (String flag : List.of("acpi", "apic", "pae")) {
            if (chance(2)) {
                f.append('<').append(flag).append("/>");
            }
        }
        if (chance(4)) {
            f.append("<vmport state='").append(pick("on", "off")).append("'/>");
        }
        if (chance(4)) {
            f.append("<smm state='on'/>");
        }
        return f.toString();
    }

    private String clock() {
        return switch (r.nextInt(3)) {
            case 0 -> "<clock offset='utc'/>";
            case 1 -> "<clock offset='localtime'><timer name='rtc' tickpolicy='catchup'/><timer name='pit' "
                + "tickpolicy='delay'/><timer name='hpet' present='no'/></clock>";
            default -> "<clock offset='variable' adjustment='" + (r.nextInt(7200) - 3600) + "' basis='utc'/>";
        };
    }

    // ---- helpers ----

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[r.nextInt(values.length)];
    }

    private boolean chance(int oneIn) {
        return r.nextInt(oneIn) == 0;
    }
}
