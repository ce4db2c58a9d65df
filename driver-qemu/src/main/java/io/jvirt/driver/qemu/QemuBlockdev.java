package io.jvirt.driver.qemu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DiskDef;

/**
 * A disk's host side as libvirt writes it for QEMU 7.2: two {@code -blockdev} nodes in JSON, the
 * protocol node ({@code driver=file} or {@code host_device}, the source as a literal file name)
 * and the format node on top of it. Never {@code -drive file=...}: QEMU parses that file name,
 * so a source such as {@code json:{"driver":"file","filename":"/etc/shadow"}} or {@code nbd:...}
 * would open something other than a file. Here the source must be an absolute path, it is a JSON
 * string (no ',' escaping to get wrong), and a format that can name a backing file gets
 * {@code "backing":null}, so the image's header cannot make QEMU open another host file either
 * (images with a backing file are refused at start, {@link QemuHostChecks}).
 */
final class QemuBlockdev {

    /** Formats jvirt hands to QEMU (libvirt's storage formats that QEMU 7.2 opens as a block driver). */
    static final Set<String> FORMATS = Set.of("raw", "qcow2", "qcow", "qed", "vmdk", "vdi", "vpc", "vhdx", "cloop", "dmg",
        "bochs", "parallels", "luks");
    /** The formats whose images can name a backing file. */
    static final Set<String> WITH_BACKING = Set.of("qcow2", "qcow", "qed", "vmdk");
    /** libvirt's cache modes: {direct, no-flush, write-cache}. */
    private static final Map<String, boolean[]> CACHE = Map.of(
        "none", new boolean[] {true, false, true},
        "writethrough", new boolean[] {false, false, false},
        "writeback", new boolean[] {false, false, true},
        "directsync", new boolean[] {true, false, false},
        "unsafe", new boolean[] {false, true, true},
        "default", new boolean[0]);

    private QemuBlockdev() {
    }

    /**
     * Adds the two nodes of disk {@code d} (its {@code n}th medium) to {@code a}.
     *
     * @return the format node's name, what {@code -device ...,drive=} names
     */
    static String add(DiskDef d, boolean cdrom, int n, List<String> a) {
        String path = d.sourcePath();
        checkSource(path);
        String format = format(d);
        boolean readOnly = d.readonly() || cdrom;
        boolean[] cache = cache(d);
        String storage = "libvirt-" + n + "-storage";
        String top = "libvirt-" + n + "-format";

        Map<String, Object> file = new LinkedHashMap<>();
        file.put("driver", "block".equals(actualType(d)) ? (cdrom ? "host_cdrom" : "host_device") : "file");
        file.put("filename", path);
        file.put("node-name", storage);
        file.put("read-only", readOnly);
        putCache(file, cache);

        Map<String, Object> fmt = new LinkedHashMap<>();
        fmt.put("node-name", top);
        fmt.put("read-only", readOnly);
        putCache(fmt, cache);
        fmt.put("driver", format);
        fmt.put("file", storage);
        if (WITH_BACKING.contains(format)) {
            fmt.put("backing", null);
        }
        a.add("-blockdev");
        a.add(QmpJson.write(file));
        a.add("-blockdev");
        a.add(QmpJson.write(fmt));
        return top;
    }

    /** The disk's storage type, a volume disk's the one its volume resolved to at start (null before). */
    static String actualType(DiskDef d) {
        return "volume".equals(d.type()) ? d.sourceActualType() : d.type();
    }

    /** The device's {@code write-cache} property for the disk's cache mode ("" when it has none). */
    static String writeCache(DiskDef d) {
        boolean[] cache = cache(d);
        return cache.length == 0 ? "" : ",write-cache=" + (cache[2] ? "on" : "off");
    }

    /** A disk source is a plain absolute path: QEMU gets it as a file name and nothing else. */
    static void checkSource(String path) {
        if (path == null || !path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                "disk source '" + String.valueOf(path).replace("\0", "\\0") + "' must be an absolute path");
        }
    }

    static String format(DiskDef d) {
        String format = d.driverType() == null ? "raw" : d.driverType();
        if (!FORMATS.contains(format)) {
            throw QemuDevices.unsupported("disk format '" + format + "'");
        }
        return format;
    }

    private static boolean[] cache(DiskDef d) {
        String mode = d.driverAttrs().get("cache");
        if (mode == null) {
            return new boolean[0];
        }
        boolean[] c = CACHE.get(mode);
        if (c == null) {
            throw QemuDevices.unsupported("disk cache mode '" + mode + "'");
        }
        return c;
    }

    private static void putCache(Map<String, Object> node, boolean[] cache) {
        if (cache.length > 0) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("direct", cache[0]);
            c.put("no-flush", cache[1]);
            node.put("cache", c);
        }
    }
}
