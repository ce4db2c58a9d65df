package io.jvirt.api.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The {@code <ip>} of an interface or a network hostdev as virDomainNetIPParseXML reads it and
 * virDomainNetIPInfoFormat writes it back: the address in canonical form, its family always
 * (family='ipv4' even where the input had none), a non-zero prefix, the peer.
 */
final class NetIpXml {

    private NetIpXml() {
    }

    /** A new {@code <ip>} element holding what libvirt keeps of the parsed one. */
    static XmlElement normalize(XmlElement ip) {
        String address = ip.get("address");
        if (address == null) {
            throw ParseContext.xmlError("Missing required address in <ip>");
        }
        String familyText = ip.get("family");
        IpAddressText.Family family;
        if ("ipv4".equals(familyText)) {
            family = IpAddressText.Family.IPV4;
        } else if ("ipv6".equals(familyText)) {
            family = IpAddressText.Family.IPV6;
        } else {
            family = IpAddressText.numericFamily(address);
        }
        IpAddressText.Address parsed = family == null ? null : IpAddressText.parse(address, family);
        if (parsed == null) {
            throw ParseContext.xmlError("Invalid address '" + address + "' in <ip>");
        }
        String prefixText = ip.get("prefix");
        long prefix = 0;
        if (prefixText != null) {
            Long p = LibvirtNumbers.ui(prefixText);
            if (p == null || (family == IpAddressText.Family.IPV6 && p > 128)
                    || (family == IpAddressText.Family.IPV4 && p > 32)) {
                throw ParseContext.xmlError("Invalid prefix value '" + prefixText + "' in <ip>");
            }
            prefix = p;
        }
        String peerText = ip.get("peer");
        IpAddressText.Address peer = null;
        if (peerText != null) {
            peer = IpAddressText.parse(peerText, family);
            if (peer == null) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "Invalid peer '" + peerText + "' in <ip>");
            }
        }
        XmlElement out = new XmlElement("ip");
        out.attr("address", parsed.format());
        out.attr("family", parsed.family() == IpAddressText.Family.IPV4 ? "ipv4" : "ipv6");
        if (prefix != 0) {
            out.attr("prefix", Long.toString(prefix));
        }
        if (peer != null) {
            out.attr("peer", peer.format());
        }
        return out;
    }
}
