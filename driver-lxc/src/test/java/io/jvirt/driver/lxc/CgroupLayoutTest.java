package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runtime detection of cgroup v1 and v2 from mountinfo (no real cgroups touched). */
class CgroupLayoutTest {

    @TempDir
    Path tmp;

    private CgroupLayout detect(String mountinfo) throws Exception {
        Path f = tmp.resolve("mountinfo");
        Files.writeString(f, mountinfo);
        return CgroupLayout.detect(f, "jvirt-lxc");
    }

    @Test
    void v1WithSeparateOrCoMountedControllers() throws Exception {
        CgroupLayout l = detect("""
            30 24 0:26 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory
            31 24 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct
            32 24 0:28 / /sys/fs/cgroup/freezer rw,nosuid - cgroup cgroup rw,freezer
            34 24 0:31 / /sys/fs/cgroup/devices rw,nosuid - cgroup cgroup rw,devices
            33 24 0:29 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw
            """);
        assertNull(l.problem());
        assertFalse(l.isV2());
        java.util.UUID uuid = java.util.UUID.fromString("c7a5fdbd-cdaf-9455-926a-d65c16db1809");
        Cgroup c = l.at(l.relativePath(uuid));
        assertEquals(4, c.dirs().size(), "cpu and cpuacct share a directory: " + c.dirs());
        // named by the domain's UUID, never by its name
        assertTrue(c.dirs().contains(Path.of("/sys/fs/cgroup/cpu,cpuacct/jvirt-lxc/" + uuid)), c.dirs().toString());
        assertTrue(c.dirs().contains(Path.of("/sys/fs/cgroup/devices/jvirt-lxc/" + uuid)), c.dirs().toString());
    }

    @Test
    void v2WhenTheUnifiedHierarchyOffersTheControllers() throws Exception {
        Path v2 = Files.createDirectories(tmp.resolve("cg2"));
        Files.writeString(v2.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids\n");
        CgroupLayout l = detect("35 24 0:30 / " + v2 + " rw,nosuid - cgroup2 cgroup2 rw\n");
        assertNull(l.problem());
        assertTrue(l.isV2());
        java.util.UUID uuid = java.util.UUID.fromString("c7a5fdbd-cdaf-9455-926a-d65c16db1809");
        assertEquals(java.util.List.of(v2.resolve("jvirt-lxc/" + uuid)), l.at(l.relativePath(uuid)).dirs());
    }

    @Test
    void neitherNamesWhatIsMissing() throws Exception {
        Path v2 = Files.createDirectories(tmp.resolve("unified"));
        Files.writeString(v2.resolve("cgroup.controllers"), "hugetlb\n");
        CgroupLayout l = detect("30 24 0:26 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
            + "35 24 0:30 / " + v2 + " rw,nosuid - cgroup2 cgroup2 rw\n");
        assertTrue(l.problem().contains("cpu, cpuacct, devices, freezer"), l.problem());
    }

    @Test
    void v1WithoutTheDevicesControllerIsNotEnough() throws Exception {
        // libvirt's LXC driver refuses to start without the devices controller: no device rules, no containers
        CgroupLayout l = detect("""
            30 24 0:26 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory
            31 24 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct
            32 24 0:28 / /sys/fs/cgroup/freezer rw,nosuid - cgroup cgroup rw,freezer
            """);
        assertTrue(l.problem() != null && l.problem().contains("devices"), String.valueOf(l.problem()));
    }
}
