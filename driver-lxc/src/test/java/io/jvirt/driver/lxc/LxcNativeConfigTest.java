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
import io.jvirt.api.testing.LibvirtSchemas;

/**
 * {@code domxml-from-native lxc-tools} against hostile input: every value lands in the domain XML as
 * data (never as markup), the result is a domain that parses back to itself, and an error names the
 * offending line by number, never by its text (the file may be one the caller cannot read).
 */
class LxcNativeConfigTest {

    private static final String HOSTILE = "x'\"<>&]]>y";

    private static final String ROOT = "lxc.rootfs.path = /srv/c\n";

    @Test
    void lxcArchCannotInjectXml() {
        String xml = LxcNativeConfig.toDomainXml("lxc.uts.name = c1\n" + ROOT + "lxc.arch = x86_64'><pwned/><x a='\n");
        assertFalse(xml.contains("<pwned"), xml);
        // libvirt's virArchFromString knows no such architecture: the domain has none
        DomainDef def = DomainXml.parse(xml, false, DomainDefDefaults.NONE);
        assertEquals(null, def.os().arch());
    }

    @Test
    void capabilityNamesCannotInjectXml() {
        String xml = LxcNativeConfig.toDomainXml("lxc.uts.name = c1\n" + ROOT + "lxc.cap.drop = sys_module/><pwned state='on'/><x\n");
        assertFalse(xml.contains("pwned"), xml);
        // libvirt's lxcSetCapDrop: only the capabilities it knows are switched off
        String known = LxcNativeConfig.toDomainXml("lxc.uts.name = c1\n" + ROOT + "lxc.cap.drop = sys_module pwned mknod\n");
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
            "lxc.net.0.link = br0",
            "lxc.idmap = u 100000 0 65536", // libvirt reads "type target start count"
            "lxc.idmap = g 100000 0 65536",
            "");
        String xml = LxcNativeConfig.toDomainXml(config);
        assertFalse(xml.contains("<>") || xml.contains("]]>"), xml);
        LibvirtSchemas.require();
        LibvirtSchemas.assertValid("domain.rng", xml, "a conversion of hostile values");
        // a second parse and format changes nothing: no value became markup
        assertEquals(xml, DomainXml.format(DomainXml.parse(xml, false, DomainDefDefaults.NONE)));
        DomainDef def = DomainXml.parse(xml, false, DomainDefDefaults.NONE);
        assertEquals("n" + HOSTILE, def.name());
        assertEquals(null, def.os().arch()); // not one of libvirt's architecture names
        List<FilesystemDef> fss = def.filesystems();
        assertEquals("/srv/r" + HOSTILE, fss.get(0).source());
        assertEquals("/src" + HOSTILE, fss.get(1).source());
        assertEquals("/dst" + HOSTILE, fss.get(1).target());
        assertEquals("br0", def.interfaces().get(0).sourceBridge());

        // values libvirt or its schema check (cpusets, numbers, addresses, device names): refused, and never quoted back
        for (String key : List.of("lxc.net.0.link = br", "lxc.net.0.name = eth", "lxc.cgroup.cpuset.cpus = 0",
            "lxc.cgroup.cpuset.mems = 0", "lxc.cgroup.cpu.shares = 1",
            "lxc.cgroup.blkio.weight = 5", "lxc.net.0.hwaddr = 52:54", "lxc.net.0.ipv4.address = 10.0.0.1",
            "lxc.net.0.ipv4.gateway = 10.0.0.254")) {
            String c = "lxc.uts.name = c\n" + ROOT + "lxc.net.0.type = veth\n" + key + HOSTILE + "\n";
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
        assertEquals("configuration file syntax error: memory conf:3: expecting an assignment", e.getMessage());

        for (String bad : List.of("lxc.tty.max = secret-value", "lxc.idmap = secret value", "lxc.mount.entry = secret",
            "lxc.cgroup.memory.limit_in_bytes = secret", "lxc.net.0.type = secret",
            "lxc.cgroup.blkio.device_weight = secret")) {
            VirtException v = assertThrows(VirtException.class,
                () -> LxcNativeConfig.toDomainXml("lxc.uts.name = c\n" + ROOT + bad + "\n"), bad);
            assertFalse(v.getMessage().contains("secret"), bad + ": " + v.getMessage());
            assertTrue(v.getMessage().contains("line 3"), bad + ": " + v.getMessage());
        }
    }

    @Test
    void aHugeTtyCountIsRefusedNotAllocated() {
        VirtException e = assertThrows(VirtException.class,
            () -> LxcNativeConfig.toDomainXml("lxc.uts.name = c\n" + ROOT + "lxc.tty.max = 2000000000\n"));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }
}
