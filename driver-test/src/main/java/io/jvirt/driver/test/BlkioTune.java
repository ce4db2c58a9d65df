package io.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.XmlElement;

/**
 * A definition's {@code <blkiotune>} as libvirt's virBlkioDevice list: the weight and, per device
 * path, its weight, IOPS and bytes-per-second limits (0: none). Read from and written back to the
 * kept element in libvirt's layout (a device with nothing set is not written, an empty tune not at
 * all); device strings parsed and merged as domain_driver.c's virDomainDriverParseBlkioDeviceStr
 * and virDomainDriverMergeBlkioDevice do.
 */
final class BlkioTune {

    /** The five per-device values, as parameter field, XML element and unsigned bit width. */
    enum Kind {
        WEIGHT("device_weight", "weight", 32),
        READ_IOPS("device_read_iops_sec", "read_iops_sec", 32),
        WRITE_IOPS("device_write_iops_sec", "write_iops_sec", 32),
        READ_BPS("device_read_bytes_sec", "read_bytes_sec", 64),
        WRITE_BPS("device_write_bytes_sec", "write_bytes_sec", 64);

        final String field;
        final String element;
        final int bits;

        Kind(String field, String element, int bits) {
            this.field = field;
            this.element = element;
            this.bits = bits;
        }

        static Kind of(String field) {
            for (Kind k : values()) {
                if (k.field.equals(field)) {
                    return k;
                }
            }
            return null;
        }
    }

    static final class Device {
        final String path;
        /** Unsigned values by {@link Kind} ordinal. */
        final long[] values = new long[Kind.values().length];

        Device(String path) {
            this.path = path;
        }

        boolean empty() {
            for (long v : values) {
                if (v != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    long weight;
    final List<Device> devices = new ArrayList<>();

    static BlkioTune of(DomainDef def) {
        BlkioTune t = new BlkioTune();
        XmlElement e = def.kept("blkiotune");
        if (e == null) {
            return t;
        }
        for (XmlElement c : e.children()) {
            if (c.name().equals("weight")) {
                t.weight = number(c.text());
            } else if (c.name().equals("device")) {
                Device d = null;
                for (XmlElement f : c.children()) {
                    if (f.name().equals("path")) {
                        d = new Device(f.text() == null ? "" : f.text().trim());
                    }
                }
                if (d == null) {
                    continue;
                }
                for (XmlElement f : c.children()) {
                    for (Kind k : Kind.values()) {
                        if (f.name().equals(k.element)) {
                            d.values[k.ordinal()] = number(f.text());
                        }
                    }
                }
                t.devices.add(d);
            }
        }
        return t;
    }

    private static long number(String text) {
        try {
            return text == null ? 0 : Long.parseUnsignedLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The parameter string of one kind: "path,value" of every device with a value of it, comma-joined. */
    String devicesText(Kind k) {
        StringBuilder b = new StringBuilder();
        for (Device d : devices) {
            long v = d.values[k.ordinal()];
            if (v != 0) {
                if (b.length() > 0) {
                    b.append(',');
                }
                b.append(d.path).append(',').append(Long.toUnsignedString(v));
            }
        }
        return b.toString();
    }

    /** virDomainDriverMergeBlkioDevice: a known path's value replaced, an unknown path added unless its value is 0. */
    void merge(Kind k, List<Device> parsed) {
        for (Device src : parsed) {
            long v = src.values[k.ordinal()];
            Device dest = null;
            for (Device d : devices) {
                if (d.path.equals(src.path)) {
                    dest = d;
                    break;
                }
            }
            if (dest != null) {
                dest.values[k.ordinal()] = v;
            } else if (v != 0) {
                Device added = new Device(src.path);
                added.values[k.ordinal()] = v;
                devices.add(added);
            }
        }
    }

    /** virDomainDriverParseBlkioDeviceStr: "path,value[,path,value...]", an even number of fields. */
    static List<Device> parse(String text, Kind k) {
        List<Device> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        long commas = text.chars().filter(c -> c == ',').count();
        if (commas % 2 == 0) {
            throw parseError(k, text);
        }
        int pos = 0;
        while (pos < text.length()) {
            int comma = text.indexOf(',', pos);
            if (comma < 0) {
                throw parseError(k, text);
            }
            Device d = new Device(text.substring(pos, comma));
            int start = comma + 1;
            int end = digitsEnd(text, start);
            Long value = end < 0 ? null : value(text.substring(start, end).trim(), k.bits);
            if (value == null) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "invalid value '" + text.substring(start)
                    + "' for parameter '" + k.field + "' of device '" + d.path + "'");
            }
            d.values[k.ordinal()] = value;
            out.add(d);
            if (end == text.length()) {
                break;
            }
            if (text.charAt(end) != ',') {
                throw parseError(k, text);
            }
            pos = end + 1;
        }
        return out;
    }

    /** Where the number starting at {@code start} ends (strtoul: blanks, an optional '+', digits); -1 without digits. */
    private static int digitsEnd(String s, int start) {
        int i = start;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '+') {
            i++;
        }
        int digits = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i == digits ? -1 : i;
    }

    private static Long value(String digits, int bits) {
        try {
            long v = Long.parseUnsignedLong(digits.startsWith("+") ? digits.substring(1) : digits);
            if (bits == 32 && Long.compareUnsigned(v, 0xffffffffL) > 0) {
                return null;
            }
            return v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static VirtException parseError(Kind k, String text) {
        return new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
            "unable to parse blkio device '" + k.field + "' '" + text + "'");
    }

    /** Writes the tune back as libvirt formats it (virDomainDefFormatBlkiotune). */
    void writeTo(DomainDef def) {
        XmlElement old = def.kept("blkiotune");
        XmlElement e = new XmlElement("blkiotune");
        if (weight != 0) {
            e.add(new XmlElement("weight").text(Long.toUnsignedString(weight)));
        }
        for (Device d : devices) {
            if (d.empty()) {
                continue;
            }
            XmlElement de = new XmlElement("device");
            de.add(new XmlElement("path").text(d.path));
            for (Kind k : Kind.values()) {
                long v = d.values[k.ordinal()];
                if (v != 0) {
                    de.add(new XmlElement(k.element).text(Long.toUnsignedString(v)));
                }
            }
            e.add(de);
        }
        List<XmlElement> kept = def.kept();
        int at = old == null ? -1 : kept.indexOf(old);
        if (old != null) {
            kept.remove(old);
        }
        if (!e.children().isEmpty()) {
            kept.add(at < 0 ? kept.size() : at, e);
        }
    }
}
