package io.jvirt.driver.qemu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CpuDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.OsDef;
import io.jvirt.api.domain.XmlElement;

/**
 * Builds QEMU's command line from a domain definition (libvirt's {@code qemuBuildCommandLine}),
 * without side effects: what the definition says, in libvirt's order and spelling where QEMU 7.2
 * accepts it. Devices are {@link QemuDevices}' part. Every option value passes through
 * {@link #escape} (QEMU's rule: a ',' inside a value is written ',,').
 */
final class QemuCommandLine {

    /** Where the run-time files of one start go, and how user interfaces reach the outside. */
    record RunFiles(Path monitorSocket, Path pidFile, QemuUserNet.Backend userNet, Path userNetDir) {

        /** With passt's sockets in {@code <monitor>.passt/} (the builder's tests). */
        RunFiles(Path monitorSocket, Path pidFile) {
            this(monitorSocket, pidFile, QemuUserNet.Backend.PASST, monitorSocket.resolveSibling(
                monitorSocket.getFileName().toString().replaceFirst("\\.qmp$", "") + ".passt"));
        }
    }

    private QemuCommandLine() {
    }

    /**
     * @param emulator the QEMU binary (the definition's {@code <emulator>} wins)
     * @param kvm      whether to use KVM (domain type 'kvm'; the caller has checked it is usable)
     */
    static List<String> build(DomainDef def, String emulator, boolean kvm, RunFiles files) {
        List<String> a = new ArrayList<>();
        a.add(def.emulator() != null ? def.emulator() : emulator);
        a.add("-name");
        a.add("guest=" + escape(def.name()) + ",debug-threads=on");
        a.add("-S"); // paused until the driver has connected the monitor and says cont
        a.add("-machine");
        a.add(QemuOptionValues.machine(def.machine() == null ? "pc" : def.machine()) + ",usb=off,dump-guest-core=off");
        a.add("-accel");
        a.add(kvm ? "kvm" : "tcg");
        cpu(def, kvm, a);
        a.add("-m");
        a.add("size=" + def.memoryKiB() + "k");
        smp(def, a);
        a.add("-uuid");
        a.add(def.uuid().toString());
        smbios(def, a);
        a.add("-no-user-config");
        a.add("-nodefaults");
        a.add("-chardev");
        a.add("socket,id=charmonitor,path=" + escape(files.monitorSocket().toString()) + ",server=on,wait=off");
        a.add("-mon");
        a.add("chardev=charmonitor,id=monitor,mode=control");
        a.add("-rtc");
        a.add("base=utc");
        // QEMU only stops the guest when it powers off: the driver ends the process itself, or
        // resets the guest for a reboot (libvirt's "fake reboot")
        a.add("-no-shutdown");
        if ("destroy".equals(def.onReboot())) {
            a.add("-no-reboot");
        }
        os(def.os(), a);
        QemuDevices.build(def, files, a);
        a.add("-pidfile");
        a.add(files.pidFile().toString());
        a.add("-msg");
        a.add("timestamp=on");
        return a;
    }

    /** QEMU's option value escaping: ',' separates properties, so a literal one is doubled. */
    static String escape(String value) {
        return value.replace(",", ",,");
    }

    /** The command line as {@code virsh domxml-to-native qemu-argv} prints it: shell-quoted where needed. */
    static String toShell(List<String> argv) {
        StringJoiner j = new StringJoiner(" \\\n");
        StringBuilder cur = new StringBuilder();
        // an option and its value on one line, as libvirt prints
        for (int i = 0; i < argv.size(); i++) {
            String s = quote(argv.get(i));
            if (i == 0) {
                cur.append("LC_ALL=C ").append(s);
                continue;
            }
            if (argv.get(i).startsWith("-")) {
                j.add(cur.toString());
                cur = new StringBuilder(s);
            } else {
                cur.append(' ').append(s);
            }
        }
        j.add(cur.toString());
        return j.toString() + "\n";
    }

    private static String quote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_=,./:+@%".indexOf(c) >= 0)) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static void cpu(DomainDef def, boolean kvm, List<String> a) {
        CpuDef cpu = def.cpu();
        if (cpu == null) {
            return;
        }
        String mode = cpu.mode() == null ? "custom" : cpu.mode();
        String model = switch (mode) {
            case "host-passthrough" -> {
                if (!kvm) {
                    throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                        "CPU mode 'host-passthrough' for " + arch(def) + " qemu domain on " + arch(def)
                            + " host is not supported by hypervisor");
                }
                yield "host";
            }
            // without KVM there is no host CPU to copy: QEMU's "max" is TCG's fullest model
            case "host-model" -> kvm ? "host" : "max";
            case "maximum" -> "max";
            default -> cpu.model();
        };
        if (model == null) {
            return; // a custom CPU with topology only
        }
        // -cpu's parser splits on every ',' (no ',,' escape): names are checked instead
        StringBuilder b = new StringBuilder(QemuOptionValues.cpuModel(model));
        for (CpuDef.CpuFeature f : cpu.features()) {
            String policy = f.policy() == null ? "require" : f.policy();
            switch (policy) {
                case "require", "force" -> b.append(",+").append(QemuOptionValues.cpuFeature(f.name()));
                case "disable", "forbid" -> b.append(",-").append(QemuOptionValues.cpuFeature(f.name()));
                default -> { } // optional: left to QEMU's model
            }
        }
        a.add("-cpu");
        a.add(b.toString());
    }

    private static String arch(DomainDef def) {
        return def.arch() == null ? "x86_64" : def.arch();
    }

    private static void smp(DomainDef def, List<String> a) {
        int max = def.vcpus();
        int current = def.currentVcpus();
        CpuDef cpu = def.cpu();
        int sockets = max;
        int dies = 1;
        int cores = 1;
        int threads = 1;
        if (cpu != null && cpu.sockets() != null) {
            sockets = cpu.sockets();
            dies = cpu.dies() == null ? 1 : cpu.dies();
            cores = cpu.cores() == null ? 1 : cpu.cores();
            threads = cpu.threads() == null ? 1 : cpu.threads();
            if ((long) sockets * dies * cores * threads != max) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                    "CPU topology doesn't match maximum vcpu count");
            }
        }
        StringBuilder b = new StringBuilder().append(current);
        if (current != max) {
            b.append(",maxcpus=").append(max);
        }
        b.append(",sockets=").append(sockets);
        if (dies != 1) {
            b.append(",dies=").append(dies);
        }
        b.append(",cores=").append(cores).append(",threads=").append(threads);
        a.add("-smp");
        a.add(b.toString());
    }

    /** SMBIOS type 1 (system) and 0 (BIOS) from {@code <sysinfo type='smbios'>}, with {@code <smbios mode='sysinfo'/>}. */
    private static void smbios(DomainDef def, List<String> a) {
        if (!"sysinfo".equals(def.os().smbiosMode())) {
            return;
        }
        XmlElement sysinfo = def.kept("sysinfo");
        if (sysinfo == null) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                "Domain requires SMBIOS, but no SMBIOS data was given");
        }
        for (XmlElement section : sysinfo.children()) {
            String type = switch (section.name()) {
                case "bios" -> "0";
                case "system" -> "1";
                default -> null;
            };
            if (type == null) {
                continue;
            }
            StringBuilder b = new StringBuilder("type=").append(type);
            for (XmlElement e : section.children()) {
                String name = e.attributes().get("name");
                if ("entry".equals(e.name()) && e.text() != null) {
                    // the key is from libvirt's fixed list: a name like "product=x,file=..." is refused
                    b.append(',').append(QemuOptionValues.smbiosEntry(section.name(), name)).append('=').append(escape(e.text().trim()));
                }
            }
            if ("1".equals(type) && section.children().stream().noneMatch(
                e -> "entry".equals(e.name()) && "uuid".equalsIgnoreCase(e.attributes().get("name")))) {
                b.append(",uuid=").append(def.uuid());
            }
            a.add("-smbios");
            a.add(b.toString());
        }
    }

    private static void os(OsDef os, List<String> a) {
        if (os.loader() != null) {
            a.add("-bios");
            a.add(os.loader());
        }
        if (os.kernel() != null) {
            a.add("-kernel");
            a.add(os.kernel());
        }
        if (os.initrd() != null) {
            a.add("-initrd");
            a.add(os.initrd());
        }
        if (os.cmdline() != null) {
            a.add("-append");
            a.add(os.cmdline());
        }
        if (os.dtb() != null) {
            a.add("-dtb");
            a.add(os.dtb());
        }
        StringBuilder boot = new StringBuilder();
        if (Boolean.TRUE.equals(os.bootMenu())) {
            boot.append("menu=on");
            if (os.bootMenuTimeout() != null) {
                boot.append(",splash-time=").append(os.bootMenuTimeout());
            }
            boot.append(',');
        }
        boot.append("strict=on");
        a.add("-boot");
        a.add(boot.toString());
    }
}
