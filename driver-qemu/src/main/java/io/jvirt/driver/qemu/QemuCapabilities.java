package io.jvirt.driver.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * What one QEMU binary can do, probed by running it (libvirt's {@code virQEMUCaps}): its version
 * ({@code -version}), machine types ({@code -machine help}), CPU models ({@code -cpu help}) and
 * whether KVM really works (a short paused VM with {@code -accel kvm}, asked through QMP). The
 * result is cached until the binary changes (modification time and size), as libvirt does.
 */
final class QemuCapabilities {

    private static final Logger LOG = LoggerFactory.getLogger(QemuCapabilities.class);
    private static final Pattern VERSION = Pattern.compile("QEMU emulator version (\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /** A machine type; {@code canonical} is set for aliases ("pc" of "pc-i440fx-7.2"). */
    record Machine(String name, String canonical, boolean isDefault) {
    }

    /** One probe result. {@code version} as libvirt encodes it: major * 1,000,000 + minor * 1,000 + micro. */
    record Info(Path emulator, long version, List<Machine> machines, List<String> cpuModels, boolean kvm,
                String kvmReason) {

        /** The canonical default machine type ("pc-i440fx-7.2"), or "pc". */
        String defaultMachine() {
            return machines.stream().filter(Machine::isDefault).map(Machine::name).findFirst().orElse("pc");
        }

        /** The canonical name of {@code name} (aliases resolved), or null when QEMU has no such machine. */
        String canonicalMachine(String name) {
            for (Machine m : machines) {
                if (m.name().equals(name)) {
                    return m.canonical() != null ? m.canonical() : m.name();
                }
            }
            return null;
        }
    }

    private record Stamp(Path path, long mtime, long size) {
    }

    private final long probeTimeoutMillis;
    private final java.util.function.Supplier<Path> scratchDir;
    private final QemuCapabilitiesCache disk;
    private Stamp stamp;
    private Info cached;
    /** The device whose presence makes the KVM trial worth running (tests point it elsewhere). */
    private Path kvmDevice = Path.of("/dev/kvm");

    /**
     * @param scratchDir where the KVM probe puts its monitor socket: a private directory, made or checked when asked
     * @param cacheDir   where probe results are kept across restarts, or null for none
     */
    QemuCapabilities(long probeTimeoutMillis, java.util.function.Supplier<Path> scratchDir, Path cacheDir) {
        this.probeTimeoutMillis = probeTimeoutMillis;
        this.scratchDir = scratchDir;
        this.disk = cacheDir == null ? null : new QemuCapabilitiesCache(cacheDir);
    }

    /** @param scratchDir a private directory (the probe's socket goes there) */
    QemuCapabilities(long probeTimeoutMillis, Path scratchDir) {
        this(probeTimeoutMillis, () -> io.jvirt.core.kit.PrivateDirectory.ensure(scratchDir, ErrorDomain.QEMU), null);
    }

    /** Test seam: the KVM trial runs when {@code device} exists. */
    QemuCapabilities kvmDevice(Path device) {
        this.kvmDevice = device;
        return this;
    }

    /** The capabilities of {@code emulator}, probed again only when the binary changed (or the host rebooted). */
    synchronized Info get(Path emulator) {
        Stamp now = stampOf(emulator);
        if (cached != null && now.equals(stamp)) {
            return cached;
        }
        Info stored = disk == null ? null : disk.load(emulator, now.mtime(), now.size());
        if (stored != null) {
            stamp = now;
            cached = stored;
            return stored;
        }
        long t0 = System.nanoTime();
        Info info = probe(emulator);
        if (disk != null) {
            disk.store(info, now.mtime(), now.size());
        }
        LOG.info("probed {}: version {}, {} machine types, {} CPU models, KVM {} ({} ms)", emulator, info.version(),
            info.machines().size(), info.cpuModels().size(), info.kvm() ? "usable" : "not usable: " + info.kvmReason(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        stamp = now;
        cached = info;
        return info;
    }

    private static Stamp stampOf(Path emulator) {
        try {
            BasicFileAttributes a = Files.readAttributes(emulator, BasicFileAttributes.class);
            return new Stamp(emulator, a.lastModifiedTime().toMillis(), a.size());
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU,
                "Cannot check QEMU binary " + emulator + ": " + e.getMessage(), e);
        }
    }

    private Info probe(Path emulator) {
        String version = run(emulator, "-version");
        Matcher m = VERSION.matcher(version);
        if (!m.find()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                "cannot parse " + emulator + " version number in '" + version.trim() + "'");
        }
        long v = Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)) * 1_000
            + (m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
        List<Machine> machines = parseMachines(run(emulator, "-machine", "help"));
        List<String> cpus = parseCpuModels(run(emulator, "-cpu", "help"));
        String kvmReason = probeKvm(emulator);
        return new Info(emulator, v, List.copyOf(machines), List.copyOf(cpus), kvmReason == null, kvmReason);
    }

    static List<Machine> parseMachines(String help) {
        List<Machine> out = new ArrayList<>();
        Pattern alias = Pattern.compile("\\(alias of ([^)]+)\\)");
        for (String line : help.split("\n")) {
            if (line.isBlank() || line.startsWith("Supported machines")) {
                continue;
            }
            String name = line.trim().split("\\s+")[0];
            Matcher a = alias.matcher(line);
            out.add(new Machine(name, a.find() ? a.group(1) : null, line.contains("(default)")));
        }
        return out;
    }

    static List<String> parseCpuModels(String help) {
        List<String> out = new ArrayList<>();
        for (String line : help.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("x86")) {
                out.add(f[1]);
            }
        }
        return out;
    }

    /**
     * Tries KVM for real: /dev/kvm can exist and still be unable to run a guest (nested setups,
     * stand-ins). Starts a paused, device-less VM with {@code -accel kvm}, asks {@code query-kvm},
     * then lets it run briefly and checks it is still running.
     *
     * @return null when KVM works, else why not
     */
    private String probeKvm(Path emulator) {
        if (!Files.exists(kvmDevice)) {
            return kvmDevice + " does not exist";
        }
        Path dir;
        try {
            dir = Files.createTempDirectory(scratchDir.get(), "kvm-probe"); // 0700, random, in a private directory
        } catch (IOException | VirtException e) {
            return "cannot create a probe directory: " + e.getMessage();
        }
        Path sock = dir.resolve("qmp.sock");
        Path log = dir.resolve("probe.log");
        // one deadline for the whole trial, whatever step the binary stalls in
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(probeTimeoutMillis);
        Process p = null;
        try {
            // output to a file, never a pipe: a child left holding it open cannot stall the trial
            p = new ProcessBuilder(kvmTrialArgs(emulator, sock)).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            Process proc = p;
            try (QmpMonitor mon = QmpMonitor.connect(sock, "kvm-probe", new QmpMonitor.Listener() {
                @Override
                public void onEvent(String event, Map<String, Object> data) {
                }

                @Override
                public void onEof() {
                }
            }, left(deadline), proc::isAlive)) {
                Map<String, Object> kvm = QmpJson.object(mon.execute("query-kvm", null, left(deadline)));
                if (!Boolean.TRUE.equals(kvm.get("enabled")) || !Boolean.TRUE.equals(kvm.get("present"))) {
                    return "QEMU reports KVM " + kvm;
                }
                mon.execute("cont", null, left(deadline));
                Thread.sleep(Math.min(200, left(deadline)));
                Map<String, Object> st = QmpJson.object(mon.execute("query-status", null, left(deadline)));
                if (!"running".equals(st.get("status"))) {
                    return "a KVM guest does not run (status " + st.get("status") + ")";
                }
                return null;
            }
        } catch (VirtException e) {
            String out = readQuietly(log);
            return out.isBlank() ? e.getMessage() : out.trim();
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            if (p != null) {
                killWithDescendants(p);
            }
            deleteQuietly(sock);
            deleteQuietly(log);
            deleteQuietly(dir);
        }
    }

    /** Milliseconds until {@code deadline}, at least 1 (a step then fails at once with its timeout). */
    private static long left(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /**
     * Ends the trial's process and every process it started (taken before it dies: orphans are
     * re-parented and no longer its descendants), as core's HostCommand does at its deadline.
     */
    private static void killWithDescendants(Process p) {
        java.util.List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The KVM trial's command line: a paused, device-less VM with a QMP socket (its path escaped as every option value). */
    static List<String> kvmTrialArgs(Path emulator, Path sock) {
        return List.of(emulator.toString(), "-machine", "none", "-accel", "kvm", "-S", "-nodefaults", "-display", "none",
            "-qmp", "unix:" + QemuCommandLine.escape(sock.toString()) + ",server=on,wait=off");
    }

    /** Runs the binary with {@code args}, returns its output; bounded by the probe timeout. */
    private String run(Path emulator, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(emulator.toString());
        cmd.addAll(List.of(args));
        io.jvirt.core.kit.HostCommand.Result out;
        try {
            out = io.jvirt.core.kit.HostCommand.run(cmd, probeTimeoutMillis, ErrorDomain.QEMU);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU,
                "Cannot run QEMU binary " + emulator + ": " + e.getMessage(), e);
        }
        if (out.status() != 0) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                "Failed to probe capabilities for " + emulator + ": " + out.text());
        }
        return out.text();
    }

    /** libvirt's capabilities XML for this binary: an x86_64 and an i686 guest, domain types qemu (and kvm when usable). */
    static String capabilitiesXml(Info info, String hostArch) {
        StringBuilder b = new StringBuilder("<capabilities>\n\n  <host>\n    <cpu>\n      <arch>")
            .append(hostArch).append("</arch>\n    </cpu>\n  </host>\n\n");
        Map<String, Integer> arches = new LinkedHashMap<>();
        arches.put("x86_64", 64);
        arches.put("i686", 32);
        for (Map.Entry<String, Integer> a : arches.entrySet()) {
            b.append("  <guest>\n    <os_type>hvm</os_type>\n    <arch name='").append(a.getKey()).append("'>\n")
                .append("      <wordsize>").append(a.getValue()).append("</wordsize>\n")
                .append("      <emulator>").append(info.emulator()).append("</emulator>\n");
            for (Machine m : info.machines()) {
                if (m.name().equals("none")) {
                    continue;
                }
                b.append("      <machine");
                if (m.canonical() != null) {
                    b.append(" canonical='").append(m.canonical()).append('\'');
                }
                b.append(" maxCpus='255'>").append(m.name()).append("</machine>\n");
            }
            b.append("      <domain type='qemu'/>\n");
            if (info.kvm()) {
                b.append("      <domain type='kvm'/>\n");
            }
            b.append("    </arch>\n  </guest>\n\n");
        }
        return b.append("</capabilities>\n").toString();
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", p, e.toString());
        }
    }
}
