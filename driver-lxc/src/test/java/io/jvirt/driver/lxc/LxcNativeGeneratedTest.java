package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDefDefaults;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.testing.LibvirtSchemas;

/**
 * Seeded random LXC configs, built from every key the converter reads and values libvirt accepts
 * and refuses: each one converts to a domain that validates against libvirt's domain.rng and is a
 * fixed point of the domain model, or is refused with a VirtException (never another exception),
 * whose message never quotes a value of the config.
 */
class LxcNativeGeneratedTest {

    private static final long SEED = 20240915L;
    private static final int CONFIGS = Integer.getInteger("jvirt.lxc.generated", 3000);
    private static final String SECRET = "s3cr3t";

    private static final List<String> KEYS = List.of("lxc.uts.name", "lxc.utsname", "lxc.rootfs.path", "lxc.rootfs",
        "lxc.arch", "lxc.mount.entry", "lxc.tty.max", "lxc.tty", "lxc.idmap", "lxc.id_map", "lxc.cap.drop",
        "lxc.cgroup.memory.limit_in_bytes", "lxc.cgroup.memory.soft_limit_in_bytes",
        "lxc.cgroup.memory.memsw.limit_in_bytes", "lxc.cgroup.cpu.shares", "lxc.cgroup.cpu.cfs_quota_us",
        "lxc.cgroup.cpu.cfs_period_us", "lxc.cgroup.cpuset.cpus", "lxc.cgroup.cpuset.mems", "lxc.cgroup.blkio.weight",
        "lxc.cgroup.blkio.device_weight", "lxc.cgroup.blkio.throttle.read_bps_device",
        "lxc.cgroup.blkio.throttle.write_iops_device", "lxc.network.type", "lxc.network.link", "lxc.network.ipv4",
        "lxc.net.0.type", "lxc.net.0.link", "lxc.net.0.hwaddr", "lxc.net.0.flags", "lxc.net.0.name",
        "lxc.net.0.ipv4.address", "lxc.net.0.ipv6.address", "lxc.net.0.ipv4.gateway", "lxc.net.0.ipv6.gateway",
        "lxc.net.1.type", "lxc.net.1.link", "lxc.net.1.vlan.id", "lxc.net.1.macvlan.mode", "lxc.autodev", "lxc.pts");

    private static final List<String> VALUES = List.of("c1", "/srv/c1", "/dev/vg/c1", "x86", "amd64", "aarch64", "0", "1",
        "2", "-1", "4", "1024", "512M", "1G", "8m", "10%", "1,2,5-7", "0-3,^2", "1,^1", "u 100000 0 65536",
        "g 100000 0 65536", "u 1 1 1", "sys_module mknod", "8:0 100", "8:16 5", "veth", "macvlan", "phys", "vlan",
        "none", "empty", "vxlan", "br0", "eth0", "02:00:15:8f:05:c1", "01:00:00:00:00:01", "up", "10.0.0.2/24",
        "10.1/8", "fe80::1/64", "10.0.0.1", "::1", "bepa", "private", "tmpfs run tmpfs size=8m 0 0",
        "/etc/hosts etc/hosts none bind,ro 0 0", "proc proc proc defaults 0 0", "devpts dev/pts devpts gid=5 0 0",
        "'quoted'", "a'\"<>&" + SECRET, SECRET + " " + SECRET, "", " ");

    @Test
    void everyGeneratedConfigConvertsToAValidDomainOrIsRefusedWithoutQuotingIt() {
        LibvirtSchemas.require();
        Random r = new Random(SEED);
        int converted = 0;
        for (int n = 0; n < CONFIGS; n++) {
            StringBuilder c = new StringBuilder("lxc.uts.name = c\nlxc.rootfs.path = /srv/c\n");
            int lines = r.nextInt(8);
            for (int i = 0; i < lines; i++) {
                c.append(KEYS.get(r.nextInt(KEYS.size()))).append(" = ").append(VALUES.get(r.nextInt(VALUES.size())))
                    .append(r.nextInt(10) == 0 ? "\r\n" : "\n");
            }
            String config = c.toString();
            String xml;
            try {
                xml = LxcNativeConfig.toDomainXml(config);
            } catch (VirtException e) {
                if (e.getMessage().contains(SECRET)) {
                    fail("the error quotes the config: " + e.getMessage() + "\n" + config);
                }
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("not a VirtException for\n" + config, e);
            }
            converted++;
            LibvirtSchemas.assertValid("domain.rng", xml, "the conversion of\n" + config);
            assertEquals(xml, DomainXml.format(DomainXml.parse(xml, false, DomainDefDefaults.NONE)), config);
        }
        System.out.printf("lxc-tools generated configs: %d/%d converted, the rest refused%n", converted, CONFIGS);
        assertTrue(converted > CONFIGS / 10, "too few generated configs convert (" + converted + "): the generator is off");
    }

    @Test
    void arbitraryTextIsAConfigOrASyntaxErrorNeverACrash() {
        LibvirtSchemas.require();
        Random r = new Random(SEED);
        String alphabet = "lxc.utsnamerotfph=#'\"\n\r\t ;\0/\\0123456789-_";
        for (int n = 0; n < CONFIGS; n++) {
            StringBuilder c = new StringBuilder(r.nextBoolean() ? "lxc.uts.name = c\nlxc.rootfs.path = /srv/c\n" : "");
            int len = r.nextInt(60);
            for (int i = 0; i < len; i++) {
                c.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String config = c.toString();
            try {
                String xml = LxcNativeConfig.toDomainXml(config);
                LibvirtSchemas.assertValid("domain.rng", xml, "the conversion of\n" + config);
            } catch (VirtException e) {
                // refused: fine
            } catch (RuntimeException e) {
                throw new AssertionError("not a VirtException for " + config.replace("\0", "\\0"), e);
            }
        }
    }
}
