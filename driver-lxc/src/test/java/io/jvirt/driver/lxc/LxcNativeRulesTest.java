package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.LibvirtSchemas;

/**
 * {@code domxml-from-native lxc-tools} rule by rule, each case from libvirt 9.0's
 * lxc_native.c (lxcParseConfigString and its helpers), virconf.c (the file's syntax), virstring.c
 * and virutil.c (numbers and sizes), virbitmap.c (CPU lists) and virsocketaddr.c (addresses).
 * Where libvirt's converter writes a domain its own parser refuses, the parser's rule is the
 * expectation. Every domain converted here validates against libvirt's domain.rng.
 */
class LxcNativeRulesTest {

    private static final String BASE = "lxc.uts.name = c\nlxc.rootfs.path = /srv/c\n";

    @BeforeAll
    static void schemas() {
        LibvirtSchemas.require();
    }

    private static String conv(String config) {
        String xml = LxcNativeConfig.toDomainXml(config);
        LibvirtSchemas.assertValid("domain.rng", xml, "the conversion of\n" + config);
        return xml;
    }

    private static String with(String extra) {
        return conv(BASE + extra);
    }

    private static VirtException refused(String config) {
        return assertThrows(VirtException.class, () -> LxcNativeConfig.toDomainXml(config), config);
    }

    private static void has(String xml, String... fragments) {
        for (String f : fragments) {
            assertTrue(xml.contains(f), "no " + f + " in\n" + xml);
        }
    }

    // ---- virconf: the file's syntax ----

    @Test
    void quotedValuesLoseTheirQuotesAndMayCarryAComment() {
        has(conv("lxc.uts.name = 'c1'\nlxc.rootfs.path = \"/srv/c 1\"   # the root\n"),
            "<name>c1</name>", "<source dir='/srv/c 1'/>");
    }

    @Test
    void theFirstOfTwoEqualKeysCounts() {
        has(conv("lxc.uts.name = first\nlxc.uts.name = second\nlxc.rootfs.path = /a\nlxc.rootfs.path = /b\n"),
            "<name>first</name>", "<source dir='/a'/>");
    }

    @Test
    void aKeyLibvirtCannotNameIsASyntaxErrorOfItsLine() {
        VirtException e = refused(BASE + "# hooks\nlxc.hook.pre-start = /bin/true\n");
        assertEquals(ErrorCode.CONF_SYNTAX, e.code());
        assertEquals(ErrorDomain.CONF, e.errorDomain());
        assertEquals("configuration file syntax error: memory conf:4: expecting an assignment", e.getMessage());
        assertEquals("configuration file syntax error: memory conf:3: unterminated string",
            refused(BASE + "lxc.arch = 'x86\n").getMessage());
        // virconf counts the line ends it skipped: a file of one empty line fails on line 2
        assertEquals("configuration file syntax error: memory conf:2: expecting a name", refused("\n").getMessage());
    }

    @Test
    void blanksAtTheEndOfAValueStayPartOfIt() {
        // virConfParseString's trim starts at the line end, so it never removes anything
        VirtException e = refused(BASE + "lxc.tty.max = 2 \n");
        assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
        assertEquals("internal error: line 3: failed to parse int", e.getMessage());
    }

    @Test
    void theConfigEndsAtItsFirstNul() {
        has(conv(BASE + "lxc.tty.max = 1\n\0lxc.tty.max = junk\n"), "<target type='lxc' port='0'/>");
    }

    // ---- name and root filesystem ----

    @Test
    void aNameAndARootFilesystemAreRequired() {
        assertEquals(ErrorCode.INTERNAL_ERROR, refused("lxc.rootfs.path = /srv/c\n").code());
        assertEquals(ErrorCode.INTERNAL_ERROR, refused("lxc.uts.name = c\n").code());
        has(conv("lxc.utsname = old\nlxc.rootfs = /srv/old\n"), "<name>old</name>", "<source dir='/srv/old'/>");
        has(conv("lxc.utsname = old\nlxc.uts.name = new\nlxc.rootfs = /old\nlxc.rootfs.path = /new\n"),
            "<name>new</name>", "<source dir='/new'/>");
        VirtException slash = refused("lxc.uts.name = a/b\nlxc.rootfs.path = /srv/c\n");
        assertEquals(ErrorCode.XML_ERROR, slash.code());
        assertTrue(slash.getMessage().contains("line 1"), slash.getMessage());
    }

    @Test
    void theRootFilesystemIsTakenAsWritten() {
        has(conv("lxc.uts.name = c\nlxc.rootfs.path = /var/lib/lxc/c/../c/rootfs\n"),
            "<source dir='/var/lib/lxc/c/../c/rootfs'/>");
        has(conv("lxc.uts.name = c\nlxc.rootfs.path = /dev/vg/c\n"),
            "<filesystem type='block' accessmode='passthrough'>", "<source dev='/dev/vg/c'/>");
    }

    @Test
    void aFilesystemSourceLibvirtsSchemaRefusesIsRefused() {
        // libvirt's converter writes them as they are, into a domain its schema refuses
        for (String config : List.of("lxc.uts.name = c\nlxc.rootfs.path = dir:/var/lib/lxc/c/rootfs\n",
            BASE + "lxc.mount.entry = devpts dev/pts devpts gid=5 0 0\n",
            BASE + "lxc.mount.entry = /dev/shm dev/shm tmpfs size=1m 0 0\n")) {
            VirtException e = refused(config);
            assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code(), config);
            assertTrue(e.getMessage().contains("line " + (config.startsWith(BASE) ? 3 : 2) + ": "), e.getMessage());
        }
    }

    // ---- lxc.mount.entry ----

    @Test
    void anFstabFileIsRefusedAsLibvirtRefusesIt() {
        VirtException e = refused(BASE + "lxc.mount.fstab = /var/lib/lxc/c/fstab\n");
        assertEquals(ErrorCode.ARGUMENT_UNSUPPORTED, e.code());
        assertEquals("argument unsupported: lxc.mount.fstab or lxc.mount found, use lxc.mount.entry lines instead",
            e.getMessage());
    }

    @Test
    void everyMountEntryBecomesAFilesystem() {
        String xml = with(String.join("\n",
            "lxc.mount.entry = /srv/data mnt/data ext4 defaults 0 0",
            "lxc.mount.entry = /dev/sdb1\t/mnt/disk  ext4 ro 0 0",
            "lxc.mount.entry = /srv/logs /var/lib/lxc/c/rootfs/logs none bind 0 0",
            "lxc.mount.entry = securityfs sys/kernel/security securityfs ro 0 0",
            "lxc.mount.entry = tmpfs dev/shm tmpfs size=1G,mode=1777 0 0",
            "lxc.mount.entry = tmpfs tmp tmpfs mode=1777,size=2KiB,size=5m 0 0",
            "lxc.mount.entry = tmpfs run tmpfs size=1kB 0 0", ""));
        has(xml, "<source dir='/srv/data'/>\n      <target dir='/mnt/data'/>",
            "<filesystem type='block' accessmode='passthrough'>\n      <source dev='/dev/sdb1'/>\n      <target dir='/mnt/disk'/>\n      <readonly/>",
            "<target dir='/var/lib/lxc/c/rootfs/logs'/>",
            "<source usage='1048576' units='KiB'/>\n      <target dir='/dev/shm'/>",
            "<source usage='2' units='KiB'/>\n      <target dir='/tmp'/>",
            "<source usage='0' units='KiB'/>\n      <target dir='/run'/>");
        assertFalse(xml.contains("/sys/kernel/security"), xml);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lxc.mount.entry = tmpfs run tmpfs mode=0755 0 0|missing tmpfs size, set the size option",
        "lxc.mount.entry = tmpfs run tmpfs size=10% 0 0|can't convert relative size",
        "lxc.mount.entry = tmpfs run tmpfs size=8q 0 0|failed to convert size",
        "lxc.mount.entry = /srv/x mnt none|invalid lxc.mount.entry value"})
    void mountEntriesLibvirtRefusesAreRefused(String line, String message) {
        VirtException e = refused(BASE + line + "\n");
        assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
        assertEquals("internal error: line 3: " + message, e.getMessage());
    }

    // ---- networks ----

    @Test
    void withoutAnyNetworkLineTheContainerHasAPrivateNetwork() {
        has(with(""), "<privnet/>");
        for (String none : List.of("lxc.net.0.type = none", "lxc.net.0.type = empty", "lxc.network.type = empty",
            "lxc.net.0.type =")) {
            assertFalse(with(none + "\n").contains("privnet"), none);
        }
    }

    @Test
    void physAndVlanNetworksAreHostInterfacesGivenToTheContainer() {
        String xml = with(String.join("\n",
            "lxc.net.0.type = phys", "lxc.net.0.link = eth1", "lxc.net.0.ipv4.address = 10.0.0.2/24",
            "lxc.net.0.ipv4.gateway = 10.0.0.1", "lxc.net.0.hwaddr = 02:00:00:00:00:01",
            "lxc.net.1.type = vlan", "lxc.net.1.link = eth0", "lxc.net.1.vlan.id = 42",
            "lxc.net.2.type = vlan", "lxc.net.2.link = eth2", ""));
        has(xml, "<hostdev mode='capabilities' type='net'>\n      <source>\n        <interface>eth1</interface>\n      </source>\n"
                + "      <ip address='10.0.0.2' family='ipv4' prefix='24'/>\n      <route family='ipv4' address='0.0.0.0' gateway='10.0.0.1'/>",
            "<interface>eth0.42</interface>", "<interface>eth2</interface>");
        assertFalse(xml.contains("02:00:00:00:00:01"), xml);
        VirtException e = refused(BASE + "lxc.net.0.type = phys\n");
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertEquals("unsupported configuration: line 3: Missing 'link' attribute for NIC", e.getMessage());
    }

    @Test
    void macvlanIsADirectInterfaceInItsMode() {
        has(with("lxc.net.0.type = macvlan\nlxc.net.0.link = eth0\n"), "<source dev='eth0' mode='private'/>", "<link state='down'/>");
        has(with("lxc.net.0.type = macvlan\nlxc.net.0.link = eth0\nlxc.net.0.macvlan.mode = bridge\nlxc.net.0.flags = up\n"),
            "<source dev='eth0' mode='bridge'/>", "<link state='up'/>");
        // a mode libvirt does not know leaves its zero value, vepa
        has(with("lxc.net.0.type = macvlan\nlxc.net.0.link = eth0\nlxc.net.0.macvlan.mode = passthru\n"),
            "<source dev='eth0' mode='vepa'/>");
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, refused(BASE + "lxc.net.0.type = macvlan\n").code());
    }

    @Test
    void vethIsABridgedInterfaceOrAnEthernetOne() {
        String xml = with(String.join("\n", "lxc.network.type = veth", "lxc.network.link = br0", "lxc.network.name = eth0",
            "lxc.network.flags = down", "lxc.network.type = veth", "lxc.network.hwaddr = 02:00:00:AA:bb:0C", ""));
        has(xml, "<interface type='bridge'>", "<source bridge='br0'/>", "<guest dev='eth0'/>",
            "<interface type='ethernet'>\n      <mac address='02:00:00:aa:bb:0c'/>");
    }

    @Test
    void addressesAndGatewaysAreReadAsLibvirtReadsThem() {
        String xml = with(String.join("\n", "lxc.net.0.type = veth", "lxc.net.0.ipv4 = 10.1/8", "lxc.net.0.ipv4.address = 010.0.0.9/0",
            "lxc.net.0.ipv6.address = 2003:0db8:0:0:0:0:0:1/64", "lxc.net.0.ipv6 = ::ffff:1.2.3.4/96",
            "lxc.net.0.ipv4.gateway = 0x0a.0.0.1", "lxc.net.0.ipv6.gateway = 2003:DB8::FFFF", ""));
        has(xml, "<ip address='10.0.0.1' family='ipv4' prefix='8'/>", "<ip address='8.0.0.9' family='ipv4'/>",
            "<ip address='2003:db8::1' family='ipv6' prefix='64'/>", "<ip address='::ffff:1.2.3.4' family='ipv6' prefix='96'/>",
            "<route family='ipv4' address='0.0.0.0' gateway='10.0.0.1'/>",
            "<route family='ipv6' address='::' gateway='2003:db8::ffff'/>");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lxc.net.0.ipv4.address = 10.0.0.1|INVALID_ARG|Invalid CIDR address",
        "lxc.net.0.ipv4.address = 10.0.0.1/24 10.0.0.255|INVALID_ARG|Invalid CIDR address",
        "lxc.net.0.ipv4.address = fe80::1/64|INVALID_ARG|Invalid CIDR address",
        "lxc.net.0.ipv6.address = 10.0.0.1/24|INVALID_ARG|Invalid CIDR address",
        "lxc.net.0.ipv4.address = 10.0.0.1/33|XML_ERROR|Invalid prefix value in <ip>",
        "lxc.net.0.ipv4.address = 08.0.0.1/8|INVALID_ARG|Invalid CIDR address",
        "lxc.net.0.ipv4.gateway = auto|XML_ERROR|Domain interface: Bad gateway address in route definition",
        "lxc.net.0.ipv4.gateway = fe80::1|XML_ERROR|Domain interface: IPv4 family specified for non-IPv4 gateway in route definition",
        "lxc.net.0.hwaddr = 01:00:5e:00:00:01|XML_ERROR|expected unicast mac address, found multicast",
        "lxc.net.0.mtu = 1500|INTERNAL_ERROR|unsupported network setting",
        "lxc.net.0.veth.pair = vethc|INTERNAL_ERROR|unsupported network setting",
        "lxc.net.x.type = veth|INTERNAL_ERROR|the network setting has no network index"})
    void networkSettingsLibvirtRefusesAreRefused(String line, ErrorCode code, String message) {
        VirtException e = refused(BASE + "lxc.net.0.type = veth\n" + line + "\n");
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().endsWith("line 4: " + message), e.getMessage());
    }

    @Test
    void anInvalidHardwareAddressIsIgnoredAsLibvirtIgnoresIt() {
        String xml = with("lxc.net.0.type = veth\nlxc.net.0.hwaddr = 00:16:3e:xx:xx:xx\n");
        assertFalse(xml.contains("00:16:3e"), xml);
        // virMacAddrParse takes only ':' between octets (libvirt 9.0's libvirt.so refuses "2-0-0-a-b-c")
        assertFalse(with("lxc.net.0.type = veth\nlxc.net.0.hwaddr = 2-0-0-a-b-c\n").contains("02:00:00:0a"));
        has(with("lxc.net.0.type = veth\nlxc.net.0.hwaddr = 2:0:0:a:b:c\n"), "<mac address='02:00:00:0a:0b:0c'/>");
    }

    @Test
    void networkLinesAreGroupedAsLibvirtGroupsThem() {
        // a setting before any type line of the 2.x form
        assertEquals(ErrorCode.INTERNAL_ERROR, refused(BASE + "lxc.network.link = br0\n").code());
        // a 2.x network is network number 1 of the 3.x form: both lines describe one interface
        String xml = with("lxc.network.type = veth\nlxc.net.1.link = br0\n");
        has(xml, "<interface type='bridge'>", "<source bridge='br0'/>");
        assertEquals(1, xml.split("<interface ").length - 1, xml);
        // indexes in any order, each its own network, in the order they appear
        String two = with("lxc.net.7.type = veth\nlxc.net.3.type = veth\nlxc.net.7.link = br7\nlxc.net.3.link = br3\n");
        assertTrue(two.indexOf("br7") < two.indexOf("br3"), two);
    }

    @Test
    void networkTypesLibvirtHasNoDeviceForAreRefusedByName() {
        VirtException e = refused(BASE + "lxc.net.0.type = vxlan\n");
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertEquals("unsupported configuration: line 3: the network type is not supported", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lxc.net.0.type = veth; lxc.net.0.link = br<0>|the bridge name",
        "lxc.net.0.type = veth; lxc.net.0.name = eth 0|the guest interface name",
        "lxc.net.0.type = macvlan; lxc.net.0.link = eth 0|the host interface name",
        "lxc.net.0.type = phys; lxc.net.0.link = eth@0|the host interface name",
        "lxc.net.0.type = vlan; lxc.net.0.link = eth0; lxc.net.0.vlan.id = 2 3|the host interface name",
        "lxc.cgroup.cpu.shares = -1|the cpu shares",
        "lxc.cgroup.cpu.cfs_period_us = 999|the cfs period",
        "lxc.cgroup.cpu.cfs_quota_us = -2|the cfs quota",
        "lxc.cgroup.blkio.weight = 50|the blkio weight",
        "lxc.cgroup.blkio.device_weight = 8:0 1001|the device weight",
        "lxc.arch = armv7b|the architecture"})
    void valuesOutsideLibvirtsSchemaAreRefusedByTheirLine(String lines, String what) {
        String config = BASE + lines.replace("; ", "\n") + "\n";
        VirtException e = refused(config);
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code(), e.getMessage());
        int line = config.split("\n").length;
        assertEquals("unsupported configuration: line " + line + ": " + what + " is outside libvirt's domain schema",
            e.getMessage());
    }

    // ---- consoles and id maps ----

    @Test
    void consolesComeFromTheTtyCount() {
        String xml = with("lxc.tty = 1\nlxc.tty.max = 3\n");
        has(xml, "port='2'");
        assertFalse(xml.contains("port='3'"), xml);
        assertFalse(with("lxc.tty.max = 0\n").contains("<console"));
    }

    @Test
    void idMapsAreReadAsLibvirtsScanfReadsThem() {
        String xml = with("lxc.idmap = u 100000 0 65536 trailing words\nlxc.id_map = g 4294967396 0 10\n");
        // the host id is stored in an unsigned int: 4294967396 wraps to 100
        has(xml, "<uid start='0' target='100000' count='65536'/>", "<gid start='0' target='100' count='10'/>");
        assertEquals("internal error: line 3: invalid lxc.idmap", refused(BASE + "lxc.idmap = u 1 2\n").getMessage());
        assertEquals(ErrorCode.INTERNAL_ERROR, refused(BASE + "lxc.idmap = x 1 2 3\n").code());
        // what libvirt's domain parser then demands
        assertEquals("XML error: line 3: uid and gid should be mapped both",
            refused(BASE + "lxc.idmap = u 100000 0 65536\n").getMessage());
        assertEquals("XML error: line 3: You must map the root user of container",
            refused(BASE + "lxc.idmap = u 100000 1 65536\nlxc.idmap = g 100000 0 65536\n").getMessage());
    }

    // ---- cgroup settings ----

    @Test
    void memoryLimitsAreSizesInAnyOfLibvirtsUnits() {
        String xml = with("lxc.cgroup.memory.limit_in_bytes = 1GiB\nlxc.cgroup.memory.soft_limit_in_bytes = 512M\n"
            + "lxc.cgroup.memory.memsw.limit_in_bytes = -1\n");
        has(xml, "<memory unit='KiB'>1048576</memory>", "<hard_limit unit='KiB'>1048576</hard_limit>",
            "<soft_limit unit='KiB'>524288</soft_limit>");
        // -1 is "unlimited": libvirt does not write it
        assertFalse(xml.contains("swap_hard_limit"), xml);
        has(with("lxc.cgroup.memory.limit_in_bytes = 2MB\n"), "<memory unit='KiB'>1953</memory>");
        VirtException zero = refused(BASE + "lxc.cgroup.memory.limit_in_bytes = 512\n");
        assertEquals(ErrorCode.XML_ERROR, zero.code());
        assertEquals(ErrorCode.OVERFLOW, refused(BASE + "lxc.cgroup.memory.limit_in_bytes = -1\n").code());
    }

    @Test
    void cpuTuningIsWrittenAsLibvirtWritesIt() {
        String xml = with("lxc.cgroup.cpu.shares = 512\nlxc.cgroup.cpu.cfs_quota_us = 0\nlxc.cgroup.cpu.cfs_period_us = 0\n");
        has(xml, "<cputune>\n    <shares>512</shares>\n  </cputune>");
        VirtException e = refused(BASE + "lxc.cgroup.cpu.cfs_quota_us = 5 ms\n");
        assertEquals("internal error: line 3: failed to parse integer", e.getMessage());
    }

    @Test
    void cpuListsAreWrittenAsLibvirtWritesThem() {
        has(with("lxc.cgroup.cpuset.cpus = 1,2,5-7\nlxc.cgroup.cpuset.mems = 3,1,2\n"),
            "<vcpu placement='static' cpuset='1-2,5-7'>1</vcpu>", "<memory mode='strict' nodeset='1-3'/>");
        VirtException bad = refused(BASE + "lxc.cgroup.cpuset.cpus = 1-x\n");
        assertEquals(ErrorCode.INVALID_ARG, bad.code());
        assertEquals("invalid argument: line 3: Failed to parse bitmap", bad.getMessage());
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, refused(BASE + "lxc.cgroup.cpuset.mems = 1,^1\n").code());
    }

    @Test
    void blkioSettingsAreWrittenAsLibvirtWritesThem() {
        String xml = with(String.join("\n", "lxc.cgroup.blkio.weight = 0", "lxc.cgroup.blkio.device_weight = 8:0 0",
            "lxc.cgroup.blkio.leaf_weight = 8:32 100", "lxc.cgroup.blkio.throttle.write_iops_device = 8:48\t\t77 extra", ""));
        // zeros and settings libvirt does not know are not written, nor devices left without a value
        assertFalse(xml.contains("<weight>") || xml.contains("8:0") || xml.contains("8:32"), xml);
        has(xml, "<path>/dev/block/8:48</path>\n      <write_iops_sec>77</write_iops_sec>");
        // 1M is not a number: libvirt reads sizes only for memory
        assertEquals("internal error: line 3: failed to parse read_bps_device",
            refused(BASE + "lxc.cgroup.blkio.throttle.read_bps_device = 8:16 1M\n").getMessage());
        assertEquals("internal error: line 3: invalid lxc.cgroup.blkio.device_weight value",
            refused(BASE + "lxc.cgroup.blkio.device_weight = 8:16\n").getMessage());
    }

    // ---- capabilities and architecture ----

    @Test
    void capabilitiesAreDroppedByTheFirstLineAndLibvirtsExactNames() {
        String xml = with("lxc.cap.drop = sys_time SYS_MODULE  mknod\tsetfcap setgid\nlxc.cap.drop = sys_boot\n");
        has(xml, "<setgid state='off'/>\n      <sys_time state='off'/>");
        for (String kept : List.of("sys_module", "mknod", "setfcap", "sys_boot")) {
            assertFalse(xml.contains("<" + kept + " "), kept + ": " + xml);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"x86|i686", "amd64|x86_64", "i686|i686", "aarch64|aarch64", "ppc64le|ppc64le"})
    void architecturesAreLibvirtsNames(String lxc, String libvirt) {
        has(with("lxc.arch = " + lxc + "\n"), "<type arch='" + libvirt + "'>exe</type>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"i386", "arm64", "X86_64", "none", "x86_64'><pwned/>"})
    void anArchitectureLibvirtDoesNotNameIsLeftOut(String lxc) {
        has(with("lxc.arch = " + lxc + "\n"), "<type>exe</type>");
    }
}
