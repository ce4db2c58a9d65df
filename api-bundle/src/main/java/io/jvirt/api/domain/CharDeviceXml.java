package io.jvirt.api.domain;

import io.jvirt.api.xml.XmlOut;

import java.util.List;
import java.util.Set;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * Parses and formats serial, parallel, console and channel devices, with libvirt's generic source
 * checks and defaults (tcp/udp/unix source modes, the tcp protocol, reconnect settings).
 */
final class CharDeviceXml {

    private static final Set<String> SERIAL_TARGETS = Set.of("none", "isa-serial", "usb-serial", "pci-serial",
        "spapr-vio-serial", "system-serial", "sclp-serial", "isa-debug");
    private static final Set<String> CHANNEL_TARGETS = Set.of("none", "guestfwd", "virtio", "xen");
    private static final Set<String> CONSOLE_TARGETS = Set.of("none", "serial", "xen", "uml", "virtio", "lxc",
        "openvz", "sclp", "sclplm");
    private static final Set<String> SERIAL_MODELS = Set.of("isa-serial", "usb-serial", "pci-serial", "spapr-vty",
        "pl011", "sclpconsole", "sclplmconsole", "16550a", "isa-debugcon");

    private CharDeviceXml() {
    }

    /** libvirt's virDomainChrDefParseXML: target first (its type decides what the source may omit), then the backend. */
    static CharDeviceDef parse(XmlElement e) {
        CharDeviceDef c = new CharDeviceDef();
        c.kind(e.name());
        c.type(CharSourceXml.type(e));
        // tty is output only (libvirt writes it for a live pty console and never reads it back)
        e.get("tty");
        XmlElement target = e.child("target");
        if (target != null) {
            parseTarget(c, target);
        } else if ("channel".equals(c.kind())) {
            throw ParseContext.xmlError("target type must be specified for channel device");
        }
        c.sources().addAll(CharSourceXml.parseSources(e, c.type(), true));
        c.protocol(CharSourceXml.parseProtocol(e, c.type()));
        XmlElement log = CharSourceXml.parseLog(e);
        if (log != null) {
            c.logAndOthers().add(log);
        }
        if ("spicevmc".equals(c.type()) && !"virtio".equals(c.targetType())) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                "spicevmc device type only supports virtio");
        }
        return c;
    }

    /** libvirt's virDomainChrSourceDefValidate for this device (a virtio or xen channel may leave its socket path to the driver). */
    static void validate(CharDeviceDef c) {
        boolean pathOptional = "channel".equals(c.kind())
            && ("virtio".equals(c.targetType()) || "xen".equals(c.targetType()));
        CharSourceXml.validate(c.type(), c.sources(), pathOptional);
    }

    private static void parseTarget(CharDeviceDef c, XmlElement target) {
        String type = target.get("type");
        Set<String> types = switch (c.kind()) {
            case "serial" -> SERIAL_TARGETS;
            case "channel" -> CHANNEL_TARGETS;
            case "console" -> CONSOLE_TARGETS;
            default -> null;
        };
        if (type != null && types != null && !types.contains(type)) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                "unknown target type '" + type + "' specified for character device");
        }
        if (type == null && "channel".equals(c.kind())) {
            throw ParseContext.xmlError("target type must be specified for channel device");
        }
        XmlElement model = target.child("model");
        String modelName = model == null ? null : model.get("name");
        if (modelName != null && (!"serial".equals(c.kind()) || !SERIAL_MODELS.contains(modelName))) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                "unknown target model '" + modelName + "' specified for character device");
        }
        c.targetModel(modelName == null ? null : new XmlElement("model").attr("name", modelName));
        if (type != null && !"parallel".equals(c.kind()) && !("serial".equals(c.kind()) && "none".equals(type))) {
            // a serial port's type 'none' is libvirt's unset value, never written
            c.targetType(type);
        }
        if ("channel".equals(c.kind())) {
            switch (type) {
                case "guestfwd" -> {
                    String address = target.get("address");
                    if (address == null) {
                        throw ParseContext.xmlError("guestfwd channel does not define a target address");
                    }
                    if (!isIpv4(address)) {
                        throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                            "guestfwd channel only supports IPv4 addresses");
                    }
                    c.targetAddress(address);
                    String port = target.get("port");
                    if (port == null) {
                        throw ParseContext.missingAttr(target, "port");
                    }
                    c.targetPort((int) ParseContext.uintAttr(target, "port", port));
                }
                case "virtio", "xen" -> {
                    c.targetName(target.get("name"));
                    if ("virtio".equals(type)) {
                        String state = target.get("state");
                        if (state != null && !"connected".equals(state) && !"disconnected".equals(state)) {
                            throw ParseContext.invalidAttr(target, "state", state);
                        }
                        c.targetState(state);
                    }
                }
                default -> {
                    // type 'none': nothing more
                }
            }
            return;
        }
        String port = target.get("port");
        if (port != null) {
            Long n = LibvirtNumbers.uip(port);
            if (n == null || n > Integer.MAX_VALUE) {
                throw ParseContext.xmlError("Invalid port number: " + port);
            }
            c.targetPort(n.intValue());
        }
    }

    /** What virSocketAddrParse accepts as an IPv4 address (dotted quad). */
    private static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * A caller's definition (libvirt's VIR_DOMAIN_DEF_PARSE_INACTIVE): a pty's path is the
     * hypervisor's to report, so one written in the XML is not read (virDomainChrSourceDefParseXML).
     */
    static void dropPtyPaths(List<CharDeviceDef> devices) {
        for (CharDeviceDef c : devices) {
            if ("pty".equals(c.type())) {
                c.sources().removeIf(s -> {
                    s.path(null);
                    return s.mode() == null && s.host() == null && s.service() == null && s.children().isEmpty();
                });
            }
        }
    }

    /**
     * libvirt's tty compatibility attribute: on a live definition, the first console (port 0) of
     * type pty shows its pty path as {@code tty} too (virDomainChrDefFormat's tty_compat).
     */
    private static String ttyCompat(CharDeviceDef c, boolean inactive) {
        if (inactive || !"console".equals(c.kind()) || !"pty".equals(c.type())
            || c.targetPort() != null && c.targetPort() != 0 || c.sources().isEmpty()) {
            return null;
        }
        return c.sources().get(0).path();
    }

    static void format(XmlOut out, CharDeviceDef c, boolean inactive) {
        out.open(2, c.kind()).attr("type", c.type()).attr("tty", ttyCompat(c, inactive)).body();
        XmlElement log = null;
        for (XmlElement l : c.logAndOthers()) {
            if (l.name().equals("log")) {
                log = l;
            }
        }
        out.elements(CharSourceXml.elements(c.type(), c.sources(), c.protocol(), log, inactive), 3);
        boolean target = c.targetType() != null || c.targetPort() != null || c.targetName() != null
            || c.targetAddress() != null || c.targetModel() != null || !c.targetAttrs().isEmpty();
        if (target) {
            out.open(3, "target").attr("type", c.targetType()).attr("address", c.targetAddress())
                .attr("port", c.targetPort()).attr("name", c.targetName()).attr("state", inactive ? null : c.targetState());
            DevicesXml.writeAttrs(out, c.targetAttrs());
            XmlOut body = out.child();
            if (c.targetModel() != null) {
                body.element(c.targetModel(), 4);
            }
            out.body(3, "target", body);
        }
        DevicesXml.formatInfo(out, c, 3);
        out.close(2, c.kind());
    }
}
