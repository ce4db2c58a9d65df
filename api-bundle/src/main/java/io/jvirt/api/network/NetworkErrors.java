package io.jvirt.api.network;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.api.domain.XmlElement;

/** libvirt's errors for network definitions, with the domains libvirt reports them from. */
final class NetworkErrors {

    private NetworkErrors() {
    }

    /** VIR_ERR_XML_ERROR from network_conf.c. */
    static VirtException xml(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NETWORK, detail);
    }

    /** VIR_ERR_XML_DETAIL from network_conf.c. */
    static VirtException detail(String detail) {
        return new VirtException(ErrorCode.XML_DETAIL, ErrorDomain.NETWORK, detail);
    }

    /** VIR_ERR_CONFIG_UNSUPPORTED from network_conf.c. */
    static VirtException unsupported(String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK, detail);
    }

    /** virSocketAddrParse's own report for text that is no numeric address. */
    static VirtException badSocketAddress(String text) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.NONE,
            "Cannot parse socket address '" + text + "': Name or service not known");
    }

    /** virXMLPropEnum/virXMLPropTristate*'s wording for a value outside the enum. */
    static VirtException invalidAttr(XmlElement e, String attr, String value) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML,
            "Invalid value for attribute '" + attr + "' in element '" + e.name() + "': '" + value + "'.");
    }

    /** virXMLPropTristateBool: yes/no, null when absent. */
    static Boolean tristate(XmlElement e, String attr) {
        if (e == null) {
            return null;
        }
        String v = e.attributes().get(attr);
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "yes" -> Boolean.TRUE;
            case "no" -> Boolean.FALSE;
            default -> throw invalidAttr(e, attr, v);
        };
    }

    /** virXMLPropUInt (base 10): null when absent; {@code nonZero} refuses 0 as libvirt's VIR_XML_PROP_NONZERO. */
    static Long uintProp(XmlElement e, String attr, boolean nonZero) {
        String v = e.attributes().get(attr);
        if (v == null) {
            return null;
        }
        Long n = LibvirtNumbers.uip(v);
        if (n == null) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML, "Invalid value for attribute '" + attr
                + "' in element '" + e.name() + "': '" + v + "'. Expected non-negative integer value");
        }
        if (nonZero && n == 0) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML, "Invalid value for attribute '" + attr
                + "' in element '" + e.name() + "': Zero is not permitted");
        }
        return n;
    }

    /** virXMLPropULongLong with base 0 (C's 0x hex and 0 octal too, as for a lease's expiry): null when absent. */
    static Long ullPropBase0(XmlElement e, String attr) {
        String v = e.attributes().get(attr);
        if (v == null) {
            return null;
        }
        Long n = io.jvirt.api.domain.LibvirtNumbers.ullpBase0(v);
        if (n == null) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML, "Invalid value for attribute '" + attr
                + "' in element '" + e.name() + "': '" + v + "'. Expected non-negative integer value");
        }
        return n;
    }
}
