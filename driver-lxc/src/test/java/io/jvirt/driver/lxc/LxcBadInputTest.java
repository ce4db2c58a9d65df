package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;

/** Bad input gives a clear error and leaves nothing behind: no cgroup, no process, no status file. */
class LxcBadInputTest {

    @RegisterExtension
    final LxcSession lxc = new LxcSession();

    private void assertNothingLeft(String name) throws Exception {
        // no container cgroup at all under the test's private parent (they are named by UUID)
        for (Path d : lxc.fx.layout.at(lxc.fx.cgroupParent).dirs()) {
            if (Files.isDirectory(d)) {
                try (var children = Files.list(d)) {
                    assertEquals(List.of(), children.filter(Files::isDirectory).toList(), "stray cgroup of " + name);
                }
            }
        }
        assertFalse(Files.exists(lxc.fx.stateDir.resolve("status/" + name + ".status")), "stray status file");
        assertEquals(0, lxc.conn.numOfDomains());
        // no process of ours still runs a launcher for this domain
        Path script = lxc.fx.stateDir.resolve("run/" + name + ".sh");
        ProcessHandle.allProcesses().forEach(p -> assertFalse(
            p.info().arguments().map(a -> List.of(a).contains(script.toString())).orElse(false), "stray launcher " + p.pid()));
    }

    @Test
    void aMissingRootDirectoryIsRefused() throws Exception {
        String xml = lxc.fx.xml("nor", LxcFixture.LOOP).replace(lxc.fx.rootfs.toString(), lxc.fx.rootfs + "-missing");
        Domain d = lxc.conn.defineXml(xml);
        VirtException e = assertThrows(VirtException.class, d::create);
        assertEquals(ErrorCode.NO_SOURCE, e.code());
        assertTrue(e.getMessage().contains(lxc.fx.rootfs + "-missing"), e.getMessage());
        assertEquals(DomainState.SHUTOFF, d.state().state());
        assertNothingLeft("nor");
    }

    @Test
    void anInitThatDoesNotExistIsRefused() throws Exception {
        String xml = lxc.fx.xml("noinit", LxcFixture.LOOP).replace("<init>/bin/sh</init>", "<init>/sbin/nothing</init>");
        VirtException e = assertThrows(VirtException.class, () -> lxc.conn.createXml(xml));
        assertTrue(e.getMessage().contains("/sbin/nothing"), e.getMessage());
        assertNothingLeft("noinit");
        assertEquals(ErrorCode.NO_DOMAIN, assertThrows(VirtException.class, () -> lxc.conn.lookupByName("noinit")).code());
    }

    @Test
    void anInitThatCannotBeExecutedFailsTheStartAndIsCleanedUp() throws Exception {
        // a dynamically linked program whose loader is not in the busybox root: exec fails inside
        Files.copy(Path.of(HostTools.find("mkdir").toRealPath().toString()), lxc.fx.rootfs.resolve("bin/dyn"));
        String xml = lxc.fx.xml("noexec", LxcFixture.LOOP).replace("<init>/bin/sh</init>", "<init>/bin/dyn</init>");
        VirtException e = assertThrows(VirtException.class, () -> lxc.conn.createXml(xml));
        assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
        assertTrue(e.getMessage().startsWith("internal error: guest failed to start"), e.getMessage());
        assertNothingLeft("noexec");
    }

    @Test
    void aNameThatWouldEscapeTheStateDirectoryIsRefused() throws Exception {
        // the domain model refuses '/' in names as libvirt does (XML error) ...
        String xml = lxc.fx.xml("../escape", LxcFixture.LOOP);
        assertEquals(ErrorCode.XML_ERROR, assertThrows(VirtException.class, () -> lxc.conn.defineXml(xml)).code());
        assertEquals(ErrorCode.XML_ERROR, assertThrows(VirtException.class, () -> lxc.conn.createXml(xml)).code());
        // ... and the driver refuses the names its files and cgroups cannot carry
        String hidden = lxc.fx.xml("..", LxcFixture.LOOP);
        VirtException e = assertThrows(VirtException.class, () -> lxc.conn.createXml(hidden));
        assertEquals(ErrorCode.INVALID_ARG, e.code());
        assertTrue(e.getMessage().contains("cannot be used as a file name"), e.getMessage());
        assertEquals(ErrorCode.INVALID_ARG, assertThrows(VirtException.class, () -> lxc.conn.defineXml(hidden)).code());
        assertFalse(Files.exists(lxc.fx.stateDir.resolve("escape.xml")));
        assertFalse(Files.exists(lxc.fx.stateDir.resolve("config")) && Files.list(lxc.fx.stateDir.resolve("config")).findAny().isPresent());
        assertFalse(lxc.fx.layout.at(lxc.fx.cgroupParent + "/../escape").exists());
        assertTrue(lxc.fx.layout.at(lxc.fx.cgroupParent).dirs().stream().noneMatch(Files::exists), "no cgroup was made");
        assertEquals(0, lxc.conn.listAllDomains().size());
    }

    @Test
    void aHostInterfaceTheDriverCannotGiveIsRefusedNotIgnored() throws Exception {
        // what 'lxc.net.0.type = phys' (or vlan) converts to: libvirt moves the host's interface into
        // the container; a start without it would be a container on another network than it asked for
        String xml = lxc.fx.xml("phys", LxcFixture.LOOP).replace("  </devices>",
            "    <hostdev mode='capabilities' type='net'><source><interface>eth7</interface></source></hostdev>\n  </devices>");
        Domain d = lxc.conn.defineXml(xml);
        VirtException e = assertThrows(VirtException.class, d::create);
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("<hostdev>"), e.getMessage());
        assertEquals(DomainState.SHUTOFF, d.state().state());
        d.undefine();
        assertNothingLeft("phys");
    }

    @Test
    void onlyLxcExeDomainsAreAccepted() {
        String xml = lxc.fx.xml("hvm", LxcFixture.LOOP).replace("<type>exe</type>", "<type>hvm</type>");
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, assertThrows(VirtException.class, () -> lxc.conn.defineXml(xml)).code());
        String kvm = lxc.fx.xml("kvm", LxcFixture.LOOP).replace("type='lxc'", "type='kvm'");
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, assertThrows(VirtException.class, () -> lxc.conn.defineXml(kvm)).code());
    }

    @Test
    void domxmlFromNativeGoesThroughTheApi() {
        String xml = lxc.conn.domainXmlFromNative("lxc-tools", "lxc.rootfs.path = /srv/c1\nlxc.uts.name = c1\n");
        assertTrue(xml.contains("<name>c1</name>") && xml.contains("<source dir='/srv/c1'/>"), xml);
        assertEquals(ErrorCode.INVALID_ARG,
            assertThrows(VirtException.class, () -> lxc.conn.domainXmlFromNative("xen-xm", "")).code());
    }

    @Test
    void aHostWithoutCgroupControllersRefusesToOpenWithTheReason() throws Exception {
        Path mountinfo = Files.createTempFile("mountinfo", "");
        try {
            Files.writeString(mountinfo, "35 24 0:30 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw\n");
            LxcDriver crippled = new LxcDriver(lxc.fx.settings(), mountinfo, io.jvirt.core.kit.NetworkResolver.NONE);
            VirtException e = assertThrows(VirtException.class,
                () -> StandaloneConnector.create(null, crippled).open("lxc:///"));
            assertTrue(e.getMessage().contains("lxc state driver is not active")
                && e.getMessage().contains("memory"), e.getMessage());
        } finally {
            Files.delete(mountinfo);
        }
    }

    @Test
    void onlyTheSystemPathIsAccepted() {
        VirtException e = assertThrows(VirtException.class,
            () -> StandaloneConnector.create(null, lxc.driver).open("lxc:///session"));
        assertTrue(e.getMessage().contains("try lxc:///system"), e.getMessage());
    }
}
