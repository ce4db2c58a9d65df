package io.jvirt.core.kit.vmx;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.domain.CharDeviceDef;
import io.jvirt.api.domain.CharSource;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.kit.vmx.DomainToVmx.VmxWriter;

/** The serialN and parallelN lines of a VMX file (libvirt's {@code virVMXFormatSerial} / {@code ...Parallel}). */
final class VmxWriterChars {

    private VmxWriterChars() {
    }

    static void write(DomainDef def, VmxContext ctx, VmxWriter w) {
        List<CharDeviceDef> serials = ofKind(def, "serial");
        int[] ports = ports(serials);
        for (int i = 0; i < serials.size(); i++) {
            serial(serials.get(i), ports[i], ctx, w);
        }
        List<CharDeviceDef> parallels = ofKind(def, "parallel");
        ports = ports(parallels);
        for (int i = 0; i < parallels.size(); i++) {
            parallel(parallels.get(i), ports[i], ctx, w);
        }
    }

    private static List<CharDeviceDef> ofKind(DomainDef def, String kind) {
        List<CharDeviceDef> out = new ArrayList<>();
        for (CharDeviceDef c : def.charDevices()) {
            if (kind.equals(c.kind())) {
                out.add(c);
            }
        }
        return out;
    }

    /** Target ports: as given, else one more than the highest port before it (libvirt's parser). */
    private static int[] ports(List<CharDeviceDef> chars) {
        int[] ports = new int[chars.size()];
        for (int i = 0; i < chars.size(); i++) {
            Integer p = chars.get(i).targetPort();
            if (p == null || p < 0) {
                int max = -1;
                for (int j = 0; j < i; j++) {
                    max = Math.max(max, ports[j]);
                }
                ports[i] = max + 1;
            } else {
                ports[i] = p;
            }
        }
        return ports;
    }

    private static void serial(CharDeviceDef c, int port, VmxContext ctx, VmxWriter w) {
        if (port < 0 || port > 3) {
            throw VmxParser.error("Serial port index " + port + " out of [0..3] range");
        }
        String p = "serial" + port;
        w.put(p + ".present", "true");
        CharSource s = c.sources().isEmpty() ? null : c.sources().get(0);
        String path = s == null ? null : s.path();
        switch (c.type()) {
            case "dev" -> w.put(p + ".fileType", "device").put(p + ".fileName", path);
            case "file" -> w.put(p + ".fileType", "file").put(p + ".fileName", fileName(ctx, path));
            case "pipe" -> w.put(p + ".fileType", "pipe").put(p + ".pipe.endPoint", "client")
                .put(p + ".tryNoRxLoss", "false").put(p + ".fileName", path);
            case "tcp" -> {
                String proto = c.protocol() == null ? "raw" : c.protocol();
                String scheme = switch (proto) {
                    case "raw" -> "tcp";
                    case "telnet" -> "telnet";
                    case "telnets" -> "telnets";
                    case "tls" -> "ssl";
                    default -> throw DomainToVmx.unsupported("Unsupported character device TCP protocol '" + proto
                        + "'");
                };
                String host = s == null || s.host() == null ? "(null)" : s.host();
                String service = s == null || s.service() == null ? "(null)" : s.service();
                boolean listen = s != null && "bind".equals(s.mode());
                w.put(p + ".fileType", "network").put(p + ".fileName", scheme + "://" + host + ":" + service)
                    .put(p + ".network.endPoint", listen ? "server" : "client");
            }
            default -> throw DomainToVmx.unsupported("Unsupported character device type '" + c.type() + "'");
        }
        w.put(p + ".yieldOnMsrRead", "true");
    }

    private static void parallel(CharDeviceDef c, int port, VmxContext ctx, VmxWriter w) {
        if (port < 0 || port > 2) {
            throw VmxParser.error("Parallel port index " + port + " out of [0..2] range");
        }
        String p = "parallel" + port;
        w.put(p + ".present", "true");
        CharSource s = c.sources().isEmpty() ? null : c.sources().get(0);
        String path = s == null ? null : s.path();
        switch (c.type()) {
            case "dev" -> w.put(p + ".fileType", "device").put(p + ".fileName", path);
            case "file" -> w.put(p + ".fileType", "file").put(p + ".fileName", fileName(ctx, path));
            default -> throw DomainToVmx.unsupported("Unsupported character device type '" + c.type() + "'");
        }
    }

    private static String fileName(VmxContext ctx, String path) {
        if (path == null) {
            throw VmxParser.error("Could not handle file name '(null)'");
        }
        return ctx.formatFileName(path);
    }
}
