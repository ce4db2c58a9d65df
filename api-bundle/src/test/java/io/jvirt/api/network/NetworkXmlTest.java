package io.jvirt.api.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.LibvirtSchemas;

/** The network XML model's values, defaults and libvirt's refusals (codes and wording). */
class NetworkXmlTest {

    private static final String UUID_TEXT = "81ff0d90-c91e-6742-64da-4a736edb9a9b";

    /** A NAT network with {@code body} after the name and UUID. */
    private static String net(String body) {
        return "<network><name>n1</name><uuid>" + UUID_TEXT + "</uuid>" + body + "</network>";
    }

    private static final String IP = "<ip address='192.168.122.1' netmask='255.255.255.0'/>";

    @Test
    void libvirtsDefaultNetworkReadsAndWritesBack() {
        String xml = """
            <network>
              <name>default</name>
              <uuid>81ff0d90-c91e-6742-64da-4a736edb9a9b</uuid>
              <forward mode='nat'/>
              <bridge name='virbr0' stp='on' delay='0'/>
              <mac address='52:54:00:0A:cd:21'/>
              <ip address='192.168.122.1' netmask='255.255.255.0'>
                <dhcp>
                  <range start='192.168.122.2' end='192.168.122.254'/>
                </dhcp>
              </ip>
            </network>
            """;
        NetworkDef def = NetworkXml.parse(xml);
        assertEquals("default", def.name());
        assertEquals(UUID.fromString(UUID_TEXT), def.uuid());
        assertEquals(NetworkDef.ForwardMode.NAT, def.forwardMode());
        assertEquals("virbr0", def.bridge().name());
        assertEquals("52:54:00:0a:cd:21", def.mac());
        assertEquals(24, def.ips().get(0).effectivePrefix());
        assertEquals("192.168.122.254", def.ips().get(0).ranges().get(0).end());
        assertEquals(xml.replace("0A:cd", "0a:cd"), NetworkXml.format(def, false));
    }

    @Test
    void defaultsAsLibvirtWritesThem() {
        // no forward: isolated, bridge written with stp on and delay 0; forward without mode is nat
        String isolated = NetworkXml.format(NetworkXml.parse(net("")), true);
        assertTrue(isolated.contains("<bridge stp='on' delay='0'/>"), isolated);
        NetworkDef nat = NetworkXml.parse(net("<forward/>" + IP));
        assertEquals(NetworkDef.ForwardMode.NAT, nat.forwardMode());
        // no UUID: one is generated
        assertEquals(4, NetworkXml.parse("<network><name>x</name></network>").uuid().version());
    }

    @Test
    void addressesAreWrittenCanonically() {
        NetworkDef def = NetworkXml.parse(net("<forward mode='route'/>"
            + "<ip family='ipv6' address='2001:DB8:0:0::1' prefix='64'><dhcp>"
            + "<range start='2001:db8::0010' end='2001:db8::00ff'/></dhcp></ip>"
            + "<ip address='10.1' prefix='8'/>"
            + "<route address='10.2.0.0' prefix='16' gateway='10.0.0.2'/>"));
        assertEquals("2001:db8::1", def.ips().get(0).address());
        assertEquals("2001:db8::10", def.ips().get(0).ranges().get(0).start());
        assertEquals("10.0.0.1", def.ips().get(1).address());
        String out = NetworkXml.format(def, false);
        assertTrue(out.contains("<range start='2001:db8::10' end='2001:db8::ff'/>"), out);
        if (LibvirtSchemas.available()) {
            LibvirtSchemas.assertValid("network.rng", out, "canonical addresses");
        }
    }

    @Test
    void leaseTimesDnsAndPortGroupsRoundTrip() {
        String xml = net("<forward mode='nat'><nat ipv6='yes'><address start='1.2.3.4' end='1.2.3.10'/>"
            + "<port start='1024' end='65535'/></nat></forward>"
            + "<domain name='example.com' localOnly='yes'/>"
            + "<dns forwardPlainNames='no'><forwarder domain='a.b' addr='8.8.8.8'/><txt name='t' value='v'/>"
            + "<srv service='name' protocol='tcp' target='.' port='1' priority='10' weight='20'/>"
            + "<host ip='192.168.122.2'><hostname>h1</hostname><hostname>h2</hostname></host></dns>"
            + "<ip address='192.168.122.1' prefix='24'><dhcp><range start='192.168.122.2' end='192.168.122.9'>"
            + "<lease expiry='1' unit='hours'/></range><host mac='00:16:3e:77:e2:ed' name='a' ip='192.168.122.10'>"
            + "<lease expiry='0'/></host></dhcp></ip>"
            + "<portgroup name='pg' default='yes'><vlan trunk='yes'><tag id='1' nativeMode='untagged'/><tag id='2'/>"
            + "</vlan><virtualport><parameters profileid='p'/></virtualport></portgroup>");
        NetworkDef def = NetworkXml.parse(xml);
        assertEquals(new NetworkDef.Lease(1, "hours"), def.ips().get(0).ranges().get(0).lease());
        assertEquals(new NetworkDef.Lease(0, "minutes"), def.ips().get(0).hosts().get(0).lease());
        assertEquals(65535, def.forward().portEnd());
        // only the first <lease> counts (virXMLNodeGetSubelement)
        NetworkDef twoLeases = NetworkXml.parse(net("<ip address='192.168.122.1' prefix='24'><dhcp>"
            + "<range start='192.168.122.2' end='192.168.122.9'><lease expiry='5'/><lease expiry='1'/></range>"
            + "</dhcp></ip>"));
        assertEquals(new NetworkDef.Lease(5, "minutes"), twoLeases.ips().get(0).ranges().get(0).lease());
        String out = NetworkXml.format(def, true);
        assertEquals(out, NetworkXml.format(NetworkXml.parse(out), true));
        assertTrue(out.contains("<lease expiry='0'/>"), out);
        assertTrue(out.contains("<tag id='1' nativeMode='untagged'/>"), out);
        if (LibvirtSchemas.available()) {
            LibvirtSchemas.assertValid("network.rng", out, "round trip");
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
            Arguments.of("missing name", "<network><uuid>" + UUID_TEXT + "</uuid></network>",
                ErrorCode.NO_NAME, "missing name information"),
            Arguments.of("empty name", "<network><name></name></network>", ErrorCode.NO_NAME,
                "missing name information"),
            Arguments.of("slash in name", "<network><name>a/b</name></network>", ErrorCode.XML_DETAIL,
                "invalid char in name: /"),
            Arguments.of("bad uuid", "<network><name>n</name><uuid>nope</uuid></network>", ErrorCode.INTERNAL_ERROR,
                "internal error: malformed uuid element"),
            Arguments.of("wrong root", "<domain><name>n</name></domain>", ErrorCode.XML_ERROR,
                "XML error: expecting root element of 'network', not 'domain'"),
            Arguments.of("bad address", net("<ip address='192.168.122.300'/>"), ErrorCode.XML_ERROR,
                "XML error: Invalid address '192.168.122.300' in network 'n1'"),
            Arguments.of("missing address", net("<ip netmask='255.255.255.0'/>"), ErrorCode.XML_ERROR,
                "XML error: Missing required address attribute in network 'n1'"),
            Arguments.of("bad netmask", net("<ip address='10.0.0.1' netmask='x'/>"), ErrorCode.XML_ERROR,
                "XML error: Invalid netmask 'x' in network 'n1'"),
            Arguments.of("ipv4 prefix", net("<ip address='10.0.0.1' prefix='33'/>"), ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: Invalid IPv4 prefix '33' in network 'n1'"),
            Arguments.of("ipv6 prefix", net("<ip family='ipv6' address='fd00::1' prefix='129'/>"),
                ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: Invalid IPv6 prefix '129' in network 'n1'"),
            Arguments.of("negative prefix", net("<ip address='10.0.0.1' prefix='-1'/>"), ErrorCode.XML_ERROR,
                "XML error: Invalid value for attribute 'prefix' in element 'ip': '-1'. "
                    + "Expected non-negative integer value"),
            Arguments.of("prefix and netmask", net("<ip address='10.0.0.1' netmask='255.0.0.0' prefix='8'/>"),
                ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: Network 'n1' IP address cannot have both a prefix and a netmask"),
            Arguments.of("ipv6 address without family", net("<ip address='fd00::1'/>"), ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: no family specified for non-IPv4 address 'fd00::1' in network 'n1'"),
            Arguments.of("unknown family", net("<ip family='ipx' address='10.0.0.1'/>"), ErrorCode.XML_ERROR,
                "XML error: Unrecognized family 'ipx' in network 'n1'"),
            Arguments.of("range outside the network", net("<ip address='192.168.122.1' prefix='24'><dhcp>"
                + "<range start='192.168.123.2' end='192.168.123.9'/></dhcp></ip>"), ErrorCode.INTERNAL_ERROR,
                "internal error: range 192.168.123.2 - 192.168.123.9 is not entirely within network 192.168.122.1/24"),
            Arguments.of("range reversed", net("<ip address='192.168.122.1' prefix='24'><dhcp>"
                + "<range start='192.168.122.9' end='192.168.122.2'/></dhcp></ip>"), ErrorCode.INTERNAL_ERROR,
                "internal error: range 192.168.122.9 - 192.168.122.2 is reversed "),
            Arguments.of("range from the network address", net("<ip address='192.168.122.1' prefix='24'><dhcp>"
                + "<range start='192.168.122.0' end='192.168.122.9'/></dhcp></ip>"), ErrorCode.INTERNAL_ERROR,
                "internal error: start of range 192.168.122.0 - 192.168.122.9 in network 192.168.122.1/24 "
                    + "is the network address"),
            Arguments.of("range to broadcast", net("<ip address='192.168.122.1' prefix='24'><dhcp>"
                + "<range start='192.168.122.2' end='192.168.122.255'/></dhcp></ip>"), ErrorCode.INTERNAL_ERROR,
                "internal error: end of range 192.168.122.2 - 192.168.122.255 in network 192.168.122.1/24 "
                    + "is the broadcast address"),
            Arguments.of("range of the other family", net("<ip address='192.168.122.1' prefix='24'><dhcp>"
                + "<range start='fd00::2' end='fd00::9'/></dhcp></ip>"), ErrorCode.INTERNAL_ERROR,
                "internal error: mismatch of address family in range fd00::2 - fd00::9 for network 192.168.122.1"),
            Arguments.of("range start unparsable", net("<ip address='192.168.122.1' prefix='24'><dhcp>"
                + "<range start='x' end='192.168.122.9'/></dhcp></ip>"), ErrorCode.SYSTEM_ERROR,
                "Cannot parse socket address 'x': Name or service not known"),
            Arguments.of("host without ip", net("<ip address='192.168.122.1' prefix='24'><dhcp>"
                + "<host mac='00:16:3e:77:e2:ed'/></dhcp></ip>"), ErrorCode.XML_ERROR,
                "XML error: Missing IP address in static host definition for network 'n1'"),
            Arguments.of("multicast host mac", net("<ip address='192.168.122.1' prefix='24'><dhcp>"
                + "<host mac='01:16:3e:77:e2:ed' ip='192.168.122.3'/></dhcp></ip>"), ErrorCode.XML_ERROR,
                "XML error: expected unicast mac address, found multicast '01:16:3e:77:e2:ed' in network 'n1'"),
            Arguments.of("mac in an ipv6 host", net("<ip family='ipv6' address='fd00::1' prefix='64'><dhcp>"
                + "<host mac='00:16:3e:77:e2:ed' ip='fd00::3'/></dhcp></ip>"), ErrorCode.XML_ERROR,
                "XML error: Invalid to specify MAC address '00:16:3e:77:e2:ed' in network 'n1' IPv6 static host "
                    + "definition"),
            Arguments.of("bad host id", net("<ip family='ipv6' address='fd00::1' prefix='64'><dhcp>"
                + "<host id='0:1:zz' ip='fd00::3'/></dhcp></ip>"), ErrorCode.XML_ERROR,
                "XML error: Invalid character 'z' in id '0:1:zz' of network 'n1'"),
            Arguments.of("bad host name", net("<ip address='192.168.122.1' prefix='24'><dhcp>"
                + "<host name='-a' ip='192.168.122.3'/></dhcp></ip>"), ErrorCode.XML_ERROR,
                "XML error: Cannot use host name '-a' in network 'n1'"),
            Arguments.of("short lease", net("<ip address='192.168.122.1' prefix='24'><dhcp>"
                + "<range start='192.168.122.2' end='192.168.122.9'><lease expiry='119' unit='seconds'/>"
                + "</range></dhcp></ip>"), ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: The minimum lease time should be greater than 2 minutes"),
            Arguments.of("lease unit", net("<ip address='192.168.122.1' prefix='24'><dhcp>"
                + "<range start='192.168.122.2' end='192.168.122.9'><lease expiry='5' unit='days'/>"
                + "</range></dhcp></ip>"), ErrorCode.XML_ERROR,
                "XML error: Invalid value for attribute 'unit' in element 'lease': 'days'."),
            Arguments.of("tftp on ipv6", net("<ip family='ipv6' address='fd00::1' prefix='64'><tftp root='/x'/></ip>"),
                ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: Unsupported <tftp> element in an IPv6 element in network 'n1'"),
            Arguments.of("nat without ip", net("<forward mode='nat'/>"), ErrorCode.XML_ERROR,
                "XML error: nat forwarding requested, but no IP address provided for network 'n1'"),
            Arguments.of("unknown forward mode", net("<forward mode='teleport'/>"), ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: unknown forwarding type 'teleport'"),
            Arguments.of("open with dev", net("<forward mode='open' dev='eth0'/>" + IP), ErrorCode.XML_ERROR,
                "XML error: forward dev not allowed for network 'n1' with forward mode='open'"),
            Arguments.of("interface twice", net("<forward mode='bridge'><interface dev='eth0'/>"
                + "<interface dev='eth0'/></forward>"), ErrorCode.XML_ERROR,
                "XML error: interface 'eth0' can only be listed once in network n1"),
            Arguments.of("pci twice", net("<forward mode='hostdev'><address type='pci' domain='0' bus='3' slot='0' "
                + "function='1'/><address type='pci' domain='0x0' bus='0x3' slot='0' function='1'/></forward>"),
                ErrorCode.XML_ERROR, "XML error: PCI device '0000:03:00.1' can only be listed once in network n1"),
            Arguments.of("bridge name in hostdev mode", net("<forward mode='hostdev'><pf dev='eth2'/></forward>"
                + "<bridge name='br0'/>"), ErrorCode.XML_ERROR,
                "XML error: bridge name not allowed in hostdev mode (network 'n1')"),
            Arguments.of("stp in bridge mode", net("<forward mode='bridge'/><bridge name='br0' stp='off'/>"),
                ErrorCode.XML_ERROR, "XML error: bridge delay/stp/zone options only allowed in route, nat, and "
                    + "isolated mode, not in bridge (network 'n1')"),
            Arguments.of("mtu in bridge mode", net("<forward mode='bridge'/><bridge name='br0'/><mtu size='9000'/>"),
                ErrorCode.XML_ERROR, "XML error: mtu size only allowed in open, route, nat, and isolated mode, "
                    + "not in bridge (network 'n1')"),
            Arguments.of("nat element in route mode", net("<forward mode='route'><nat/></forward>" + IP),
                ErrorCode.XML_ERROR, "XML error: The <nat> element can only be used when <forward> 'mode' is 'nat' "
                    + "in network n1"),
            Arguments.of("nat port range reversed", net("<forward mode='nat'><nat><port start='2000' end='1000'/>"
                + "</nat></forward>" + IP), ErrorCode.XML_DETAIL,
                "Missing or invalid 'end' attribute in <port> in <nat> in <forward> in network n1"),
            Arguments.of("nat address not ipv4", net("<forward mode='nat'><nat><address start='fd00::1' "
                + "end='fd00::2'/></nat></forward>" + IP), ErrorCode.XML_ERROR,
                "XML error: Bad ipv4 start address 'fd00::1' in <nat> in <forward> in network 'n1'"),
            Arguments.of("multicast bridge mac", net("<mac address='01:00:5e:00:00:01'/>"), ErrorCode.XML_ERROR,
                "XML error: Invalid multicast bridge mac address '01:00:5e:00:00:01' in network 'n1'"),
            Arguments.of("bad bridge mac", net("<mac address='zz'/>"), ErrorCode.XML_ERROR,
                "XML error: Invalid bridge mac address 'zz' in network 'n1'"),
            Arguments.of("bad delay", net("<bridge delay='-1'/>"), ErrorCode.XML_ERROR,
                "XML error: Invalid delay value in network 'n1'"),
            Arguments.of("bad macTableManager", net("<bridge macTableManager='none'/>"), ErrorCode.XML_ERROR,
                "XML error: Invalid macTableManager setting 'none' in network 'n1'"),
            Arguments.of("dns host with an empty hostname", net("<dns><host ip='10.0.0.2'><hostname/></host></dns>"),
                ErrorCode.XML_DETAIL, "Missing hostname in network 'n1' DNS HOST record"),
            Arguments.of("dns host: the hostname is checked before the address", net("<dns><host ip='x'/></dns>"),
                ErrorCode.XML_DETAIL, "Missing hostname in network 'n1' DNS HOST record"),
            Arguments.of("bootp without file", net("<ip address='192.168.122.1' prefix='24'><dhcp>"
                + "<bootp server='192.168.122.9'/></dhcp></ip>"), ErrorCode.XML_ERROR,
                "XML error: Missing required attribute 'file' in element 'bootp'"),
            Arguments.of("dhcp: ranges are read before hosts", net("<ip address='192.168.122.1' prefix='24'><dhcp>"
                + "<host name='-x' ip='192.168.122.3'/><range start='10.0.0.2' end='10.0.0.3'/></dhcp></ip>"),
                ErrorCode.INTERNAL_ERROR, "internal error: range 10.0.0.2 - 10.0.0.3 is not entirely within "
                    + "network 192.168.122.1/24"),
            Arguments.of("dns host without ip", net("<dns><host><hostname>a</hostname></host></dns>"),
                ErrorCode.XML_DETAIL, "Missing IP address in network 'n1' DNS HOST record"),
            Arguments.of("dns host without hostname", net("<dns><host ip='10.0.0.2'/></dns>"), ErrorCode.XML_DETAIL,
                "Missing hostname in network 'n1' DNS HOST record"),
            Arguments.of("dns disabled with data", net("<dns enable='no'><txt name='a' value='b'/></dns>"),
                ErrorCode.XML_ERROR, "XML error: Extra data in disabled network 'n1'"),
            Arguments.of("dns txt name", net("<dns><txt name='a b' value='c'/></dns>"), ErrorCode.XML_DETAIL,
                "prohibited character in DNS TXT record name 'a b' of network n1"),
            Arguments.of("srv port without target", net("<dns><srv service='s' protocol='tcp' port='1'/></dns>"),
                ErrorCode.XML_DETAIL, "DNS SRV port attribute not permitted without target for service 's' in "
                    + "network 'n1'"),
            Arguments.of("srv service too long", net("<dns><srv service='abcdefghijklmnop' protocol='tcp'/></dns>"),
                ErrorCode.XML_DETAIL, "service attribute 'abcdefghijklmnop' in network 'n1' is too long, limit is "
                    + "15 bytes"),
            Arguments.of("forwarder address", net("<dns><forwarder addr='8.8.8.x'/></dns>"), ErrorCode.XML_ERROR,
                "XML error: Invalid forwarder IP address '8.8.8.x' in network 'n1'"),
            Arguments.of("unreachable gateway", net(IP + "<route address='10.0.0.0' prefix='8' gateway='10.0.0.1'/>"),
                ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: unreachable static route gateway "
                    + "'10.0.0.1' specified for network 'n1'"),
            Arguments.of("route not a network address", net(IP + "<route address='10.0.0.1' prefix='8' "
                + "gateway='192.168.122.2'/>"), ErrorCode.XML_ERROR,
                "XML error: n1: Address '10.0.0.1' in route definition is not a network address"),
            Arguments.of("vlan tag too large", net("<forward mode='bridge'/><bridge name='br0'/><vlan>"
                + "<tag id='4096'/></vlan>"), ErrorCode.XML_ERROR, "XML error: vlan tag id 4096 too large "
                    + "(maximum 4095)"),
            Arguments.of("virtualport without type", net("<forward mode='bridge'/><bridge name='br0'/>"
                + "<virtualport/>"), ErrorCode.XML_ERROR, "XML error: missing required virtualport type"),
            Arguments.of("portgroup without name", net("<portgroup/>"), ErrorCode.XML_ERROR,
                "XML error: Missing required name attribute in portgroup"),
            Arguments.of("bandwidth floor", net("<bandwidth><inbound average='1' floor='2'/></bandwidth>"),
                ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: floor attribute is not supported for "
                    + "this config"),
            Arguments.of("bandwidth peak without average", net("<bandwidth><outbound floor='1' peak='2'/>"
                + "</bandwidth>"), ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: 'peak' and 'burst' require 'average' attribute"),
            Arguments.of("bandwidth without rates", net("<bandwidth><inbound/></bandwidth>"), ErrorCode.XML_DETAIL,
                "Missing mandatory average or floor attributes"),
            Arguments.of("bandwidth twice inbound", net("<bandwidth><inbound average='1'/><inbound average='2'/>"
                + "</bandwidth>"), ErrorCode.XML_DETAIL, "Only one child <inbound> element allowed"),
            Arguments.of("bandwidth value", net("<bandwidth><inbound average='-1'/></bandwidth>"),
                ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: could not convert bandwidth average value "
                    + "'-1'"),
            Arguments.of("virtualport extra", net("<forward mode='bridge'/><bridge name='br0'/>"
                + "<virtualport type='802.1Qbh'><parameters managerid='1' profileid='p'/></virtualport>"),
                ErrorCode.XML_ERROR, "XML error: extra managerid unsupported in <virtualport type='802.1Qbh'>"),
            Arguments.of("unknown virtualport type", net("<forward mode='bridge'/><bridge name='br0'/>"
                + "<virtualport type='vmware'/>"), ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: unknown virtualport type vmware"),
            Arguments.of("unknown hostdev driver", net("<forward mode='hostdev'><driver name='pci-stub'/>"
                + "<pf dev='eth2'/></forward>"), ErrorCode.XML_ERROR,
                "XML error: Invalid value for attribute 'name' in element 'driver': 'pci-stub'."),
            Arguments.of("title with a newline", net("<title>a\nb</title>"), ErrorCode.XML_ERROR,
                "XML error: Network title can't contain newlines"),
            Arguments.of("bad ipv6 attribute", "<network ipv6='maybe'><name>n1</name></network>", ErrorCode.XML_ERROR,
                "XML error: Invalid ipv6 setting 'maybe' in network 'n1'"),
            Arguments.of("dnsmasq option without value", "<network xmlns:dnsmasq='"
                + NetworkDef.DNSMASQ_NAMESPACE + "'><name>n1</name><dnsmasq:options><dnsmasq:option/>"
                + "</dnsmasq:options></network>", ErrorCode.INTERNAL_ERROR,
                "internal error: No dnsmasq options value specified"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedWithLibvirtsError(String label, String xml, ErrorCode code, String message) {
        VirtException e = assertThrows(VirtException.class, () -> NetworkXml.parse(xml), label);
        assertEquals(code, e.code(), label + ": " + e.getMessage());
        assertEquals(message, e.getMessage(), label);
    }

    @Test
    void networkErrorsComeFromTheNetworkArea() {
        VirtException e = assertThrows(VirtException.class, () -> NetworkXml.parse(net("<forward mode='nat'/>")));
        assertEquals(ErrorDomain.NETWORK, e.errorDomain());
    }

    static Stream<Arguments> hostile() {
        return Stream.of(
            Arguments.of("billion laughs", """
                <?xml version="1.0"?>
                <!DOCTYPE network [
                  <!ENTITY lol "lol">
                  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
                ]>
                <network><name>&lol2;</name></network>
                """),
            Arguments.of("external entity", """
                <!DOCTYPE network [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <network><name>&xxe;</name></network>
                """),
            Arguments.of("parameter entity", """
                <!DOCTYPE network [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>
                <network><name>n</name></network>
                """),
            Arguments.of("undeclared entity", "<network><name>&x;</name></network>"),
            Arguments.of("too large", "<network><name>n</name><metadata><a>" + "a".repeat(NetworkXml.MAX_CHARS)
                + "</a></metadata></network>"),
            Arguments.of("too deep", "<network><name>n</name><metadata>" + "<a>".repeat(200) + "</a>".repeat(200)
                + "</metadata></network>"),
            Arguments.of("not well formed", "<network><name>n</name>"),
            Arguments.of("empty", ""),
            Arguments.of("two roots", "<network><name>n</name></network><network/>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileInputIsAnXmlError(String label, String xml) {
        VirtException e = assertThrows(VirtException.class, () -> NetworkXml.parse(xml), label);
        assertEquals(ErrorCode.XML_ERROR, e.code(), label + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("(network_definition)"), e.getMessage());
    }

    @Test
    void duplicatesThatOnlyTheNetworkDriverRefusesAreParsed() {
        // virNetworkDefParseXML accepts repeated DHCP hosts and port group names; libvirt's network
        // driver refuses some of them at define (networkValidate), the update API the others
        NetworkDef def = NetworkXml.parse(net("<ip address='192.168.122.1' prefix='24'><dhcp>"
            + "<host mac='00:16:3e:77:e2:ed' ip='192.168.122.10'/><host mac='00:16:3e:77:e2:ed' ip='192.168.122.10'/>"
            + "</dhcp></ip><portgroup name='a' default='yes'/><portgroup name='a' default='yes'/>"));
        assertEquals(2, def.ips().get(0).hosts().size());
        assertEquals(2, def.portGroups().size());
    }

    @Test
    void hostdevDriverNameAndModel() {
        // libvirt 10's tests/networkxml2xmlin/hostdev-pf-driver-model.xml
        String xml = """
            <network>
              <name>hostdev</name>
              <uuid>81ff0d90-c91e-6742-64da-4a736edb9a9b</uuid>
              <forward mode='hostdev' managed='yes'>
                <driver model='vfio-pci-igb'/>
                <pf dev='eth2'/>
              </forward>
            </network>
            """;
        NetworkDef def = NetworkXml.parse(xml);
        assertEquals("vfio-pci-igb", def.forward().driverModel());
        assertEquals(xml, NetworkXml.format(def, true));
        NetworkDef named = NetworkXml.parse(xml.replace("<driver model='vfio-pci-igb'/>", "<driver name='vfio'/>"));
        assertTrue(NetworkXml.format(named, true).contains("<driver name='vfio'/>"));
    }

    @Test
    void leaseExpiryIsReadWithBaseZero() {
        // virXMLPropULongLong(node, "expiry", 0, ...): C's hex and octal forms, '+', no '-' at all
        String[][] read = {{"0x10", "16"}, {"0X1f", "31"}, {"010", "8"}, {"+30", "30"}, {"0", "0"}, {"120", "120"}};
        for (String[] r : read) {
            NetworkDef def = NetworkXml.parse(net("<ip address='192.168.122.1' prefix='24'><dhcp>"
                + "<range start='192.168.122.2' end='192.168.122.9'><lease expiry='" + r[0] + "'/></range>"
                + "</dhcp></ip>"));
            String out = NetworkXml.format(def, false);
            assertTrue(out.contains("<lease expiry='" + r[1] + "'"), r[0] + ": " + out);
        }
        for (String bad : new String[] {"-0", "0x", "08", "12h", "", "18446744073709551616"}) {
            VirtException e = assertThrows(VirtException.class, () -> NetworkXml.parse(net(
                "<ip address='192.168.122.1' prefix='24'><dhcp><range start='192.168.122.2' end='192.168.122.9'>"
                + "<lease expiry='" + bad + "'/></range></dhcp></ip>")), bad);
            assertEquals("XML error: Invalid value for attribute 'expiry' in element 'lease': '" + bad
                + "'. Expected non-negative integer value", e.getMessage(), bad);
        }
    }

    @Test
    void metadataKeepsTheFirstElementOfEachNamespace() {
        // virXMLNodeSanitizeNamespaces: no namespace, dropped; a namespace's later elements, dropped
        NetworkDef def = NetworkXml.parse(net("<metadata><plain>x</plain>"
            + "<o:one xmlns:o='urn:example:one' n='1'>first</o:one><t:two xmlns:t='urn:example:two'/>"
            + "<o:again xmlns:o='urn:example:one'>second</o:again><more/></metadata>" + IP));
        String out = NetworkXml.format(def, false);
        assertTrue(out.contains("<metadata>\n    <o:one xmlns:o='urn:example:one' n='1'>first</o:one>\n"
            + "    <t:two xmlns:t='urn:example:two'/>\n  </metadata>\n"), out);
        assertEquals(out, NetworkXml.format(NetworkXml.parse(out), false));
    }

    @Test
    void domainRegisterIsATristateAfterLocalOnly() {
        // libvirt 10.1's <domain register=...>: kept and written after localOnly, absent when absent
        NetworkDef def = NetworkXml.parse(net("<domain name='lab.example' register='yes' localOnly='yes'/>" + IP));
        assertEquals(new NetworkDef.Domain("lab.example", true, true), def.domain());
        assertTrue(NetworkXml.format(def, true).contains("<domain name='lab.example' localOnly='yes' register='yes'/>"),
            NetworkXml.format(def, true));
        NetworkDef off = NetworkXml.parse(net("<domain name='lab.example' register='no'/>" + IP));
        assertEquals(Boolean.FALSE, off.domain().register());
        assertTrue(NetworkXml.format(off, false).contains("<domain name='lab.example' register='no'/>"));
        NetworkDef plain = NetworkXml.parse(net("<domain name='lab.example'/>" + IP));
        assertNull(plain.domain().register());
        assertTrue(NetworkXml.format(plain, false).contains("<domain name='lab.example'/>"));
        VirtException e = assertThrows(VirtException.class,
            () -> NetworkXml.parse(net("<domain name='lab.example' register='true'/>" + IP)));
        assertEquals(ErrorCode.XML_ERROR, e.code());
        assertEquals("XML error: Invalid value for attribute 'register' in element 'domain': 'true'.", e.getMessage());
    }

    @Test
    void titleAndDescriptionFollowTheUuid() {
        NetworkDef def = NetworkXml.parse(net("<description>long &amp; text</description><title>short</title>"));
        assertEquals("short", def.title());
        String out = NetworkXml.format(def, false);
        assertTrue(out.contains("<uuid>" + UUID_TEXT + "</uuid>\n  <title>short</title>\n"
            + "  <description>long &amp; text</description>\n"), out);
    }

    @Test
    void textIsEscapedOnOutput() {
        NetworkDef def = NetworkXml.parse("<network><name>a'&amp;&lt;b</name><domain name='x&apos;y'/>"
            + "<dns><txt name='t' value='&quot;&lt;&gt;'/></dns></network>");
        String out = NetworkXml.format(def, false);
        assertEquals(def, withUuid(NetworkXml.parse(out), def.uuid()));
        assertNull(def.forward());
    }

    private static NetworkDef withUuid(NetworkDef d, UUID uuid) {
        return new NetworkDef(d.name(), uuid, d.title(), d.description(), d.ipv6(), d.trustGuestRxFilters(), d.metadata(), d.forward(),
            d.bridge(), d.mtu(), d.mac(), d.domain(), d.dns(), d.vlan(), d.bandwidth(), d.portIsolated(), d.ips(),
            d.routes(), d.virtualport(), d.portGroups(), d.dnsmasqOptions());
    }
}
