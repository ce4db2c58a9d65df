package io.jvirt.driver.qemu;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.VirtException;
import io.jvirt.core.kit.AtomicFiles;

/**
 * Probe results kept on disk (libvirt's {@code /var/cache/libvirt/qemu/capabilities}), so that a
 * restarted driver or container does not run the emulator four times before it can parse its
 * first definition. An entry is valid for the same binary (path, mtime, size) in the same host
 * boot: KVM's usability can change with a reboot (modules, firmware), never without one that the
 * binary stamp would not also show. A missing, stale or unreadable entry just means probing again.
 */
final class QemuCapabilitiesCache {

    private static final Logger LOG = LoggerFactory.getLogger(QemuCapabilitiesCache.class);
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private final Path dir;

    QemuCapabilitiesCache(Path dir) {
        this.dir = dir;
    }

    /** The cached probe of the binary with {@code stamp}, or null. */
    QemuCapabilities.Info load(Path emulator, long mtime, long size) {
        Path file = file(emulator);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            if (!emulator.toString().equals(p.getProperty("emulator"))
                || !Long.toString(mtime).equals(p.getProperty("mtime"))
                || !Long.toString(size).equals(p.getProperty("size"))
                || !bootId().equals(p.getProperty("boot"))) {
                return null;
            }
            List<QemuCapabilities.Machine> machines = new ArrayList<>();
            for (String m : split(p.getProperty("machines"))) {
                String[] f = m.split("\\|", -1);
                machines.add(new QemuCapabilities.Machine(f[0], f[1].isEmpty() ? null : f[1], Boolean.parseBoolean(f[2])));
            }
            boolean kvm = Boolean.parseBoolean(p.getProperty("kvm"));
            return new QemuCapabilities.Info(emulator, Long.parseLong(p.getProperty("version")), List.copyOf(machines),
                List.copyOf(split(p.getProperty("cpus"))), kvm, kvm ? null : p.getProperty("kvmReason", ""));
        } catch (IOException | RuntimeException e) {
            LOG.debug("ignoring the capabilities cache {}: {}", file, e.toString());
            return null;
        }
    }

    /** Keeps {@code info} for the binary with this stamp; a cache that cannot be written is only logged. */
    void store(QemuCapabilities.Info info, long mtime, long size) {
        Properties p = new Properties();
        p.setProperty("emulator", info.emulator().toString());
        p.setProperty("mtime", Long.toString(mtime));
        p.setProperty("size", Long.toString(size));
        p.setProperty("boot", bootId());
        p.setProperty("version", Long.toString(info.version()));
        List<String> machines = new ArrayList<>();
        for (QemuCapabilities.Machine m : info.machines()) {
            machines.add(m.name() + "|" + (m.canonical() == null ? "" : m.canonical()) + "|" + m.isDefault());
        }
        p.setProperty("machines", String.join(",", machines));
        p.setProperty("cpus", String.join(",", info.cpuModels()));
        p.setProperty("kvm", Boolean.toString(info.kvm()));
        if (info.kvmReason() != null) {
            p.setProperty("kvmReason", info.kvmReason());
        }
        Path file = file(info.emulator());
        try {
            StringWriter w = new StringWriter();
            p.store(w, "QEMU capabilities probed by jvirt; delete to probe again");
            // atomic, not durable: a lost entry is only probed again
            AtomicFiles.write(file, w.toString().getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException | VirtException e) {
            LOG.warn("cannot write the capabilities cache {}: {}", file, e.toString());
        }
    }

    private Path file(Path emulator) {
        return dir.resolve(String.format("%08x.properties", emulator.toAbsolutePath().toString().hashCode()));
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    private static String bootId() {
        try {
            return Files.readString(BOOT_ID, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "unknown"; // not Linux: the binary stamp alone decides
        }
    }
}
