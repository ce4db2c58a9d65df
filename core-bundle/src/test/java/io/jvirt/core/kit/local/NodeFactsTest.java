package io.jvirt.core.kit.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NodeInfo;
import io.jvirt.core.kit.HostCommand;

/**
 * virNodeGetInfo as libvirt's nodeGetInfo reads it: checked against this machine's own files
 * through other programs' readings of them (lscpu, getconf, free), and against made-up sysfs trees
 * for the topologies this machine does not have (NUMA, offline CPUs, an asymmetric topology).
 */
class NodeFactsTest {

    @TempDir
    Path dir;

    private static Map<String, String> lscpu() throws IOException {
        HostCommand.Result r = HostCommand.run(List.of("lscpu"), Map.of("LC_ALL", "C", "PATH", HostPrograms.SYSTEM_PATH),
            10_000, ErrorDomain.NONE);
        Map<String, String> out = new HashMap<>();
        for (String line : r.output().split("\n")) {
            int c = line.indexOf(':');
            if (c > 0) {
                out.put(line.substring(0, c).trim(), line.substring(c + 1).trim());
            }
        }
        return out;
    }

    @Test
    void thisMachineAsLscpuGetconfAndFreeSeeIt() throws Exception {
        NodeInfo n = NodeFacts.local(ErrorDomain.QEMU).nodeInfo();
        Map<String, String> l = lscpu();
        assertEquals(l.get("Architecture"), n.model());
        String online = HostCommand.run(List.of("getconf", "_NPROCESSORS_ONLN"), 10_000, ErrorDomain.NONE).text();
        assertEquals(Integer.parseInt(online), n.cpus(), "online CPUs");
        String mem = HostCommand.run(List.of("free", "-k"), Map.of("LC_ALL", "C", "PATH", HostPrograms.SYSTEM_PATH),
            10_000, ErrorDomain.NONE).output().lines().filter(s -> s.startsWith("Mem:")).findFirst().orElseThrow();
        assertEquals(Long.parseLong(mem.split("\\s+")[1]), n.memoryKiB(), "MemTotal");
        long product = (long) n.nodes() * n.sockets() * n.cores() * n.threads();
        if (product == n.cpus()) {
            // a symmetric topology, as lscpu reports it
            assertEquals(Integer.parseInt(l.get("Socket(s)")), n.sockets() * n.nodes(), "sockets: " + n + " " + l);
            assertEquals(Integer.parseInt(l.get("Core(s) per socket")), n.cores(), "cores: " + n);
            assertEquals(Integer.parseInt(l.get("Thread(s) per core")), n.threads(), "threads: " + n);
        } else {
            assertEquals(1, n.nodes());
            assertEquals(n.cpus(), n.cores());
        }
        assertTrue(n.mhz() >= 0);
        if (n.model().equals("x86_64")) {
            String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
            assertEquals(cpuinfo.contains("cpu MHz"), n.mhz() > 0, "MHz from /proc/cpuinfo: " + n.mhz());
        }
    }

    @Test
    void theHostNameIsTheKernels() throws Exception {
        String h = NodeFacts.local(ErrorDomain.QEMU).hostname();
        assertEquals(HostCommand.run(List.of("hostname"), Map.of("PATH", HostPrograms.SYSTEM_PATH), 10_000, ErrorDomain.NONE).text(), h);
    }

    /** A made-up /sys/devices/system: cpuN with topology, present and online lists, NUMA nodes. */
    private Path sys(String present, String online, int[][] cpus, int[][] nodes) throws IOException {
        Path sys = dir.resolve("sys");
        Path cpu = sys.resolve("cpu");
        Files.createDirectories(cpu);
        Files.writeString(cpu.resolve("present"), present + "\n");
        Files.writeString(cpu.resolve("online"), online + "\n");
        for (int[] c : cpus) { // {cpu, socket, core, siblings mask}
            Path topo = Files.createDirectories(cpu.resolve("cpu" + c[0]).resolve("topology"));
            Files.writeString(topo.resolve("physical_package_id"), c[1] + "\n");
            Files.writeString(topo.resolve("core_id"), c[2] + "\n");
            Files.writeString(topo.resolve("thread_siblings"), Integer.toHexString(c[3]) + "\n");
        }
        if (nodes != null) {
            for (int i = 0; i < nodes.length; i++) {
                Path node = Files.createDirectories(sys.resolve("node").resolve("node" + i));
                for (int c : nodes[i]) {
                    Files.createDirectories(node.resolve("cpu" + c));
                }
            }
        }
        return sys;
    }

    private Path proc(String cpuinfo) throws IOException {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       16318036 kB\nMemFree:         1000 kB\n");
        Files.writeString(proc.resolve("cpuinfo"), cpuinfo);
        return proc;
    }

    @Test
    void twoNumaNodesOfOneSocketOfTwoCoresOfTwoThreads() throws Exception {
        int[][] cpus = new int[8][];
        for (int c = 0; c < 8; c++) {
            int socket = c / 4;
            int core = (c % 4) / 2;
            int mask = 3 << (c / 2 * 2);
            cpus[c] = new int[] {c, socket, core, mask};
        }
        Path sys = sys("0-7", "0-7", cpus, new int[][] {{0, 1, 2, 3}, {4, 5, 6, 7}});
        Path proc = proc("processor\t: 0\ncpu MHz\t\t: 2400.000\nprocessor\t: 1\ncpu MHz\t\t: 3100.999\n");
        NodeInfo n = new NodeFacts(proc, sys, "x86_64", ErrorDomain.QEMU).nodeInfo();
        assertEquals(new NodeInfo("x86_64", 16318036, 8, 3100, 2, 1, 2, 2), n, "the last cpu MHz line, decimals dropped");
    }

    @Test
    void anOfflineCpuIsNotCountedButKeepsTheTopologySymmetric() throws Exception {
        Path sys = sys("0-3", "0-2", new int[][] {{0, 0, 0, 1}, {1, 0, 1, 2}, {2, 0, 2, 4}, {3, 0, 3, 8}}, null);
        NodeInfo n = new NodeFacts(proc(""), sys, "x86_64", ErrorDomain.QEMU).nodeInfo();
        assertEquals(3, n.cpus());
        assertEquals(0, n.mhz(), "no frequency in /proc/cpuinfo");
        // 1 node x 1 socket x 3 cores x 1 thread is not 3 online + 1 offline: libvirt's fallback
        assertEquals(new NodeInfo("x86_64", 16318036, 3, 0, 1, 1, 4, 1), n);
    }

    @Test
    void anAsymmetricTopologyIsReportedAsOneSocketOfCores() throws Exception {
        // socket 0 has two cores, socket 1 one: 1 x 2 x 2 x 1 = 4, but there are 3 CPUs
        Path sys = sys("0-2", "0-2", new int[][] {{0, 0, 0, 1}, {1, 0, 1, 2}, {2, 1, 0, 4}}, null);
        NodeInfo n = new NodeFacts(proc("cpu MHz\t: 1000\n"), sys, "x86_64", ErrorDomain.QEMU).nodeInfo();
        assertEquals(new NodeInfo("x86_64", 16318036, 3, 1000, 1, 1, 3, 1), n);
    }

    @Test
    void cpuListsAreRangesAndSingles() throws Exception {
        Path f = dir.resolve("list");
        Files.writeString(f, "0-3,8,10-11\n");
        assertEquals("{0, 1, 2, 3, 8, 10, 11}", NodeFacts.cpuList(f).toString());
        Files.writeString(f, "garbage");
        assertFalse(NodeFacts.cpuList(f).get(0));
    }
}
