package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * libvirt's container hardening (lxc_container.c, lxc_cgroup.c), checked FROM INSIDE real busybox
 * containers: the container's own root tries what a hostile container would try (write /proc/sys,
 * the sysrq trigger and /sys, make and read a node of this host's disk, load a module, open a device
 * node planted in its root filesystem) and every attempt must fail; what a container legitimately
 * needs (its own network sysctls, the allowed device nodes) must still work.
 */
class LxcHardeningTest {

    /** Capability numbers (linux/capability.h). */
    private static final Map<String, Integer> CAP = Map.ofEntries(Map.entry("chown", 0), Map.entry("dac_override", 1),
        Map.entry("kill", 5), Map.entry("setuid", 7), Map.entry("net_admin", 12), Map.entry("sys_module", 16),
        Map.entry("sys_rawio", 17), Map.entry("sys_chroot", 18), Map.entry("sys_admin", 21), Map.entry("sys_boot", 22),
        Map.entry("sys_nice", 23), Map.entry("sys_time", 25), Map.entry("mknod", 27), Map.entry("audit_control", 30),
        Map.entry("mac_admin", 33));

    @RegisterExtension
    final LxcSession lxc = new LxcSession();

    /** Runs the probe as the init of a busybox container named {@code name}; returns its results. */
    private Map<String, ContainerProbe.Result> run(String name, String features, ContainerProbe probe) throws Exception {
        Path results = lxc.fx.rootfs.resolve("tmp");
        String xml = lxc.fx.xml(name, probe.install(results, "/tmp"));
        if (features != null) {
            xml = xml.replace("</os>", "</os>\n  <features>" + features + "</features>");
        }
        lxc.conn.createXml(xml);
        return ContainerProbe.results(results);
    }

    @Test
    void procSysTheSysrqTriggerAndSysAreReadOnlyInsideTheContainer() throws Exception {
        String corePattern = Files.readString(Path.of("/proc/sys/kernel/core_pattern")).trim();
        ContainerProbe probe = new ContainerProbe()
            // uts-namespaced, so only the read-only mount stops it
            .check("hostname-knob", "echo pwned > /proc/sys/kernel/hostname")
            // global: the classic escape (a core_pattern pipe runs as host root); the value written is the current one
            .check("core-pattern", "cat /proc/sys/kernel/core_pattern > /tmp/cp && cat /tmp/cp > /proc/sys/kernel/core_pattern")
            .check("sysrq-trigger", "echo h > /proc/sysrq-trigger")
            .check("sys-write", "echo x > /sys/kernel/uevent_helper")
            .check("sys-create", "touch /sys/pwned")
            // libvirt keeps the container's own network sysctls writable (its own network namespace)
            .check("net-ipv4", "echo 1 > /proc/sys/net/ipv4/ip_forward")
            .copy("/proc/self/mountinfo");
        Map<String, ContainerProbe.Result> r = run("ro1", null, probe);
        assertTrue(r.get("hostname-knob").failed(), "/proc/sys/kernel/hostname written: " + r.get("hostname-knob"));
        assertTrue(r.get("core-pattern").failed(), "/proc/sys/kernel/core_pattern written: " + r.get("core-pattern"));
        assertEquals(corePattern, Files.readString(Path.of("/proc/sys/kernel/core_pattern")).trim());
        assertTrue(r.get("sysrq-trigger").failed(), "/proc/sysrq-trigger written: " + r.get("sysrq-trigger"));
        assertTrue(r.get("sys-write").failed(), "/sys written: " + r.get("sys-write"));
        assertTrue(r.get("sys-create").failed(), "/sys written: " + r.get("sys-create"));
        assertFalse(r.get("net-ipv4").failed(), "the container's own ipv4 sysctls stay writable: " + r.get("net-ipv4"));

        Mounts m = new Mounts(ContainerProbe.copied(lxc.fx.rootfs.resolve("tmp"), 0));
        assertTrue(m.top("/proc/sys").contains("ro"), "/proc/sys: " + m);
        assertTrue(m.top("/proc/sys/net/ipv4").contains("rw"), "/proc/sys/net/ipv4: " + m);
        if (Files.exists(Path.of("/proc/sysrq-trigger"))) {
            assertTrue(m.top("/proc/sysrq-trigger").contains("ro"), "/proc/sysrq-trigger: " + m);
        }
        // /sys and everything mounted below it read-only
        List<String> sys = m.under("/sys");
        assertFalse(sys.isEmpty(), m.toString());
        for (String mp : sys) {
            assertTrue(m.top(mp).contains("ro"), mp + " is writable: " + m);
        }
    }

    @Test
    void aContainerCanNeitherMakeNorReadANodeOfAHostDiskNorLoadAModule() throws Exception {
        try (LoopDisk disk = new LoopDisk(lxc.fx.tmp)) {
            ContainerProbe probe = new ContainerProbe()
                .check("mknod", "mknod /tmp/disk b " + disk.major + " " + disk.minor)
                .check("read", "dd if=/tmp/disk bs=" + LoopDisk.MARKER.length() + " count=1")
                .check("insmod", "insmod /bin/busybox")
                .check("caps", "grep CapBnd /proc/self/status");
            Map<String, ContainerProbe.Result> r = run("disk1", null, probe);
            assertTrue(r.get("mknod").failed(), "mknod of host disk " + disk.device + ": " + r.get("mknod"));
            assertTrue(r.get("mknod").output().contains("Operation not permitted"), r.get("mknod").toString());
            assertTrue(r.get("read").failed(), "read host disk " + disk.device + ": " + r.get("read"));
            assertFalse(r.get("read").output().contains(LoopDisk.MARKER), r.get("read").toString());
            assertTrue(r.get("insmod").failed(), r.get("insmod").toString());
            if (Files.exists(Path.of("/proc/modules"))) {
                assertTrue(r.get("insmod").output().contains("Operation not permitted"), r.get("insmod").toString());
            } // else this kernel has no module support at all (ENOSYS): the bounding set below is what matters
            // lxcContainerDropCapabilities, default policy: sys_module, sys_time, mknod, audit_control, mac_admin
            // go; sys_boot stays (containerised reboot); everything else stays
            long bnd = capBnd(r.get("caps"));
            for (String gone : List.of("sys_module", "sys_time", "mknod", "audit_control", "mac_admin")) {
                assertFalse(has(bnd, gone), gone + " still in the bounding set: " + r.get("caps"));
            }
            for (String kept : List.of("sys_admin", "sys_boot", "chown", "net_admin", "sys_nice")) {
                assertTrue(has(bnd, kept), kept + " dropped: " + r.get("caps"));
            }
        }
    }

    @Test
    void theDevicesCgroupAllowsOnlyLibvirtsNodesEvenWhenMknodIsKept() throws Exception {
        try (LoopDisk disk = new LoopDisk(lxc.fx.tmp)) {
            ContainerProbe probe = new ContainerProbe()
                .check("mknod", "mknod /dev/disk b " + disk.major + " " + disk.minor)
                .check("read", "dd if=/dev/disk bs=" + LoopDisk.MARKER.length() + " count=1")
                .check("urandom", "head -c 16 /dev/urandom | wc -c")
                .check("null", "echo x > /dev/null")
                .check("dev", "ls -a /dev");
            Map<String, ContainerProbe.Result> r = run("dev1", "<capabilities policy='default'><mknod state='on'/></capabilities>",
                probe);
            assertFalse(r.get("mknod").failed(), "mknod is kept as asked: " + r.get("mknod"));
            assertTrue(r.get("read").failed(), "host disk " + disk.device + " read through a node the container made: "
                + r.get("read"));
            assertTrue(r.get("read").output().contains("Operation not permitted"), r.get("read").toString());
            assertEquals("16", r.get("urandom").output());
            assertFalse(r.get("null").failed(), r.get("null").toString());
            Set<String> dev = new TreeSet<>(Arrays.asList(r.get("dev").output().split("\\s+")));
            dev.remove("disk");
            assertEquals(new TreeSet<>(List.of(".", "..", "fd", "full", "null", "ptmx", "pts", "random", "stderr", "stdin",
                "stdout", "tty", "urandom", "zero")), dev, "libvirt's /dev");
            if (!lxc.fx.layout.isV2()) {
                Domain d = lxc.conn.lookupByName("dev1");
                Path list = lxc.fx.cgroup(d).dirs().stream().filter(p -> p.toString().contains("devices")).findFirst()
                    .orElseThrow().resolve("devices.list");
                // virLXCCgroupSetupDeviceACL: deny all; mknod of anything (mknod kept); null, zero, full, random,
                // urandom, tty, ptmx, fuse; the pty slaves
                assertEquals(new TreeSet<>(List.of("b *:* m", "c *:* m", "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm",
                    "c 1:9 rwm", "c 5:0 rwm", "c 5:2 rwm", "c 10:229 rwm", "c 136:* rwm")),
                    new TreeSet<>(Files.readAllLines(list)));
            }
        }
    }

    @Test
    void aDeviceNodePlantedInTheRootFilesystemCannotBeOpened() throws Exception {
        try (LoopDisk disk = new LoopDisk(lxc.fx.tmp)) {
            // made on the host, where the container cannot (someone with write access to the root filesystem)
            LxcFixture.sh("mknod", lxc.fx.rootfs.resolve("tmp/hostdisk").toString(), "b", disk.major, disk.minor);
            ContainerProbe probe = new ContainerProbe()
                .check("read", "dd if=/tmp/hostdisk bs=" + LoopDisk.MARKER.length() + " count=1")
                .copy("/proc/self/mountinfo");
            Map<String, ContainerProbe.Result> r = run("plant1", null, probe);
            assertTrue(r.get("read").failed(), "host disk " + disk.device + " read through a planted node: " + r.get("read"));
            assertFalse(r.get("read").output().contains(LoopDisk.MARKER), r.get("read").toString());
            // the root (like every filesystem but /dev) is nodev: the rule that holds on cgroup v2 too
            Mounts m = new Mounts(ContainerProbe.copied(lxc.fx.rootfs.resolve("tmp"), 0));
            assertTrue(m.top("/").contains("nodev"), "/: " + m);
        }
    }

    @Test
    void aContainerWithoutARootFilesystemGetsItsOwnProcSysAndDev() throws Exception {
        Path results = lxc.fx.tmp.resolve("shared-results");
        ContainerProbe probe = new ContainerProbe()
            .check("pid1", "tr '\\0' ' ' < /proc/1/cmdline")
            .check("dev", "ls /dev")
            .check("hostname-knob", "echo pwned > /proc/sys/kernel/hostname")
            .copy("/proc/self/mountinfo");
        String init = probe.install(results, results.toString());
        // the host's own shell as init, and no <filesystem target='/'>: the host's root is shared
        String xml = lxc.fx.xml("shared1", init).replaceAll("(?s)<filesystem.*?</filesystem>\\s*", "");
        Domain d = lxc.conn.createXml(xml);
        Map<String, ContainerProbe.Result> r = ContainerProbe.results(results);
        assertTrue(r.get("pid1").output().contains("probe.sh"), "/proc is the container's: pid 1 is " + r.get("pid1"));
        for (String hostDev : hostDisks()) {
            assertFalse(Arrays.asList(r.get("dev").output().split("\\s+")).contains(hostDev),
                "the host's /dev (" + hostDev + ") in the container: " + r.get("dev"));
        }
        assertTrue(r.get("hostname-knob").failed(), r.get("hostname-knob").toString());
        Mounts m = new Mounts(ContainerProbe.copied(results, 0));
        assertTrue(m.top("/proc/sys").contains("ro"), m.toString());
        for (String mp : m.under("/sys")) {
            assertTrue(m.top(mp).contains("ro"), mp + " is writable: " + m);
        }
        // libvirt's virLXCProcessEnsureRootFS: the live definition names the shared root
        assertTrue(d.xmlDesc().matches("(?s).*<filesystem type='mount'[^>]*>\\s*<source dir='/'/>\\s*<target dir='/'/>.*"),
            d.xmlDesc());
        d.destroy();
    }

    @Test
    void capabilityPoliciesAreLibvirts() throws Exception {
        // allow: only what is switched off goes
        Map<String, ContainerProbe.Result> allow = run("capallow", "<capabilities policy='allow'><sys_nice state='off'/>"
            + "</capabilities>", new ContainerProbe().check("caps", "grep CapBnd /proc/self/status"));
        long a = capBnd(allow.get("caps"));
        assertFalse(has(a, "sys_nice"), allow.get("caps").toString());
        assertTrue(has(a, "sys_module") && has(a, "mknod") && has(a, "sys_admin"), allow.get("caps").toString());
        lxc.conn.lookupByName("capallow").destroy();
        Files.delete(lxc.fx.rootfs.resolve("tmp/done"));

        // deny: only what is switched on stays
        Map<String, ContainerProbe.Result> deny = run("capdeny", "<capabilities policy='deny'><sys_admin state='on'/>"
            + "<chown state='on'/><kill state='on'/></capabilities>", new ContainerProbe().check("caps", "grep CapBnd /proc/self/status"));
        long dn = capBnd(deny.get("caps"));
        long expected = (1L << CAP.get("sys_admin")) | (1L << CAP.get("chown")) | (1L << CAP.get("kill"));
        assertEquals(Long.toHexString(expected), Long.toHexString(dn), deny.get("caps").toString());
        lxc.conn.lookupByName("capdeny").destroy();

        // the launcher needs sys_admin to build the container: dropping it is refused, not ignored
        VirtException e = assertThrows(VirtException.class, () -> lxc.conn.createXml(lxc.fx.xml("capnoadmin", LxcFixture.LOOP)
            .replace("</os>", "</os><features><capabilities policy='deny'/></features>")));
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("sys_admin"), e.getMessage());
        // libvirt's parser: unknown capability names are an XML error
        VirtException x = assertThrows(VirtException.class, () -> lxc.conn.defineXml(lxc.fx.xml("capbad", LxcFixture.LOOP)
            .replace("</os>", "</os><features><capabilities policy='default'><sys_pwn state='off'/></capabilities></features>")));
        assertEquals(ErrorCode.XML_ERROR, x.code());
        assertEquals("XML error: unexpected capability feature 'sys_pwn'", x.getMessage());
    }

    @Test
    void initenvReachesOnlyTheContainersInitNeverTheHostSideLauncher() throws Exception {
        String xml = lxc.fx.xml("env1", LxcFixture.LOOP).replace("<initenv name='GREETING'>hello</initenv>",
            "<initenv name='GREETING'>hello</initenv><initenv name='LD_PRELOAD'>/nonexistent/evil.so</initenv>"
                + "<initenv name='PATH'>/evil/bin</initenv>");
        Domain d = lxc.conn.createXml(xml);
        long init = statusPid("env1");
        long launcher = ProcFs.parent(init);
        Map<String, String> launcherEnv = environ(launcher);
        assertFalse(launcherEnv.containsKey("LD_PRELOAD"), "host-side launcher " + launcher + ": " + launcherEnv);
        assertFalse(launcherEnv.containsKey("GREETING"), launcherEnv.toString());
        assertFalse("/evil/bin".equals(launcherEnv.get("PATH")), launcherEnv.toString());
        // init: libvirt's lxcContainerBuildInitCmd environment, then the domain's initenv (which may override)
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("PATH", "/evil/bin");
        expected.put("TERM", "linux");
        expected.put("container", "lxc-libvirt");
        expected.put("HOME", "/");
        expected.put("container_uuid", d.uuidString());
        expected.put("LIBVIRT_LXC_UUID", d.uuidString());
        expected.put("LIBVIRT_LXC_NAME", "env1");
        expected.put("GREETING", "hello");
        expected.put("LD_PRELOAD", "/nonexistent/evil.so");
        assertEquals(new TreeSet<>(expected.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()),
            new TreeSet<>(environ(init).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        d.destroy();

        // names as libvirt's schema allows them: [a-zA-Z_]+[a-zA-Z0-9_]*
        for (String bad : List.of("A-B", "9LIVES", "X Y", "A=B", "")) {
            VirtException e = assertThrows(VirtException.class, () -> lxc.conn.defineXml(lxc.fx.xml("envbad", LxcFixture.LOOP)
                .replace("name='GREETING'", "name='" + bad + "'")), bad);
            assertEquals(ErrorCode.XML_ERROR, e.code(), bad);
        }
        lxc.conn.defineXml(lxc.fx.xml("envok", LxcFixture.LOOP).replace("name='GREETING'", "name='_ok_9'")).undefine();
    }

    @Test
    void aFileConsoleIsNeverOpenedThroughASymbolicLink() throws Exception {
        Path victim = lxc.fx.tmp.resolve("victim");
        Files.writeString(victim, "root:secret:19000:0:99999:7:::\n");
        Path link = lxc.fx.tmp.resolve("console.out");
        Files.createSymbolicLink(link, victim);
        VirtException e = assertThrows(VirtException.class, () -> lxc.conn.createXml(lxc.fx.xml("fcon1", "echo pwned; " + LxcFixture.LOOP)
            .replace("</devices>", "<console type='file'><source path='" + link + "'/></console>\n</devices>")));
        assertEquals(ErrorCode.SYSTEM_ERROR, e.code(), e.getMessage());
        assertEquals("root:secret:19000:0:99999:7:::\n", Files.readString(victim), "the link's target was written");

        // a directory on the path that is a link (the container may own that directory) is refused too
        Path real = Files.createDirectories(lxc.fx.tmp.resolve("realdir"));
        Path linkDir = lxc.fx.tmp.resolve("linkdir");
        Files.createSymbolicLink(linkDir, real);
        VirtException d = assertThrows(VirtException.class, () -> lxc.conn.createXml(lxc.fx.xml("fcon2", LxcFixture.LOOP)
            .replace("</devices>", "<console type='file'><source path='" + linkDir.resolve("c.out") + "'/></console>\n</devices>")));
        assertEquals(ErrorCode.SYSTEM_ERROR, d.code(), d.getMessage());
        assertFalse(Files.exists(real.resolve("c.out")), "created through the link");
        assertEquals(0, lxc.conn.numOfDomains());
    }

    // ---------- helpers ----------

    /** This host's block devices (from /proc/partitions). */
    private static List<String> hostDisks() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/partitions"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4 && f[0].matches("\\d+")) {
                out.add(f[3]);
            }
        }
        assertFalse(out.isEmpty(), "no block device in /proc/partitions");
        return out;
    }

    private static long capBnd(ContainerProbe.Result r) {
        assertFalse(r.failed(), r.toString());
        return Long.parseUnsignedLong(r.output().replace("CapBnd:", "").trim(), 16);
    }

    private static boolean has(long caps, String name) {
        return (caps & (1L << CAP.get(name))) != 0;
    }

    private long statusPid(String name) throws IOException {
        return Long.parseLong(Files.readAllLines(lxc.fx.stateDir.resolve("status/" + name + ".status")).stream()
            .filter(l -> l.startsWith("pid=")).findFirst().orElseThrow().substring(4));
    }

    private static Map<String, String> environ(long pid) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8).split("\0")) {
            if (!kv.isEmpty()) {
                int eq = kv.indexOf('=');
                out.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return out;
    }

    /** A container's /proc/self/mountinfo: the per-mount options of each mount point (the last mount on it is on top). */
    static final class Mounts {
        private final Map<String, List<String>> options = new LinkedHashMap<>();

        Mounts(String mountinfo) {
            for (String line : mountinfo.split("\n")) {
                String[] f = line.split(" ");
                if (f.length > 6) {
                    options.put(f[4].replace("\\040", " "), Arrays.asList(f[5].split(",")));
                }
            }
        }

        List<String> top(String mountPoint) {
            List<String> o = options.get(mountPoint);
            if (o == null) {
                throw new AssertionError("nothing mounted on " + mountPoint + ": " + this);
            }
            return o;
        }

        /** {@code dir} and every mount point below it. */
        List<String> under(String dir) {
            List<String> out = new ArrayList<>();
            for (String mp : options.keySet()) {
                if (mp.equals(dir) || mp.startsWith(dir + "/")) {
                    out.add(mp);
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return options.toString();
        }
    }
}
