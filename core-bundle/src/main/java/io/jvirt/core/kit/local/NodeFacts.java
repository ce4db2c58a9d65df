package io.jvirt.core.kit.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.VirtException;

/**
 * The facts of the host a local driver runs on: {@code virNodeGetInfo} and
 * {@code virConnectGetHostname}, read as libvirt's {@code nodeGetInfo} reads them
 * ({@code virHostCPUGetInfoPopulateLinux} and {@code virHostMemGetInfo}):
 * <ul>
 * <li>model: the host architecture's name ("x86_64");</li>
 * <li>memory: {@code MemTotal} of {@code /proc/meminfo};</li>
 * <li>MHz: the last "cpu MHz" line of {@code /proc/cpuinfo} (x86; "clock" on POWER, none on ARM),
 *     the decimals dropped;</li>
 * <li>topology from sysfs: per NUMA node ({@code /sys/devices/system/node/nodeN}, or the whole
 *     {@code /sys/devices/system/cpu} when there are none) the online CPUs, the distinct sockets
 *     ({@code topology/physical_package_id}), the most distinct cores of a socket
 *     ({@code topology/core_id}) and the most thread siblings of a CPU
 *     ({@code topology/thread_siblings}); present and online CPUs from {@code cpu/present} and
 *     {@code cpu/online};</li>
 * <li>when nodes × sockets × cores × threads is not the number of CPUs (online and offline), the
 *     topology is not symmetric and libvirt reports 1 node, 1 socket, all CPUs as cores, 1 thread.</li>
 * </ul>
 * Reading is cheap (a few small files) and done at each call: CPUs can go on and off line.
 */
public final class NodeFacts {

    private final Path proc;
    private final Path sysSystem;
    private final String arch;
    private final ErrorDomain errorDomain;

    /** The local host's facts, errors in {@code errorDomain}. */
    public static NodeFacts local(ErrorDomain errorDomain) {
        return new NodeFacts(Path.of("/proc"), Path.of("/sys/devices/system"), hostArch(), errorDomain);
    }

    /**
     * Facts read under other roots (tests: a copy of another machine's files).
     *
     * @param proc      what stands for {@code /proc}
     * @param sysSystem what stands for {@code /sys/devices/system}
     * @param arch      the architecture's libvirt name
     */
    public NodeFacts(Path proc, Path sysSystem, String arch, ErrorDomain errorDomain) {
        this.proc = proc;
        this.sysSystem = sysSystem;
        this.arch = arch;
        this.errorDomain = errorDomain;
    }

    /** libvirt's name of the JVM's architecture ({@code virArchFromHost}). */
    public static String hostArch() {
        String a = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64" -> "x86_64";
            case "x86", "i386", "i486", "i586", "i686" -> "i686";
            case "aarch64", "arm64" -> "aarch64";
            case "ppc64le" -> "ppc64le";
            default -> a;
        };
    }

    /**
     * The host name: the kernel's ({@code gethostname}, {@code /proc/sys/kernel/hostname} of the
     * driver's UTS namespace). libvirt's {@code virGetHostname} also asks the resolver for the
     * canonical name of a name without a dot; jvirt does not (no name service call on a console
     * command).
     */
    public String hostname() {
        String h;
        try {
            h = Files.readString(proc.resolve("sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException u) {
                throw new VirtException(ErrorCode.SYSTEM_ERROR, errorDomain, "cannot get the host name: " + u.getMessage(), u);
            }
        }
        if (h.isEmpty()) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, errorDomain, "the host has no name");
        }
        return h;
    }

    /** {@code virNodeGetInfo}. */
    public NodeInfo nodeInfo() {
        long memKiB = memTotalKiB();
        int mhz = mhz();
        BitSet present = cpuList(sysSystem.resolve("cpu/present"));
        BitSet online = cpuList(sysSystem.resolve("cpu/online"));
        if (present.isEmpty()) {
            present = (BitSet) online.clone();
        }
        int cpus = 0;
        int nodes = 0;
        int sockets = 0;
        int cores = 0;
        int threads = 0;
        int[] offline = new int[1];
        for (Path node : numaNodes()) {
            Topology t = topology(node, present, online, offline);
            nodes++;
            cpus += t.cpus();
            sockets = Math.max(sockets, t.sockets());
            cores = Math.max(cores, t.cores());
            threads = Math.max(threads, t.threads());
        }
        if (cpus == 0 || nodes == 0) {
            offline[0] = 0;
            Topology t = topology(sysSystem.resolve("cpu"), present, online, offline);
            nodes = 1;
            cpus = t.cpus();
            sockets = t.sockets();
            cores = t.cores();
            threads = t.threads();
        }
        if (cpus == 0) {
            throw internal("no CPUs found");
        }
        if (sockets == 0) {
            throw internal("no sockets found");
        }
        if (threads == 0) {
            throw internal("no threads found");
        }
        if ((long) nodes * sockets * cores * threads != cpus + offline[0]) {
            // not a symmetric topology: say so the way libvirt does
            nodes = 1;
            sockets = 1;
            cores = cpus + offline[0];
            threads = 1;
        }
        return new NodeInfo(arch, memKiB, cpus, mhz, nodes, sockets, cores, threads);
    }

    private record Topology(int cpus, int sockets, int cores, int threads) {
    }

    /** libvirt's {@code virHostCPUParseNode} over the cpuN entries of {@code dir}. */
    private Topology topology(Path dir, BitSet present, BitSet online, int[] offline) {
        List<Integer> inNode = new java.util.ArrayList<>();
        for (int cpu : cpuEntries(dir)) {
            if (present.get(cpu)) {
                inNode.add(cpu);
            }
        }
        inNode.sort(null);
        int processors = 0;
        int threads = 0;
        Map<Integer, java.util.Set<Integer>> coresBySocket = new TreeMap<>();
        for (int cpu : inNode) {
            if (!online.get(cpu)) {
                offline[0]++;
                continue;
            }
            processors++;
            Path topo = sysSystem.resolve("cpu").resolve("cpu" + cpu).resolve("topology");
            int socket = (int) number(topo.resolve("physical_package_id"), 0);
            int core = (int) number(topo.resolve("core_id"), 0);
            coresBySocket.computeIfAbsent(socket, k -> new java.util.HashSet<>()).add(core);
            threads = Math.max(threads, siblings(topo.resolve("thread_siblings")));
        }
        int cores = 0;
        for (java.util.Set<Integer> c : coresBySocket.values()) {
            cores = Math.max(cores, c.size());
        }
        return new Topology(processors, coresBySocket.size(), cores, threads);
    }

    private List<Path> numaNodes() {
        List<Path> out = new java.util.ArrayList<>();
        Path dir = sysSystem.resolve("node");
        if (!Files.isDirectory(dir)) {
            return out; // not a NUMA host
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "node[0-9]*")) {
            ds.forEach(out::add);
        } catch (IOException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }

    /** The N of every cpuN entry in {@code dir}. */
    private static List<Integer> cpuEntries(Path dir) {
        List<Integer> out = new java.util.ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "cpu[0-9]*")) {
            for (Path p : ds) {
                out.add(Integer.parseInt(p.getFileName().toString().substring(3)));
            }
        } catch (IOException | NumberFormatException e) {
            // what was found counts
        }
        return out;
    }

    /** The bits set in a sysfs CPU mask ("00000003" or "ff,ffffffff"), at least 1 (the CPU itself). */
    private static int siblings(Path mask) {
        try {
            int n = 0;
            for (char c : Files.readString(mask, StandardCharsets.US_ASCII).trim().toCharArray()) {
                if (c != ',') {
                    n += Integer.bitCount(Character.digit(c, 16));
                }
            }
            return Math.max(n, 1);
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    /** A sysfs CPU list ("0-3,8,10-11"); empty when unreadable. */
    static BitSet cpuList(Path file) {
        BitSet b = new BitSet();
        try {
            String s = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (s.isEmpty()) {
                return b;
            }
            for (String part : s.split(",")) {
                int dash = part.indexOf('-');
                if (dash < 0) {
                    b.set(Integer.parseInt(part.trim()));
                } else {
                    b.set(Integer.parseInt(part.substring(0, dash).trim()), Integer.parseInt(part.substring(dash + 1).trim()) + 1);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new BitSet();
        }
        return b;
    }

    private static long number(Path file, long dflt) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | RuntimeException e) {
            return dflt;
        }
    }

    private long memTotalKiB() {
        try {
            for (String line : Files.readAllLines(proc.resolve("meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.substring(9).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, errorDomain, "cannot read " + proc.resolve("meminfo") + ": " + e.getMessage(), e);
        }
        throw internal("no MemTotal in " + proc.resolve("meminfo"));
    }

    /** libvirt's {@code virHostCPUParseFrequency}: the last line with the architecture's prefix wins. */
    private int mhz() {
        String prefix = switch (arch) {
            case "x86_64", "i686" -> "cpu MHz";
            case "ppc64", "ppc64le" -> "clock";
            case "s390x" -> "cpu MHz dynamic";
            default -> null; // ARM has no sensible way; others are not parsed either
        };
        if (prefix == null) {
            return 0;
        }
        int mhz = 0;
        try {
            for (String line : Files.readAllLines(proc.resolve("cpuinfo"), StandardCharsets.UTF_8)) {
                if (!line.startsWith(prefix)) {
                    continue;
                }
                String rest = line.substring(prefix.length()).strip();
                if (!rest.startsWith(":")) {
                    continue; // "cpu MHz dynamic" is not "cpu MHz"
                }
                String v = rest.substring(1).strip();
                int end = 0;
                while (end < v.length() && Character.isDigit(v.charAt(end))) {
                    end++;
                }
                if (end > 0) {
                    mhz = (int) Math.min(Integer.MAX_VALUE, Long.parseLong(v.substring(0, end)));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0; // libvirt warns and reports 0
        }
        return mhz;
    }

    private VirtException internal(String msg) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, errorDomain, msg);
    }
}
