package io.jvirt.api.domain;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * State and helpers shared by the parsers of one document: the VALIDATE flag, value checks with
 * libvirt's error wording, and the final sweep that reports what no parser consumed.
 */
final class ParseContext {

    private static final Logger LOG = LoggerFactory.getLogger(DomainXml.class);

    final boolean validate;

    ParseContext(boolean validate) {
        this.validate = validate;
    }

    /**
     * Reports content the model did not read: rejected under VALIDATE (naming the element or
     * attribute and its line), otherwise logged at debug level and dropped, as libvirt does.
     */
    void checkUnknown(XmlElement e, String path) {
        for (String attr : e.attributes().keySet()) {
            if (!e.isAttrConsumed(attr)) {
                unknown("attribute '" + attr + "' of element '" + path + "'", e.line());
            }
        }
        for (XmlElement c : e.children()) {
            String p = path + "/" + c.name();
            if (!c.isConsumed()) {
                unknown("element '" + p + "'", c.line());
            } else {
                checkUnknown(c, p);
            }
        }
    }

    private void unknown(String what, int line) {
        if (validate) {
            throw new VirtException(ErrorCode.XML_DETAIL, ErrorDomain.XML,
                "(domain_definition):" + line + ": unsupported " + what);
        }
        LOG.debug("ignoring unsupported {} at line {}", what, line);
    }

    // ---- value helpers ----

    static VirtException xmlError(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, detail);
    }

    static VirtException invalid(String detail) {
        return new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, detail);
    }

    static VirtException badValue(String path, String value) {
        return xmlError("Invalid value '" + value + "' for element or attribute '" + path + "'");
    }

    /** An unsigned int, or null when absent. */
    static Integer uint(XmlElement e, String attr) {
        String v = e.get(attr);
        return v == null ? null : uint(v.trim(), e.name() + "@" + attr);
    }

    static int uint(String v, String path) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw badValue(path, v);
            }
            return n;
        } catch (NumberFormatException ex) {
            throw badValue(path, v);
        }
    }

    /** A yes/no attribute as Boolean, null when absent; anything else is an error. */
    static Boolean yesNo(XmlElement e, String attr) {
        String v = e.get(attr);
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "yes", "on" -> Boolean.TRUE;
            case "no", "off" -> Boolean.FALSE;
            default -> throw badValue(e.name() + "@" + attr, v);
        };
    }

    /** An attribute whose value must be one of {@code allowed} (null when absent). */
    static String oneOf(XmlElement e, String attr, String... allowed) {
        String v = e.get(attr);
        if (v == null) {
            return null;
        }
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw xmlError("unknown " + e.name() + " " + attr + " '" + v + "'");
    }

    /** A mandatory attribute. */
    static String required(XmlElement e, String attr) {
        String v = e.get(attr);
        if (v == null || v.isEmpty()) {
            throw xmlError("missing " + attr + " attribute of element '" + e.name() + "' at line " + e.line());
        }
        return v;
    }

    /** libvirt's virXMLPropEnum/virXMLPropTristate* wording for a value outside the enum. */
    static VirtException invalidAttr(XmlElement e, String attr, String value) {
        return xmlError("Invalid value for attribute '" + attr + "' in element '" + e.name() + "': '" + value + "'.");
    }

    /** libvirt's VIR_XML_PROP_REQUIRED wording. */
    static VirtException missingAttr(XmlElement e, String attr) {
        return xmlError("Missing required attribute '" + attr + "' in element '" + e.name() + "'");
    }

    /** libvirt's virXMLPropUInt: an unsigned 32-bit value in base 10. */
    static long uintAttr(XmlElement e, String attr, String value) {
        Long n = LibvirtNumbers.uip(value);
        if (n == null) {
            throw xmlError("Invalid value for attribute '" + attr + "' in element '" + e.name() + "': '" + value
                + "'. Expected non-negative integer value");
        }
        return n;
    }

    /** libvirt's virXMLPropInt: a signed 32-bit value in base 10. */
    static int intAttr(XmlElement e, String attr, String value) {
        Integer n = LibvirtNumbers.i(value);
        if (n == null) {
            throw xmlError("Invalid value for attribute '" + attr + "' in element '" + e.name() + "': '" + value
                + "'. Expected integer value");
        }
        return n;
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
