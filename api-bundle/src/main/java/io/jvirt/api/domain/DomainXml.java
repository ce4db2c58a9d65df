package io.jvirt.api.domain;

import io.jvirt.api.xml.XmlOut;
import io.jvirt.api.xml.SafeXmlReader;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * Reads and writes libvirt's domain XML.
 *
 * <p>Parsing is safe for untrusted input: no DTDs, no entities, a size cap
 * ({@link #MAX_CHARS}) and a nesting cap; every failure is a {@link VirtException} (XML_ERROR,
 * XML_DETAIL or a more specific code such as NO_NAME) naming the offending element or attribute.
 * Content the model does not know is dropped with a debug log, or rejected when {@code validate}
 * is set (libvirt's VALIDATE flag). Formatting writes libvirt's canonical layout; secrets such as
 * graphics passwords are written only when {@code secure} is set.
 */
public final class DomainXml {

    /** Documents larger than this are refused before parsing (libvirt's own limit is 10 MiB). */
    public static final int MAX_CHARS = SafeXmlReader.MAX_CHARS;

    private DomainXml() {
    }

    /**
     * Reads an XML document (a domain's, as {@link io.jvirt.api.Domain#xmlDesc} gives it, or any
     * other) into elements, with the reader every definition goes through: no DTD, no entities,
     * the size and depth caps. For readers of a document's raw shape, as virsh's domblklist reads
     * the domain's disks; a definition's meaning is {@link #parse(String)}'s.
     *
     * @throws VirtException XML_ERROR for a document that is not well formed or over the caps
     * @since 0.13.0
     */
    public static XmlElement readDocument(String xml) {
        return SafeXmlReader.read(xml);
    }

    /** Parses a domain definition without schema-like validation and without driver defaults. */
    public static DomainDef parse(String xml) {
        return parse(xml, false, DomainDefDefaults.NONE);
    }

    /**
     * Parses a domain definition.
     *
     * @param validate reject unknown elements and attributes instead of ignoring them
     */
    public static DomainDef parse(String xml, boolean validate) {
        return parse(xml, validate, DomainDefDefaults.NONE);
    }

    /**
     * Parses a domain definition and applies the calling driver's defaults.
     *
     * @throws VirtException XML_ERROR for malformed XML or invalid values, XML_DETAIL for unknown
     *                       content under {@code validate}, NO_NAME for a missing name
     */
    public static DomainDef parse(String xml, boolean validate, DomainDefDefaults driverDefaults) {
        return parse(xml, validate, driverDefaults, false);
    }

    /**
     * Parses a driver's own record of a running domain (its status file, a running domain's XML):
     * as {@link #parse(String, boolean, DomainDefDefaults)} without validation, but what only a
     * running domain has is kept: a pty's {@code <source path>}, a network port's id, and an
     * interface's generated target name (vnet*, macvtap*, macvlan*), which {@code parse} blanks out
     * as libvirt does. libvirt reads these only from live XML (without VIR_DOMAIN_DEF_PARSE_INACTIVE,
     * which its define and create set): they are what the hypervisor or driver gave the running
     * domain, never what a caller wrote. A driver that reads back its own live XML uses this parse.
     *
     * @since 0.11.0
     */
    public static DomainDef parseLive(String xml, DomainDefDefaults driverDefaults) {
        return parse(xml, false, driverDefaults, true);
    }

    private static DomainDef parse(String xml, boolean validate, DomainDefDefaults driverDefaults, boolean live) {
        try {
            XmlElement root = SafeXmlReader.read(xml);
            DomainDef def = DomainParser.parse(root, new ParseContext(validate));
            if (!live) {
                CharDeviceXml.dropPtyPaths(def.charDevices());
                InterfaceXml.dropPortIds(def.interfaces());
                InterfaceXml.dropGeneratedTargetNames(def.interfaces(), null);
            }
            DomainDefaults.apply(def, driverDefaults == null ? DomainDefDefaults.NONE : driverDefaults);
            return def;
        } catch (VirtException e) {
            throw e;
        } catch (RuntimeException e) {
            // a parser bug must still surface as the API's one exception type
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                "cannot parse domain definition: " + e, e);
        }
    }

    /** Parses one device element ({@code <disk>}, {@code <interface>}, ...) as libvirt's attach/detach APIs take it. */
    public static DeviceDef parseDevice(String xml) {
        return parseDevice(xml, false, DomainDefDefaults.NONE);
    }

    /**
     * Parses one device element, as {@code virDomainAttachDevice} and friends take it: the same
     * parsers as inside {@code <devices>}, then the defaults that need no enclosing domain (an
     * interface without a MAC address gets one from {@code driverDefaults}).
     *
     * @throws VirtException XML_ERROR for malformed XML or an unknown device type ("unknown device
     *                       type 'foo'"), XML_DETAIL for unknown content under {@code validate}
     */
    public static DeviceDef parseDevice(String xml, boolean validate, DomainDefDefaults driverDefaults) {
        DomainDefDefaults defaults = driverDefaults == null ? DomainDefDefaults.NONE : driverDefaults;
        try {
            XmlElement root = SafeXmlReader.read(xml);
            if (root.namespaceUri() != null || !DevicesXml.KIND_ORDER.contains(root.name())) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                    "unknown device type '" + root.name() + "'");
            }
            DeviceDef device = DevicesXml.parseDevice(root);
            new ParseContext(validate).checkUnknown(root, root.name());
            DomainValidate.device(device, null);
            if (device instanceof InterfaceDef net && (net.mac() == null || MacAddress.isZero(net.mac()))) {
                net.mac(MacAddress.parse(defaults.generateMac()));
            }
            return device;
        } catch (VirtException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "cannot parse device definition: " + e, e);
        }
    }

    /**
     * Formats one device element as libvirt writes it inside {@code <devices>} (without secrets),
     * indented from column 0: the inverse of {@link #parseDevice(String)}.
     */
    public static String formatDevice(DeviceDef device) {
        XmlOut out = new XmlOut();
        DevicesXml.formatDevice(out, device, false, true);
        return out.toString().replaceAll("(?m)^    ", "");
    }

    /** Formats an inactive definition as libvirt writes it (2-space indent, libvirt's element order), without secrets. */
    public static String format(DomainDef def) {
        return format(def, -1, false);
    }

    /** Formats a definition without secrets; a running domain's {@code id} (&gt;= 0) is written as libvirt does. */
    public static String format(DomainDef def, int id) {
        return format(def, id, false);
    }

    /**
     * Formats a definition.
     *
     * @param id     a running domain's id, written when &gt;= 0
     * @param secure whether secrets (graphics passwords) are written
     */
    public static String format(DomainDef def, int id, boolean secure) {
        return DomainFormatter.format(def, id, secure);
    }
}
