package io.jvirt.api.network;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.domain.IpAddressText;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.api.domain.XmlElement;

/** virNetworkDNSDefParseXML and its record parsers. */
final class NetworkDnsParser {

    /** DNS_RECORD_LENGTH_SRV: the longest service name libvirt accepts. */
    static final int SRV_SERVICE_MAX = 15;
    private static final String PROTOCOL_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-+/";
    private static final String SERVICE_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+/*";

    private final String network;

    NetworkDnsParser(String network) {
        this.network = network;
    }

    NetworkDef.Dns dns(XmlElement node) {
        Boolean enable = NetworkErrors.tristate(node, "enable");
        Boolean plain = NetworkErrors.tristate(node, "forwardPlainNames");
        List<NetworkDef.DnsForwarder> forwarders = new ArrayList<>();
        for (XmlElement f : NetworkParser.all(node, "forwarder")) {
            String addr = f.attributes().get("addr");
            String canonical = null;
            if (addr != null) {
                IpAddressText.Address a = IpAddressText.parse(addr, null);
                if (a == null) {
                    throw NetworkErrors.xml("Invalid forwarder IP address '" + addr + "' in network '" + network + "'");
                }
                canonical = a.format();
            }
            String domain = f.attributes().get("domain");
            if (addr == null && domain == null) {
                throw NetworkErrors.xml("Invalid forwarder element, must contain at least one of addr or domain");
            }
            forwarders.add(new NetworkDef.DnsForwarder(domain, canonical));
        }
        List<NetworkDef.DnsHost> hosts = new ArrayList<>();
        for (XmlElement h : NetworkParser.all(node, "host")) {
            hosts.add(host(h));
        }
        List<NetworkDef.DnsSrv> srvs = new ArrayList<>();
        for (XmlElement s : NetworkParser.all(node, "srv")) {
            srvs.add(srv(s));
        }
        List<NetworkDef.DnsTxt> txts = new ArrayList<>();
        for (XmlElement t : NetworkParser.all(node, "txt")) {
            txts.add(txt(t));
        }
        if (Boolean.FALSE.equals(enable)
                && (!forwarders.isEmpty() || !hosts.isEmpty() || !srvs.isEmpty() || !txts.isEmpty())) {
            throw NetworkErrors.xml("Extra data in disabled network '" + network + "'");
        }
        return new NetworkDef.Dns(enable, plain, forwarders, txts, srvs, hosts);
    }

    /** libvirt 10's virNetworkDNSHostDefParseXML: the hostnames first, then the address. */
    private NetworkDef.DnsHost host(XmlElement node) {
        List<String> names = new ArrayList<>();
        for (XmlElement c : NetworkParser.all(node, "hostname")) {
            String name = content(c);
            if (name.isEmpty()) {
                throw NetworkErrors.detail("Missing hostname in network '" + network + "' DNS HOST record");
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            throw NetworkErrors.detail("Missing hostname in network '" + network + "' DNS HOST record");
        }
        String ip = node.attributes().get("ip");
        if (ip == null) {
            throw NetworkErrors.detail("Missing IP address in network '" + network + "' DNS HOST record");
        }
        IpAddressText.Address a = IpAddressText.parse(ip, null);
        if (a == null) {
            throw NetworkErrors.detail("Invalid IP address in network '" + network + "' DNS HOST record");
        }
        return new NetworkDef.DnsHost(a.format(), names);
    }

    /** xmlNodeGetContent: the concatenated text of the element and its descendants. */
    private static String content(XmlElement e) {
        if (e.children().isEmpty()) {
            return e.text() == null ? "" : e.text();
        }
        StringBuilder sb = new StringBuilder();
        if (e.text() != null) {
            sb.append(e.text());
        }
        for (XmlElement c : e.children()) {
            sb.append(content(c));
        }
        return sb.toString();
    }

    private static boolean onlyChars(String s, String allowed) {
        for (int i = 0; i < s.length(); i++) {
            if (allowed.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private NetworkDef.DnsSrv srv(XmlElement node) {
        String service = node.attributes().get("service");
        if (service == null) {
            throw NetworkErrors.detail("missing required service attribute in DNS SRV record of network '"
                + network + "'");
        }
        if (service.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > SRV_SERVICE_MAX) {
            throw NetworkErrors.detail("service attribute '" + service + "' in network '" + network
                + "' is too long, limit is " + SRV_SERVICE_MAX + " bytes");
        }
        if (!onlyChars(service, SERVICE_CHARS)) {
            throw NetworkErrors.detail("invalid character in service attribute '" + service
                + "' in DNS SRV record of network '" + network + "'");
        }
        String protocol = node.attributes().get("protocol");
        if (protocol == null) {
            throw NetworkErrors.detail("missing required protocol attribute in DNS SRV record '" + service
                + "' of network '" + network + "'");
        }
        if (!onlyChars(protocol, PROTOCOL_CHARS)) {
            throw NetworkErrors.detail("invalid character in protocol attribute '" + protocol
                + "' in DNS SRV record of network '" + network + "'");
        }
        String domain = node.attributes().get("domain");
        String target = node.attributes().get("target");
        long port = srvNumber(node, "port", target, service, "DNS SRV port attribute", "invalid DNS SRV port attribute",
            1);
        long priority = srvNumber(node, "priority", target, service, "DNS SRV priority attribute",
            "Invalid DNS SRV priority attribute", 0);
        long weight = srvNumber(node, "weight", target, service, "DNS SRV weight attribute",
            "invalid DNS SRV weight attribute", 0);
        return new NetworkDef.DnsSrv(service, protocol, domain, target, port, priority, weight);
    }

    /**
     * virXPathUInt("string(./@attr)"): absent (or empty) is "not given"; a value without a target
     * is refused, as is one that does not parse or lies outside min..65535.
     */
    private long srvNumber(XmlElement node, String attr, String target, String service, String what, String invalid,
            long min) {
        String v = node.attributes().get(attr);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        Long n = LibvirtNumbers.ui(v);
        if (n != null && target == null) {
            throw NetworkErrors.detail(what + " not permitted without target for service '" + service
                + "' in network '" + network + "'");
        }
        if (n == null || n < min || n > 65535) {
            throw NetworkErrors.detail(invalid + " for service '" + service + "' in network '" + network + "'");
        }
        return n;
    }

    private NetworkDef.DnsTxt txt(XmlElement node) {
        String name = node.attributes().get("name");
        if (name == null) {
            throw NetworkErrors.detail("missing required name attribute in DNS TXT record of network " + network);
        }
        if (name.indexOf(' ') >= 0 || name.indexOf(',') >= 0) {
            throw NetworkErrors.detail("prohibited character in DNS TXT record name '" + name + "' of network "
                + network);
        }
        String value = node.attributes().get("value");
        if (value == null) {
            throw NetworkErrors.detail("missing required value attribute in DNS TXT record named '" + name
                + "' of network " + network);
        }
        return new NetworkDef.DnsTxt(name, value);
    }
}
