package io.jvirt.api.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.api.domain.LibvirtUuids;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.api.xml.XmlOut;

/**
 * What the pool and volume readers and writers share: element access with libvirt's XPath
 * semantics, libvirt's errors (storage_conf.c reports from VIR_FROM_STORAGE, virxml.c's property
 * readers from VIR_FROM_XML), permissions, secrets, sizes and path sanitizing.
 */
final class StorageXmlSupport {

    private StorageXmlSupport() {
    }

    // ---- element access: like libvirt's XPath, only elements in no namespace ----

    static XmlElement child(XmlElement e, String local) {
        if (e == null) {
            return null;
        }
        for (XmlElement c : e.children()) {
            if (c.namespaceUri() == null && c.name().equals(local)) {
                return c;
            }
        }
        return null;
    }

    static XmlElement child(XmlElement e, String... path) {
        XmlElement cur = e;
        for (String p : path) {
            cur = child(cur, p);
        }
        return cur;
    }

    static List<XmlElement> all(XmlElement e, String local) {
        List<XmlElement> out = new ArrayList<>(2);
        if (e == null) {
            return out;
        }
        for (XmlElement c : e.children()) {
            if (c.namespaceUri() == null && c.name().equals(local)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Children in namespace {@code uri} with local name {@code local}. */
    static List<XmlElement> allNs(XmlElement e, String uri, String local) {
        List<XmlElement> out = new ArrayList<>(2);
        if (e == null) {
            return out;
        }
        for (XmlElement c : e.children()) {
            if (uri.equals(c.namespaceUri()) && c.localName().equals(local)) {
                out.add(c);
            }
        }
        return out;
    }

    /** XPath string() of an element: its text, null when absent or empty (virXPathString gives NULL for ""). */
    static String text(XmlElement e) {
        if (e == null) {
            return null;
        }
        String t = e.text();
        return t == null || t.isEmpty() ? null : t;
    }

    /** virXPathString of an attribute: null when absent or empty. */
    static String xpathAttr(XmlElement e, String a) {
        if (e == null) {
            return null;
        }
        String v = e.attributes().get(a);
        return v == null || v.isEmpty() ? null : v;
    }

    /** virXMLPropString: the attribute as written ("" stays ""), null when absent. */
    static String prop(XmlElement e, String a) {
        return e == null ? null : e.attributes().get(a);
    }

    // ---- errors ----

    /** VIR_ERR_XML_ERROR from storage_conf.c. */
    static VirtException xml(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.STORAGE, detail);
    }

    /** VIR_ERR_CONFIG_UNSUPPORTED from storage_conf.c. */
    static VirtException unsupported(String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.STORAGE, detail);
    }

    /** virXMLProp*'s "Invalid value for attribute" wording (VIR_FROM_XML). */
    static VirtException invalidAttr(XmlElement e, String attr, String value) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML,
            "Invalid value for attribute '" + attr + "' in element '" + e.name() + "': '" + value + "'.");
    }

    static VirtException missingAttr(XmlElement e, String attr) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML,
            "Missing required attribute '" + attr + "' in element '" + e.name() + "'");
    }

    /** virXMLPropTristateBool: yes/no, null when absent (or e null). */
    static Boolean tristateBool(XmlElement e, String attr) {
        String v = prop(e, attr);
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "yes" -> Boolean.TRUE;
            case "no" -> Boolean.FALSE;
            default -> throw invalidAttr(e, attr, v);
        };
    }

    /** virXMLPropInt (base 10): {@code absent} when the attribute is absent. */
    static int intProp(XmlElement e, String attr, int absent) {
        String v = prop(e, attr);
        if (v == null) {
            return absent;
        }
        Integer n = LibvirtNumbers.i(v);
        if (n == null) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML, "Invalid value for attribute '" + attr
                + "' in element '" + e.name() + "': '" + v + "'. Expected integer value");
        }
        return n;
    }

    // ---- permissions (virStorageDefParsePerms) ----

    static StoragePermissions perms(XmlElement node) {
        if (node == null) {
            return StoragePermissions.NONE;
        }
        Integer mode = null;
        String modeText = text(child(node, "mode"));
        if (modeText != null) {
            Long m = octal(modeText);
            if (m == null || (m & ~0777L) != 0) {
                throw xml("malformed octal mode");
            }
            mode = m.intValue();
        }
        Long owner = id(node, "owner", "malformed owner element");
        Long group = id(node, "group", "malformed group element");
        String label = text(child(node, "label"));
        return new StoragePermissions(mode, owner, group, label);
    }

    /**
     * An owner or group: virXPathLongLong, then a value that is a uid_t/gid_t (32 bits) or -1; -1 and
     * 4294967295 are libvirt's "unset", returned as null.
     */
    private static Long id(XmlElement node, String name, String error) {
        XmlElement e = child(node, name);
        if (e == null) {
            return null;
        }
        String t = text(e);
        Long v = t == null ? null : LibvirtNumbers.ll(t);
        if (v == null || (v != -1 && (v < 0 || v > 0xFFFF_FFFFL))) {
            throw xml(error);
        }
        return v == -1 || v == 0xFFFF_FFFFL ? null : v;
    }

    /** virStrToLong_i(s, NULL, 8): C strtol base 8 into an int; null on failure. */
    static Long octal(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && LibvirtNumbers.isSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int start = i;
        long v = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
            v = v * 8 + (s.charAt(i) - '0');
            if (v > Integer.MAX_VALUE + 1L) {
                return null;
            }
            i++;
        }
        if (i == start || i != n) {
            return null;
        }
        v = negative ? -v : v;
        return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? null : v;
    }

    static void formatPerms(XmlOut out, int level, StoragePermissions p) {
        if (p == null || p.isEmpty()) {
            return;
        }
        out.open(level, "permissions").body();
        if (p.mode() != null) {
            out.leaf(level + 1, "mode", "0" + Integer.toOctalString(p.mode()));
        }
        if (p.owner() != null) {
            out.leaf(level + 1, "owner", (int) (long) p.owner());
        }
        if (p.group() != null) {
            out.leaf(level + 1, "group", (int) (long) p.group());
        }
        out.leaf(level + 1, "label", p.label());
        out.close(level, "permissions");
    }

    // ---- secrets (virSecretLookupParseSecret / virSecretLookupFormatSecret) ----

    static SecretRef secret(XmlElement node) {
        String uuid = prop(node, "uuid");
        String usage = prop(node, "usage");
        if (uuid == null && usage == null) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NONE, "missing secret uuid or usage attribute");
        }
        if (uuid != null && usage != null) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NONE, "either secret uuid or usage expected");
        }
        String type = prop(node, "type");
        if (uuid != null) {
            UUID u = LibvirtUuids.parse(uuid);
            if (u == null) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NONE, "invalid secret uuid '" + uuid + "'");
            }
            return new SecretRef(type, u, null);
        }
        return new SecretRef(type, null, usage);
    }

    static void formatSecret(XmlOut out, int level, SecretRef s) {
        out.open(level, "secret").attr("type", s.type());
        if (s.uuid() != null) {
            out.attr("uuid", s.uuid().toString());
        } else {
            out.attr("usage", s.usage());
        }
        out.end();
    }

    // ---- sizes ----

    /**
     * virStorageSize: a base-10 unsigned number scaled by {@code unit} up to LLONG_MAX (off_t is
     * signed: no larger file can exist).
     */
    static long size(String unit, String value) {
        Long n = value == null ? null : LibvirtNumbers.ullp(value);
        if (n == null) {
            throw xml("malformed capacity element");
        }
        return scale(n, unit, Long.MAX_VALUE);
    }

    /** virScaleInteger(value, unit, 1, limit) with its errors; {@code limit} -1 is ULLONG_MAX. */
    static long scale(long value, String unit, long limit) {
        String suffix = unit == null ? "" : unit;
        LibvirtNumbers.Scaled unitScale = LibvirtNumbers.scale(1, suffix);
        if (unitScale.error() == LibvirtNumbers.ScaleError.UNKNOWN_SUFFIX) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "unknown suffix '" + suffix + "'");
        }
        long factor = unitScale.value();
        if (value != 0 && Long.compareUnsigned(value, Long.divideUnsigned(limit, factor)) > 0) {
            throw new VirtException(ErrorCode.OVERFLOW, ErrorDomain.NONE,
                "value too large: " + Long.toUnsignedString(value) + suffix);
        }
        return value * factor;
    }

    // ---- paths ----

    /** virFileSanitizePath: collapses repeated '/' and drops a trailing one; URIs stay as given. */
    static String sanitizePath(String path) {
        int uri = path.indexOf("://");
        if (uri >= 0 && path.indexOf('/') > uri) {
            return path;
        }
        StringBuilder sb = new StringBuilder(path.length());
        int cur = 0;
        int n = path.length();
        // starting with // is valid POSIX, but ///foo == /foo
        if (n >= 2 && path.charAt(0) == '/' && path.charAt(1) == '/' && (n == 2 || path.charAt(2) != '/')) {
            sb.append("//");
            cur = 2;
        }
        while (cur < n) {
            char c = path.charAt(cur);
            if (c != '/') {
                sb.append(c);
                cur++;
                continue;
            }
            while (cur < n && path.charAt(cur) == '/') {
                cur++;
            }
            if (sb.length() != 0 && cur == n) {
                break;
            }
            sb.append('/');
        }
        return sb.toString();
    }
}
