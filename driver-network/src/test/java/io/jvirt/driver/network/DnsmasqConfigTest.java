package io.jvirt.driver.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.IpAddressText;
import io.jvirt.api.network.NetworkDef;
import io.jvirt.api.network.NetworkXml;

/** The rules of DnsmasqConfig that the conformance vectors do not reach. */
class DnsmasqConfigTest {

    private static final DnsmasqConfig.Paths PATHS = DnsmasqConfig.Paths.in("/run/jvirt/network", "n");

    private static NetworkDef parse(String body) {
        return NetworkXml.parse("<network><name>n</name><bridge name='vbr9'/>" + body + "</network>");
    }

    @Test
    void aLineBreakInAValueIsRefusedNotWrittenAsAnOption() {
        NetworkDef def = parse("<dns><txt name='example' value='x&#10;dhcp-script=/tmp/evil'/></dns>"
                + "<ip address='10.9.0.1' prefix='24'/>");
        VirtException e = assertThrows(VirtException.class, () -> DnsmasqConfig.build(def, "vbr9", PATHS, null));
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("TXT value"), e.getMessage());
    }

    @Test
    void theDriversPidFileLineComesBeforeTheInterfaceLines() {
        String conf = DnsmasqConfig.build(parse("<ip address='10.9.0.1' prefix='24'/>"), "vbr9", PATHS,
                "/run/jvirt/network/n.pid").conf();
        assertTrue(conf.contains("pid-file=/run/jvirt/network/n.pid\nexcept-interface=lo\nbind-dynamic\ninterface=vbr9\n"), conf);
    }

    @Test
    void noDhcpMeansNoHostsFileButTheAddnHostsFileStays() {
        DnsmasqConfig.Files f = DnsmasqConfig.build(parse("<dns><host ip='10.9.0.7'><hostname>a</hostname>"
                + "<hostname>b</hostname></host><host ip='10.9.0.7'><hostname>c</hostname></host></dns>"
                + "<ip address='10.9.0.1' prefix='24'/>"), "vbr9", PATHS, null);
        assertNull(f.hostsFile());
        assertTrue(f.conf().contains("addn-hosts=/run/jvirt/network/n.addnhosts\n"), f.conf());
        assertEquals("10.9.0.7\ta\tb\tc\t\n", f.addnHosts());
    }

    @Test
    void ptrDomainsAndRangeSizesAsLibvirtComputesThem() {
        assertEquals("122.168.192.in-addr.arpa",
                DnsmasqConfig.ptrDomain(IpAddressText.parse("192.168.122.1", null), 24));
        assertEquals("1.0.e.f.0.1.c.a.8.b.d.0.1.0.0.2.ip6.arpa",
                DnsmasqConfig.ptrDomain(IpAddressText.parse("2001:db8:ac10:fe01::1", null), 64));
        assertNull(DnsmasqConfig.ptrDomain(IpAddressText.parse("10.0.0.1", null), 20));
        assertEquals(253, DnsmasqConfig.rangeSize(IpAddressText.parse("192.168.122.2", null),
                IpAddressText.parse("192.168.122.254", null)));
        assertEquals(512, DnsmasqConfig.rangeSize(IpAddressText.parse("10.0.0.0", null),
                IpAddressText.parse("10.0.1.255", null)));
        assertEquals(17, DnsmasqConfig.rangeSize(IpAddressText.parse("2001:db8::10", null),
                IpAddressText.parse("2001:db8::20", null)));
        assertEquals("255.255.240.0", DnsmasqConfig.netmask(20));
    }

    @Test
    void namesInPathsAreEscapedAsLibvirtEscapesThem() {
        assertEquals("/d/a&quot;b&apos;c&lt;.hostsfile", DnsmasqConfig.Paths.in("/d", "a\"b'c<").hostsFile());
    }
}
