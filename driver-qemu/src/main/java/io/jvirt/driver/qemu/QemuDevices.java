package io.jvirt.driver.qemu;

import static io.jvirt.driver.qemu.QemuCommandLine.escape;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CharDeviceDef;
import io.jvirt.api.domain.CharSource;
import io.jvirt.api.domain.DeviceDef;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.GraphicsDef;
import io.jvirt.api.domain.GraphicsListen;
import io.jvirt.api.domain.InterfaceDef;
import io.jvirt.api.domain.VideoDef;

/**
 * The device part of the command line: disks and CD-ROMs, network interfaces, serial ports and
 * consoles, VNC and video. Unsupported device kinds fail with CONFIG_UNSUPPORTED rather than being
 * silently dropped: a guest that starts without its disk is worse than one that does not start.
 */
final class QemuDevices {

    private QemuDevices() {
    }

    static void build(DomainDef def, QemuCommandLine.RunFiles files, List<String> a) {
        QemuSystemDevices.checkSupported(def);
        Map<DeviceDef, Integer> bootIndex = bootIndexes(def);
        int ide = 0;
        int nodes = 0;
        boolean scsiController = false;
        int n = 0;
        for (DiskDef d : def.disks()) {
            String alias = alias("disk", d.targetDev(), n++);
            String bus = d.targetBus() == null ? guessBus(d.targetDev()) : d.targetBus();
            boolean cdrom = "cdrom".equals(d.device());
            if (!"disk".equals(d.device()) && !cdrom) {
                throw unsupported("disk device '" + d.device() + "'");
            }
            boolean hasMedium = d.hasSource() && d.sourcePath() != null;
            String drive = null;
            if (hasMedium) {
                String type = QemuBlockdev.actualType(d);
                if (!"file".equals(type) && !"block".equals(type)) {
                    throw unsupported("disk type '" + type + "'");
                }
                drive = QemuBlockdev.add(d, cdrom, ++nodes, a);
            }
            StringBuilder dev = new StringBuilder();
            switch (bus) {
                case "virtio" -> {
                    if (cdrom) {
                        throw unsupported("virtio CD-ROM");
                    }
                    dev.append("virtio-blk-pci");
                }
                case "ide", "sata" -> {
                    // pc: the piix IDE buses; q35: the AHCI controller's, same names
                    dev.append(cdrom ? "ide-cd" : "ide-hd").append(",bus=ide.").append(ide++);
                }
                case "scsi" -> {
                    if (!scsiController) {
                        a.add("-device");
                        a.add("virtio-scsi-pci,id=scsi0");
                        scsiController = true;
                    }
                    dev.append(cdrom ? "scsi-cd" : "scsi-hd").append(",bus=scsi0.0");
                }
                default -> throw unsupported("disk bus '" + bus + "'");
            }
            if (hasMedium) {
                dev.append(",drive=").append(drive);
            }
            dev.append(",id=").append(alias);
            if (hasMedium) {
                dev.append(QemuBlockdev.writeCache(d));
            }
            if (bootIndex.containsKey(d)) {
                dev.append(",bootindex=").append(bootIndex.get(d));
            }
            if (d.serial() != null) {
                dev.append(",serial=").append(escape(d.serial()));
            }
            a.add("-device");
            a.add(dev.toString());
        }
        n = 0;
        int user = 0;
        for (InterfaceDef nic : def.interfaces()) {
            String id = "net" + n;
            String netdev = "hostnet" + n++;
            StringBuilder nd = new StringBuilder();
            switch (nic.type()) {
                case "user" -> {
                    // QemuUserNet: never QEMU's slirp with the host's loopback open, unless the administrator says so
                    switch (files.userNet()) {
                        case PASST -> nd.append("stream,id=").append(netdev).append(",server=off,addr.type=unix,addr.path=")
                            .append(escape(QemuUserNet.socket(files.userNetDir(), user).toString()));
                        case SLIRP_RESTRICTED -> nd.append("user,id=").append(netdev).append(",restrict=on");
                        case SLIRP -> nd.append("user,id=").append(netdev);
                    }
                    user++;
                }
                case "bridge", "ethernet", "network" -> {
                    // the driver has made the tap (the kit's TapDevices) and named it in the live definition
                    // (a network's: on the bridge the core resolved the network name to)
                    nd.append("tap,id=").append(netdev);
                    QemuOptionValues.checkInterfaceName(nic.sourceBridge());
                    if (nic.targetDev() != null) {
                        QemuOptionValues.checkInterfaceName(nic.targetDev());
                        nd.append(",ifname=").append(escape(nic.targetDev()));
                    }
                    nd.append(",script=no,downscript=no");
                }
                default -> throw unsupported("interface type '" + nic.type() + "'");
            }
            a.add("-netdev");
            a.add(nd.toString());
            String model = nic.model() == null ? "rtl8139" : nic.model();
            String device = switch (model) {
                case "virtio" -> "virtio-net-pci";
                case "e1000", "e1000e", "rtl8139", "ne2k_pci", "pcnet", "vmxnet3" -> model;
                default -> throw unsupported("interface model '" + model + "'");
            };
            StringBuilder dev = new StringBuilder(device).append(",netdev=").append(netdev).append(",id=").append(id)
                .append(",mac=").append(nic.mac());
            if (bootIndex.containsKey(nic)) {
                dev.append(",bootindex=").append(bootIndex.get(nic));
            }
            a.add("-device");
            a.add(dev.toString());
        }
        chars(def, a);
        QemuSystemDevices.build(def, a);
        graphics(def, a);
    }

    /**
     * The QEMU id of each character device ("serial0", "console0", "channel0", "parallel0"; its
     * chardev is "char" + id). A console that is the first serial port under another name (libvirt's
     * console compat) maps to that port's id, and has no device of its own.
     */
    static Map<CharDeviceDef, String> charIds(DomainDef def) {
        Map<CharDeviceDef, String> ids = new java.util.LinkedHashMap<>();
        Map<String, Integer> next = new HashMap<>();
        for (CharDeviceDef c : def.charDevices()) {
            if (isCompatConsole(c)) {
                continue;
            }
            int n = next.merge(c.kind(), 1, Integer::sum) - 1;
            ids.put(c, c.kind() + n);
        }
        String firstSerial = ids.entrySet().stream().filter(e -> "serial".equals(e.getKey().kind()))
            .map(Map.Entry::getValue).findFirst().orElse(null);
        for (CharDeviceDef c : def.charDevices()) {
            if (!ids.containsKey(c) && firstSerial != null) {
                ids.put(c, firstSerial);
            }
        }
        return ids;
    }

    private static boolean isCompatConsole(CharDeviceDef c) {
        return "console".equals(c.kind()) && (c.targetType() == null || "serial".equals(c.targetType()));
    }

    private static void chars(DomainDef def, List<String> a) {
        Map<CharDeviceDef, String> ids = charIds(def);
        boolean virtioSerial = false;
        for (CharDeviceDef c : def.charDevices()) {
            String id = ids.get(c);
            if (id == null || isCompatConsole(c)) {
                continue; // a compat console: the serial port's device is the console
            }
            String device = switch (c.kind()) {
                case "serial" -> "isa-serial,chardev=char" + id + ",id=" + id + ",index="
                    + (c.targetPort() == null ? Integer.parseInt(id.substring("serial".length())) : c.targetPort());
                case "parallel" -> "isa-parallel,chardev=char" + id + ",id=" + id;
                case "console" -> {
                    if (!"virtio".equals(c.targetType())) {
                        throw unsupported("console target type '" + c.targetType() + "'");
                    }
                    yield "virtconsole,chardev=char" + id + ",id=" + id;
                }
                case "channel" -> {
                    if (!"virtio".equals(c.targetType())) {
                        throw unsupported("channel target type '" + c.targetType() + "'");
                    }
                    // port 0 of the bus is the console's; channels take ports from 1, as libvirt numbers them
                    int nr = Integer.parseInt(id.substring("channel".length())) + 1;
                    yield "virtserialport,bus=virtio-serial0.0,nr=" + nr + ",chardev=char" + id + ",id=" + id
                        + (c.targetName() == null ? "" : ",name=" + escape(c.targetName()));
                }
                default -> throw unsupported("character device '" + c.kind() + "'");
            };
            if (device.startsWith("virt") && !virtioSerial) {
                a.add("-device");
                a.add("virtio-serial-pci,id=virtio-serial0");
                virtioSerial = true;
            }
            a.add("-chardev");
            a.add(chardevBackend(c, "char" + id));
            a.add("-device");
            a.add(device);
        }
    }

    /** A character device's host side: pty, file, UNIX socket, TCP, null. */
    static String chardevBackend(CharDeviceDef c, String id) {
        CharSource src = c.sources().isEmpty() ? null : c.sources().get(0);
        String type = c.type() == null ? "pty" : c.type();
        return switch (type) {
            case "pty" -> "pty,id=" + id;
            case "null" -> "null,id=" + id;
            case "file" -> {
                String path = required(src == null ? null : src.path(), c);
                yield "file,id=" + id + ",path=" + escape(path) + ("on".equals(src.append()) ? ",append=on" : "");
            }
            case "unix" -> {
                String path = required(src == null ? null : src.path(), c);
                boolean server = src.mode() == null || "bind".equals(src.mode());
                yield "socket,id=" + id + ",path=" + escape(path) + (server ? ",server=on,wait=off" : "");
            }
            case "tcp" -> {
                String host = src == null || src.host() == null ? "127.0.0.1" : src.host();
                String service = required(src == null ? null : src.service(), c);
                boolean server = src.mode() == null || "bind".equals(src.mode());
                yield "socket,id=" + id + ",host=" + escape(host) + ",port=" + escape(service)
                    + (server ? ",server=on,wait=off" : "");
            }
            default -> throw unsupported("character device type '" + type + "'");
        };
    }

    private static void graphics(DomainDef def, List<String> a) {
        boolean vnc = false;
        for (GraphicsDef g : def.graphics()) {
            if (!"vnc".equals(g.type())) {
                throw unsupported("graphics type '" + g.type() + "'");
            }
            if (vnc) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                    "only 1 graphics device of each type (sdl, vnc, spice, dbus) is supported");
            }
            vnc = true;
            String socket = g.socket();
            String listen = "127.0.0.1";
            for (GraphicsListen l : g.listens()) {
                if ("socket".equals(l.type()) && l.socket() != null) {
                    socket = l.socket();
                } else if (l.address() != null) {
                    listen = l.address();
                }
            }
            StringBuilder b = new StringBuilder();
            if (socket != null) {
                b.append("unix:").append(escape(socket));
            } else {
                Integer port = g.port();
                if (port == null || port < 5900) {
                    // autoport is resolved to a free port before the command line is built; a
                    // definition that still has none (domxml-to-native) shows display 0
                    port = 5900;
                }
                QemuOptionValues.checkListenAddress(listen);
                String host = listen.contains(":") ? "[" + listen + "]" : listen;
                b.append(host).append(':').append(port - 5900);
            }
            if (g.websocket() != null && g.websocket() > 0) {
                b.append(",websocket=").append(g.websocket());
            }
            if (g.passwd() != null) {
                // the password itself goes over QMP (set_password) before the guest runs, never on the command line
                b.append(",password=on");
            }
            a.add("-vnc");
            a.add(b.toString());
        }
        if (!vnc) {
            a.add("-display");
            a.add("none");
        }
        boolean video = false;
        for (VideoDef d : def.devices(VideoDef.class)) {
            String type = d.modelType() == null ? "vga" : d.modelType();
            String device = switch (type) {
                case "vga" -> "VGA";
                case "cirrus" -> "cirrus-vga";
                case "virtio" -> video ? "virtio-gpu-pci" : "virtio-vga";
                case "bochs" -> "bochs-display";
                case "none" -> null;
                default -> throw unsupported("video type '" + type + "'");
            };
            if (device != null) {
                a.add("-device");
                a.add(device + ",id=video" + (video ? "1" : "0"));
                video = true;
            }
        }
        if (vnc && !video && def.devices().stream().noneMatch(d -> "video".equals(d.kind()))) {
            // libvirt adds a default video device for a guest with graphics
            a.add("-device");
            a.add("VGA,id=video0");
        }
    }

    /** bootindex per device: {@code <boot order>} on devices, else the order of {@code <os><boot dev>}. */
    private static Map<DeviceDef, Integer> bootIndexes(DomainDef def) {
        Map<DeviceDef, Integer> out = new HashMap<>();
        for (DeviceDef d : def.devices()) {
            if (d.bootOrder() != null) {
                out.put(d, d.bootOrder());
            }
        }
        if (!out.isEmpty() || def.os().kernel() != null) {
            return out;
        }
        int index = 1;
        for (String dev : def.os().bootDevices()) {
            DeviceDef first = switch (dev) {
                case "hd" -> def.disks().stream().filter(d -> "disk".equals(d.device())).findFirst().orElse(null);
                case "cdrom" -> def.disks().stream().filter(d -> "cdrom".equals(d.device())).findFirst().orElse(null);
                case "network" -> def.interfaces().isEmpty() ? null : def.interfaces().get(0);
                default -> null;
            };
            if (first != null && !out.containsKey(first)) {
                out.put(first, index++);
            }
        }
        return out;
    }

    private static String guessBus(String targetDev) {
        if (targetDev == null) {
            return "ide";
        }
        if (targetDev.startsWith("vd")) {
            return "virtio";
        }
        if (targetDev.startsWith("sd")) {
            return "scsi";
        }
        return "ide";
    }

    private static String alias(String prefix, String target, int n) {
        return target != null && target.matches("[a-z0-9]+") ? prefix + "-" + target : prefix + n;
    }

    private static String required(String value, CharDeviceDef c) {
        if (value == null) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                "Missing source path attribute for char device");
        }
        return value;
    }

    static VirtException unsupported(String what) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, "unsupported " + what + " in the QEMU driver");
    }
}
