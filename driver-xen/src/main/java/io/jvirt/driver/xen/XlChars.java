package io.jvirt.driver.xen;

import io.jvirt.api.domain.XmlText;
import io.jvirt.api.ErrorCode;

/**
 * xen_common.c's xenParseSxprChar (a serial or parallel port's host side, "pty", "file:/path",
 * "tcp:host:port,server", "/dev/ttyS0" ...) and xenFormatSxprChr, its inverse.
 */
final class XlChars {

    private static final java.util.Set<String> TYPES = java.util.Set.of("null", "vc", "pty", "dev", "file", "pipe",
        "stdio", "udp", "tcp", "unix", "spicevmc", "spiceport", "nmdm", "qemu-vdagent", "dbus");

    private XlChars() {
    }

    /** The XML of a {@code kind} (serial or parallel) device at {@code port}. */
    static String parse(String value, String kind, int port) {
        XmlText x = new XmlText();
        String type;
        String rest = value;
        if (value.startsWith("/")) {
            x.open(kind, "type", "dev").empty("source", "path", value);
            return x.empty("target", "port", Integer.toString(port)).close(kind).toString();
        }
        int colon = value.indexOf(':');
        String prefix = colon >= 0 ? value.substring(0, colon) : value;
        if (colon >= 0) {
            rest = value.substring(colon + 1);
        }
        boolean telnet = false;
        if (prefix.startsWith("telnet")) {
            type = "tcp";
            telnet = true;
        } else if (TYPES.contains(prefix)) {
            type = prefix;
        } else {
            throw XlToDomain.xenError(ErrorCode.INTERNAL_ERROR, "unknown chr device type '" + prefix + "'");
        }
        x.open(kind, "type", type);
        switch (type) {
            case "file", "pipe", "dev" -> x.empty("source", "path", rest);
            case "tcp" -> {
                int c = rest.indexOf(':');
                if (c < 0) {
                    throw XlToDomain.xenError(ErrorCode.INTERNAL_ERROR, "malformed char device string");
                }
                String host = c > 0 ? rest.substring(0, c) : null;
                int comma = rest.indexOf(',', c);
                String service = comma >= 0 ? rest.substring(c + 1, comma) : rest.substring(c + 1);
                boolean server = comma >= 0 && rest.substring(comma).contains(",server");
                x.empty("source", "mode", server ? "bind" : "connect", "host", host, "service", service);
                x.empty("protocol", "type", telnet ? "telnet" : "raw");
            }
            case "udp" -> {
                int c = rest.indexOf(':');
                if (c < 0) {
                    throw XlToDomain.xenError(ErrorCode.INTERNAL_ERROR, "malformed char device string");
                }
                String connectHost = c > 0 ? rest.substring(0, c) : null;
                int at = rest.indexOf('@', c);
                if (at >= 0) {
                    String connectService = rest.substring(c + 1, at);
                    int c3 = rest.indexOf(':', at);
                    if (c3 < 0) {
                        throw XlToDomain.xenError(ErrorCode.INTERNAL_ERROR, "malformed char device string");
                    }
                    String bindHost = c3 > at + 1 ? rest.substring(at + 1, c3) : null;
                    x.empty("source", "mode", "bind", "host", bindHost, "service", rest.substring(c3 + 1));
                    x.empty("source", "mode", "connect", "host", connectHost, "service", connectService);
                } else {
                    x.empty("source", "mode", "connect", "host", connectHost, "service", rest.substring(c + 1));
                }
            }
            case "unix" -> {
                int comma = rest.indexOf(',');
                String path = comma >= 0 ? rest.substring(0, comma) : rest;
                boolean server = comma >= 0 && rest.substring(comma).contains(",server");
                x.empty("source", "mode", server ? "bind" : "connect", "path", path);
            }
            default -> {
            }
        }
        return x.empty("target", "port", Integer.toString(port)).close(kind).toString();
    }
}
