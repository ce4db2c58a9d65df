package io.jvirt.api.domain;

import java.util.BitSet;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * libvirt's CPU and NUMA node lists ("0-3,^2,8"): read as {@code virBitmapParse} reads them and
 * written as {@code virBitmapFormat} writes them ("1,2,5-7" comes back as "1-2,5-7"). Public for
 * the drivers' converters, which must write such lists exactly as libvirt does.
 */
public final class CpuSet {

    /** The number of CPUs (and NUMA nodes) a list may name: libvirt's {@code VIR_DOMAIN_CPUMASK_LEN}. */
    public static final int MAX_CPU = 16384;

    private CpuSet() {
    }

    /**
     * Reads a list by libvirt's rules: comma-separated {@code N}, {@code N-M} (N &lt;= M) and
     * {@code ^N} (removes N), each number below {@link #MAX_CPU}; blanks around the items and the
     * signs are allowed where libvirt allows them, a trailing comma too. The result may be empty
     * ("1,^1"): the callers decide whether that is allowed.
     *
     * @throws VirtException INVALID_ARG "Failed to parse bitmap '...'", as libvirt reports it
     */
    public static BitSet parse(String spec) {
        BitSet set = scan(spec);
        if (set == null) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "Failed to parse bitmap '" + spec + "'");
        }
        return set;
    }

    /** {@code virBitmapFormat}: ascending, runs of two or more as "N-M", "" for an empty set. */
    public static String format(BitSet set) {
        StringBuilder sb = new StringBuilder();
        for (int i = set.nextSetBit(0); i >= 0;) {
            int end = set.nextClearBit(i) - 1;
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(i);
            if (end > i) {
                sb.append('-').append(end);
            }
            i = set.nextSetBit(end + 1);
        }
        return sb.toString();
    }

    /** The model's reading of a list in an element or attribute ({@code what}): XML_ERROR when malformed. */
    static BitSet parse(String spec, String what) {
        BitSet set = scan(spec);
        if (set == null) {
            throw ParseContext.xmlError("Failed to parse bitmap '" + spec + "' in " + what);
        }
        return set;
    }

    static void check(String spec, String what) {
        parse(spec, what);
    }

    /**
     * A list that must name something ({@code vcpu@cpuset}, numatune nodesets) in libvirt's form,
     * or null when it names every CPU libvirt can (libvirt then leaves the attribute out).
     *
     * @throws VirtException CONFIG_UNSUPPORTED "Invalid value of 'attr': ..." for an empty list
     */
    static String canonicalNonEmpty(String spec, String attr, String what) {
        BitSet set = parse(spec, what);
        if (set.isEmpty()) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                "Invalid value of '" + attr + "': " + spec);
        }
        return set.cardinality() == MAX_CPU ? null : format(set);
    }

    /**
     * The attribute {@code attr} of {@code e}, when present and naming at least one CPU or node,
     * rewritten in libvirt's form (libvirt keeps these lists as bitmaps and writes them back with
     * virBitmapFormat); a malformed list is an XML_ERROR as before, an empty one is left as it is
     * for the callers' own checks.
     */
    static void canonicalAttr(XmlElement e, String attr, String what) {
        String spec = e.attributes().get(attr);
        if (spec != null) {
            BitSet set = parse(spec, what);
            if (!set.isEmpty()) {
                e.attr(attr, format(set));
            }
        }
    }

    /** virBitmapParseInternal with a limited bitmap; null where libvirt fails. */
    private static BitSet scan(String spec) {
        if (spec == null) {
            return null;
        }
        Scanner s = new Scanner(spec);
        s.skipSpaces();
        if (s.atEnd()) {
            return null;
        }
        BitSet set = new BitSet();
        while (!s.atEnd()) {
            boolean neg = s.peek() == '^';
            if (neg) {
                s.pos++;
            }
            if (!isDigit(s.peek())) {
                return null;
            }
            long start = s.number();
            if (start < 0 || start >= MAX_CPU) {
                return null;
            }
            s.skipSpaces();
            if (s.atEnd() || s.peek() == ',') {
                if (neg) {
                    set.clear((int) start);
                } else {
                    set.set((int) start);
                }
            } else if (s.peek() == '-') {
                if (neg) {
                    return null;
                }
                s.pos++;
                s.skipSpaces();
                long last = s.number(); // strtol here: a sign is allowed ("1-+3")
                if (last < start || last >= MAX_CPU) {
                    return null;
                }
                set.set((int) start, (int) last + 1);
                s.skipSpaces();
            }
            if (s.atEnd()) {
                break;
            }
            if (s.peek() != ',') {
                return null;
            }
            s.pos++;
            s.skipSpaces();
        }
        return set;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** A cursor over the list with libvirt's virSkipSpaces and a strtol-like number. */
    private static final class Scanner {
        final String s;
        int pos;

        Scanner(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        int peek() {
            return atEnd() ? -1 : s.charAt(pos);
        }

        /** virSkipSpaces: ASCII white space (g_ascii_isspace). */
        void skipSpaces() {
            while (!atEnd() && LibvirtNumbers.isSpace(s.charAt(pos))) {
                pos++;
            }
        }

        /**
         * strtol base 10 into an int (virStrToLong_i with an end pointer): leading white space and
         * one sign, then at least one digit; -1 (never a valid CPU) when there is none or it
         * overflows an int.
         */
        long number() {
            LibvirtNumbers.Prefix n = LibvirtNumbers.prefix(s, pos);
            if (n == null || n.magnitude().compareTo(java.math.BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
                return -1;
            }
            pos = n.end();
            return n.signed().longValue();
        }
    }
}
