package io.jvirt.core.kit.vmx;

import java.util.Locale;

import io.jvirt.api.domain.XmlText;
import io.jvirt.api.domain.LibvirtNumbers;

/** Serial and parallel ports of a VMX file (libvirt's {@code virVMXParseSerial} / {@code ...Parallel}). */
final class VmxChars {

    private VmxChars() {
    }

    static void serial(Vmx vmx, VmxContext ctx, XmlText x, int port) {
        String p = "serial" + port;
        boolean present = vmx.bool(p + ".present", false, true);
        vmx.bool(p + ".startConnected", true, true);
        if (!present) {
            return;
        }
        String fileTypeName = p + ".fileType";
        String fileType = vmx.string(fileTypeName, true);
        String fileNameName = p + ".fileName";
        String fileName = vmx.string(fileNameName, true);
        String endPointName = p + ".network.endPoint";
        String endPoint = vmx.string(endPointName, true);
        String target = String.valueOf(port);
        // VMware omits the file type of the default kind, "device"
        if (fileType == null || fileType.equalsIgnoreCase("device")) {
            source(x.open("serial", "type", "dev"), fileName);
        } else if (fileType.equalsIgnoreCase("file")) {
            x.open("serial", "type", "file").empty("source", "path",
                ctx.parseFileName(required(fileNameName, fileName), false));
        } else if (fileType.equalsIgnoreCase("pipe")) {
            // client/server and VM/application pipes look alike in domain XML
            source(x.open("serial", "type", "pipe"), fileName);
        } else if (fileType.equalsIgnoreCase("network")) {
            NetworkUri uri = NetworkUri.parse(fileName);
            if (uri == null || uri.port() == 0) {
                // what is no URI with a port (a vSPC token, nothing at all) libvirt shows as a null port
                x.open("serial", "type", "null").empty("target", "port", target).close("serial");
                return;
            }
            String protocol = protocol(uri.scheme());
            if (protocol == null) {
                throw VmxParser.error("VMX entry '" + fileNameName + "' contains unsupported scheme '" + uri.scheme()
                    + "'");
            }
            String mode;
            if (endPoint == null || endPoint.equalsIgnoreCase("server")) {
                mode = "bind";
            } else if (endPoint.equalsIgnoreCase("client")) {
                mode = "connect";
            } else {
                throw VmxParser.error("Expecting VMX entry '" + endPointName + "' to be 'server' or 'client' but "
                    + "found '" + endPoint + "'");
            }
            x.open("serial", "type", "tcp").empty("source", "mode", mode, "host", uri.host(), "service",
                String.valueOf(uri.port())).empty("protocol", "type", protocol);
        } else {
            throw VmxParser.error("Expecting VMX entry '" + fileTypeName + "' to be 'device', 'file' or 'pipe' or "
                + "'network' but found '" + fileType + "'");
        }
        x.empty("target", "port", target).close("serial");
    }

    /** The vSphere URI backing schemes libvirt knows (VirtualSerialPortURIBackingInfo), or null. */
    private static String protocol(String scheme) {
        if (scheme == null) {
            return "raw";
        }
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "tcp", "tcp4", "tcp6" -> "raw";
            case "telnet" -> "telnet";
            case "telnets" -> "telnets";
            case "ssl", "tcp+ssl", "tcp4+ssl", "tcp6+ssl" -> "tls";
            default -> null;
        };
    }

    static void parallel(Vmx vmx, VmxContext ctx, XmlText x, int port) {
        String p = "parallel" + port;
        boolean present = vmx.bool(p + ".present", false, true);
        vmx.bool(p + ".startConnected", true, true);
        if (!present) {
            return;
        }
        String fileTypeName = p + ".fileType";
        String fileType = vmx.string(fileTypeName, false);
        String fileName = vmx.string(p + ".fileName", false);
        if (fileType.equalsIgnoreCase("device")) {
            x.open("parallel", "type", "dev").empty("source", "path", fileName);
        } else if (fileType.equalsIgnoreCase("file")) {
            x.open("parallel", "type", "file").empty("source", "path", ctx.parseFileName(fileName, false));
        } else {
            throw VmxParser.error("Expecting VMX entry '" + fileTypeName + "' to be 'device' or 'file' but found '"
                + fileType + "'");
        }
        x.empty("target", "port", String.valueOf(port)).close("parallel");
    }

    /** A {@code <source path>}; none without a path, as libvirt formats a port with no file. */
    private static void source(XmlText x, String path) {
        if (path != null) {
            x.empty("source", "path", path);
        }
    }

    private static String required(String name, String value) {
        if (value == null) {
            throw VmxParser.error("Missing essential config entry '" + name + "'");
        }
        return value;
    }

    /**
     * What libvirt's virURIParse (libxml2's RFC 3986 reader) takes from a serial port's file name:
     * the scheme, the server and the port; null when the text is no URI reference at all.
     */
    record NetworkUri(String scheme, String host, int port) {

        static NetworkUri parse(String s) {
            if (s == null) {
                return null;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`'
                    || c == '{' || c == '|' || c == '}') {
                    return null; // characters a URI may not hold
                }
            }
            String scheme = null;
            String rest = s;
            int colon = s.indexOf(':');
            if (colon > 0 && Character.isLetter(s.charAt(0)) && s.substring(0, colon).chars()
                .allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.'))) {
                scheme = s.substring(0, colon);
                rest = s.substring(colon + 1);
            }
            if (!rest.startsWith("//")) {
                return new NetworkUri(scheme, null, 0);
            }
            String authority = rest.substring(2);
            int end = authority.length();
            for (char stop : new char[] {'/', '?', '#'}) {
                int at = authority.indexOf(stop);
                if (at >= 0 && at < end) {
                    end = at;
                }
            }
            authority = authority.substring(0, end);
            int at = authority.lastIndexOf('@');
            String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
            String host;
            String portText = null;
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                if (close < 0) {
                    return null;
                }
                host = hostPort.substring(1, close);
                String after = hostPort.substring(close + 1);
                if (after.startsWith(":")) {
                    portText = after.substring(1);
                } else if (!after.isEmpty()) {
                    return null;
                }
            } else {
                int c = hostPort.lastIndexOf(':');
                host = c >= 0 ? hostPort.substring(0, c) : hostPort;
                portText = c >= 0 ? hostPort.substring(c + 1) : null;
            }
            int port = 0;
            if (portText != null && !portText.isEmpty()) {
                if (!portText.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                    return null;
                }
                Long n = LibvirtNumbers.ll(portText);
                if (n == null || n > Integer.MAX_VALUE) {
                    return null;
                }
                port = n.intValue();
            }
            return new NetworkUri(scheme, host.isEmpty() ? null : host, port);
        }
    }
}
