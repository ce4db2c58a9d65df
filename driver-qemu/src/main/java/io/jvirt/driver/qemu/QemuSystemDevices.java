package io.jvirt.driver.qemu;

import static io.jvirt.driver.qemu.QemuCommandLine.escape;

import java.util.List;
import java.util.Set;

import io.jvirt.api.domain.DeviceDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.GenericDeviceDef;
import io.jvirt.api.domain.InputDef;
import io.jvirt.api.domain.MemballoonDef;
import io.jvirt.api.domain.PanicDef;
import io.jvirt.api.domain.RngDef;
import io.jvirt.api.domain.WatchdogDef;

/**
 * The small devices of the command line: input, memory balloon, panic notifier, RNG and watchdog;
 * and the check that the definition has no device the driver would otherwise leave out.
 */
final class QemuSystemDevices {

    /** Device kinds the command line carries (controllers and PS/2 input are implicit in the machine). */
    private static final Set<String> SUPPORTED = Set.of("disk", "controller", "interface", "serial", "parallel",
        "console", "channel", "input", "audio", "graphics", "video", "memballoon", "panic", "rng", "watchdog");

    private QemuSystemDevices() {
    }

    /** Refuses a definition with a device kind the driver cannot start: better no guest than one without its device. */
    static void checkSupported(DomainDef def) {
        for (DeviceDef d : def.devices()) {
            if (!SUPPORTED.contains(d.kind())) {
                throw QemuDevices.unsupported("device '" + d.kind() + "'");
            }
        }
    }

    static void build(DomainDef def, List<String> a) {
        audio(def, a);
        inputs(def, a);
        for (WatchdogDef w : def.devices(WatchdogDef.class)) {
            watchdog(w, a);
        }
        for (MemballoonDef b : def.devices(MemballoonDef.class)) {
            balloon(b, a);
        }
        int rng = 0;
        for (RngDef r : def.devices(RngDef.class)) {
            rng(r, rng++, a);
        }
        for (PanicDef p : def.devices(PanicDef.class)) {
            panic(p, a);
        }
    }

    /** {@code <audio>} backends; only the silent one so far, which libvirt adds to guests with graphics. */
    private static void audio(DomainDef def, List<String> a) {
        for (DeviceDef d : def.devices()) {
            if (d instanceof GenericDeviceDef g && "audio".equals(g.kind())) {
                String type = g.element().attributes().get("type");
                String id = g.element().attributes().getOrDefault("id", "1");
                if (!"none".equals(type)) {
                    throw QemuDevices.unsupported("audio type '" + type + "'");
                }
                a.add("-audiodev");
                a.add("none,id=audio" + escape(id));
            }
        }
    }

    private static void inputs(DomainDef def, List<String> a) {
        boolean usb = false;
        int n = 0;
        for (InputDef in : def.devices(InputDef.class)) {
            String bus = in.bus() == null ? ("tablet".equals(in.type()) ? "usb" : "ps2") : in.bus();
            if ("ps2".equals(bus) && !"tablet".equals(in.type())) {
                continue; // the PC machine's own i8042 keyboard and mouse
            }
            if (!"usb".equals(bus)) {
                throw QemuDevices.unsupported("input bus '" + bus + "'");
            }
            String device = switch (in.type()) {
                case "tablet" -> "usb-tablet";
                case "mouse" -> "usb-mouse";
                case "keyboard" -> "usb-kbd";
                default -> throw QemuDevices.unsupported("input type '" + in.type() + "'");
            };
            if (!usb) {
                // libvirt's implicit USB controller of a PC machine (q35: qemu-xhci)
                a.add("-device");
                a.add((def.machine() != null && def.machine().contains("q35") ? "qemu-xhci" : "piix3-usb-uhci") + ",id=usb");
                usb = true;
            }
            a.add("-device");
            a.add(device + ",id=input" + n++ + ",bus=usb.0");
        }
    }

    private static void balloon(MemballoonDef b, List<String> a) {
        String model = b.model() == null ? "virtio" : b.model();
        if ("none".equals(model)) {
            return;
        }
        if (!model.startsWith("virtio")) {
            throw QemuDevices.unsupported("memballoon model '" + model + "'");
        }
        StringBuilder dev = new StringBuilder(pciModel("virtio-balloon", model)).append(",id=balloon0");
        if ("on".equals(b.autodeflate())) {
            dev.append(",deflate-on-oom=on");
        }
        if ("on".equals(b.freePageReporting())) {
            dev.append(",free-page-reporting=on");
        }
        a.add("-device");
        a.add(dev.toString());
    }

    private static void rng(RngDef r, int n, List<String> a) {
        String model = r.model() == null ? "virtio" : r.model();
        if (!model.startsWith("virtio")) {
            throw QemuDevices.unsupported("rng model '" + model + "'");
        }
        if (!"random".equals(r.backendModel())) {
            throw QemuDevices.unsupported("rng backend '" + r.backendModel() + "'");
        }
        String source = r.backendPath() == null ? "/dev/urandom" : r.backendPath();
        a.add("-object");
        a.add("rng-random,id=objrng" + n + ",filename=" + escape(source));
        a.add("-device");
        a.add(pciModel("virtio-rng", model) + ",rng=objrng" + n + ",id=rng" + n);
    }

    private static void watchdog(WatchdogDef w, List<String> a) {
        String device = switch (w.model() == null ? "" : w.model()) {
            case "i6300esb" -> "i6300esb";
            case "ib700" -> "ib700";
            default -> throw QemuDevices.unsupported("watchdog model '" + w.model() + "'");
        };
        String action = w.action() == null ? "reset" : w.action();
        String qemuAction = switch (action) {
            case "reset", "shutdown", "poweroff", "pause", "none", "inject-nmi" -> action;
            // libvirt's "dump" and "destroy" are its own follow-ups of QEMU's pause and poweroff
            case "dump" -> "pause";
            case "destroy" -> "poweroff";
            default -> throw QemuDevices.unsupported("watchdog action '" + action + "'");
        };
        a.add("-device");
        a.add(device + ",id=watchdog0");
        a.add("-action");
        a.add("watchdog=" + qemuAction);
    }

    private static void panic(PanicDef p, List<String> a) {
        String model = p.model() == null ? "isa" : p.model();
        String device = switch (model) {
            case "isa" -> "pvpanic";
            case "pvpanic" -> "pvpanic-pci";
            default -> throw QemuDevices.unsupported("panic model '" + model + "'");
        };
        a.add("-device");
        a.add(device);
    }

    /** virtio models: plain, transitional or non-transitional PCI variants of {@code base}. */
    private static String pciModel(String base, String model) {
        return switch (model) {
            case "virtio-transitional" -> base + "-pci-transitional";
            case "virtio-non-transitional" -> base + "-pci-non-transitional";
            default -> base + "-pci";
        };
    }
}
