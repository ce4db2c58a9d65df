package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainDefDefaults;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.domain.FilesystemDef;

/**
 * {@code domxml-from-native lxc-tools} against hostile input: every value lands in the domain XML as
 * data (never as markup), the result is a domain that parses back to itself, and an error names the
 * offending line by number, never by its text (the file may be one the caller cannot read).
 */
class LxcNativeConfigTest {

    private static final String HOSTILE = "x'\"<>&]]>y";

    @Test
    void lxcArchCannotInjectXml() {
        String xml = LxcNativeConfig.toDomainXml("lxc.uts.name = c1\nlxc.arch = x86_64'><pwned/><x a='\n");
        assertFalse(xml.contains("<pwned"), xml);
        DomainDef def = DomainXml.parse(xml, false, DomainDefDefaults.NONE);
        assertEquals("x86_64'><pwned/><x a='", def.os().arch());
    }

    @Test
    void capabilityNamesCannotInjectXml() {
        String xml = LxcNativeConfig.toDomainXml("lxc.uts.name = c1\nlxc.cap.drop = sys_module/><pwned state='on'/><x\n");
        assertFalse(xml.contains("pwned"), xml);
        // libvirt's lxcSetCapDrop: only the capabilities it knows are switched off
        String known = LxcNativeConfig.toDomainXml("lxc.uts.name = c1\nlxc.cap.drop = sys_module pwned mknod\n");
        assertTrue(known.contains("<mknod state='off'/>") && known.contains("<sys_module state='off'/>"), known);
        assertFalse(known.contains("pwned"), known);
    }

    @Test
    void everyValueIsDataAndTheResultParsesBackToItself() {
        // free-text values: they come out exactly as written
        String config = String.join("\n",
            "lxc.uts.name = n" + HOSTILE,
            "lxc.rootfs.path = /srv/r" + HOSTILE,
            "lxc.arch = a" + HOSTILE,
            "lxc.mount.entry = /src" + HOSTILE + " dst" + HOSTILE + " none bind,ro 0 0",
            "lxc.net.0.type = veth",
            "lxc.net.0.link = br" + HOSTILE,
            "lxc.net.0.name = eth" + HOSTILE,
            "lxc.idmap = u 100000 0 65536", // libvirt reads "type target start count"
            "lxc.idmap = g 100000 0 65536",
            "");
        String xml = LxcNativeConfig.toDomainXml(config);
        assertFalse(xml.contains("<>") || xml.contains("]]>"), xml);
        // a second parse and format changes nothing: no value became markup
        assertEquals(xml, DomainXml.format(DomainXml.parse(xml, false, DomainDefDefaults.NONE)));
        DomainDef def = DomainXml.parse(xml, false, DomainDefDefaults.NONE);
        assertEquals("n" + HOSTILE, def.name());
        assertEquals("a" + HOSTILE, def.os().arch());
        List<FilesystemDef> fss = def.filesystems();
        assertEquals("/srv/r" + HOSTILE, fss.get(0).source());
        assertEquals("/src" + HOSTILE, fss.get(1).source());
        assertEquals("/dst" + HOSTILE, fss.get(1).target());
        assertEquals("br" + HOSTILE, def.interfaces().get(0).sourceBridge());

        // values the domain model checks (cpusets, numbers, addresses): refused, and never quoted back
        for (String key : List.of("lxc.cgroup.cpuset.cpus = 0", "lxc.cgroup.cpuset.mems = 0", "lxc.cgroup.cpu.shares = 1",
            "lxc.cgroup.blkio.weight = 5", "lxc.net.0.hwaddr = 52:54", "lxc.net.0.ipv4.address = 10.0.0.1",
            "lxc.net.0.ipv4.gateway = 10.0.0.254")) {
            String c = "lxc.uts.name = c\nlxc.net.0.type = veth\n" + key + HOSTILE + "\n";
            try {
                String out = LxcNativeConfig.toDomainXml(c);
                assertEquals(out, DomainXml.format(DomainXml.parse(out, false, DomainDefDefaults.NONE)), key);
                assertFalse(out.contains("<>"), key + ": " + out);
            } catch (VirtException e) {
                assertFalse(e.getMessage().contains(HOSTILE) || e.getMessage().contains("]]>"), key + ": " + e.getMessage());
            }
        }
    }

    @Test
    void errorsNameTheLineNeverItsText() {
        String shadow = "lxc.uts.name = c1\n# a comment\nroot:$6$saltsalt$hashhashhash:19000:0:99999:7:::\n";
        VirtException e = assertThrows(VirtException.class, () -> LxcNativeConfig.toDomainXml(shadow));
        assertEquals(ErrorCode.CONF_SYNTAX, e.code());
        assertFalse(e.getMessage().contains("root") || e.getMessage().contains("hash"), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());

        for (String bad : List.of("lxc.tty.max = secret-value", "lxc.idmap = secret value", "lxc.mount.entry = secret",
            "lxc.cgroup.memory.limit_in_bytes = secret", "lxc.net.0.type = secret",
            "lxc.cgroup.blkio.device_weight = secret")) {
            VirtException v = assertThrows(VirtException.class, () -> LxcNativeConfig.toDomainXml("lxc.uts.name = c\n" + bad + "\n"),
                bad);
            assertFalse(v.getMessage().contains("secret"), bad + ": " + v.getMessage());
            assertTrue(v.getMessage().contains("line 2"), bad + ": " + v.getMessage());
        }
    }

    @Test
    void aHugeTtyCountIsRefusedNotAllocated() {
        VirtException e = assertThrows(VirtException.class,
            () -> LxcNativeConfig.toDomainXml("lxc.uts.name = c\nlxc.tty.max = 2000000000\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
