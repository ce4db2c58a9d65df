package io.jvirt.driver.esx;

import java.net.URI;
import java.util.Locale;

import io.jvirt.driver.esx.VmxParser.Vmx;

/** Serial and parallel ports of a VMX file (libvirt's {@code virVMXParseSerial} / {@code ...Parallel}). */
final class VmxChars {

    private VmxChars() {
    }

    static void serial(Vmx vmx, DatastorePaths paths, XmlText x, int n) {
        String p = "serial" + n;
        if (!vmx.bool(p + ".present", false)) {
            return;
        }
        String type = VmxDevices.lower(vmx.get(p + ".fileType"));
        String file = vmx.get(p + ".fileName");
        if (type == null || "device".equals(type)) {
            x.open("serial", "type", "dev").empty("source", "path", file);
        } else if ("file".equals(type)) {
            x.open("serial", "type", "file").empty("source", "path", paths.toDomain(file));
        } else if ("pipe".equals(type)) {
            x.open("serial", "type", "pipe").empty("source", "path", file);
        } else if ("network".equals(type)) {
            URI u = null;
            try {
                u = file == null || file.isEmpty() ? null : URI.create(file);
            } catch (IllegalArgumentException e) {
                u = null;
            }
            if (u == null || u.getScheme() == null) {
                // vSPC proxies keep an opaque token here (or nothing): libvirt shows a null port
                x.open("serial", "type", "null").empty("target", "port", String.valueOf(n)).close("serial");
                return;
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            String protocol = switch (scheme) {
                case "tcp" -> "raw";
                case "telnet" -> "telnet";
                case "telnets" -> "telnets";
                case "ssl", "tcp+ssl", "tls", "tcp+tls" -> "tls";
                default -> throw VmxParser.error("VMX entry '" + p + ".fileName' contains unsupported scheme '"
                    + scheme + "'");
            };
            if (u.getHost() == null || u.getPort() < 0) {
                throw VmxParser.error("VMX entry '" + p + ".fileName' doesn't contain a host and a port");
            }
            boolean server = "server".equalsIgnoreCase(vmx.get(p + ".network.endPoint"));
            x.open("serial", "type", "tcp").empty("source", "mode", server ? "bind" : "connect", "host", u.getHost(),
                "service", String.valueOf(u.getPort())).empty("protocol", "type", protocol);
        } else {
            throw VmxParser.error("Expecting VMX entry '" + p + ".fileType' to be 'device', 'file' or 'pipe' "
                + "or 'network' but found '" + type + "'");
        }
        x.empty("target", "port", String.valueOf(n)).close("serial");
    }

    static void parallel(Vmx vmx, DatastorePaths paths, XmlText x, int n) {
        String p = "parallel" + n;
        if (!vmx.bool(p + ".present", false)) {
            return;
        }
        String type = VmxDevices.lower(vmx.get(p + ".fileType"));
        String file = vmx.get(p + ".fileName");
        if (type == null || "device".equals(type)) {
            x.open("parallel", "type", "dev").empty("source", "path", file);
        } else if ("file".equals(type)) {
            x.open("parallel", "type", "file").empty("source", "path", paths.toDomain(file));
        } else {
            throw VmxParser.error("Expecting VMX entry '" + p + ".fileType' to be 'device' or 'file' but found '"
                + type + "'");
        }
        x.empty("target", "port", String.valueOf(n)).close("parallel");
    }
}
