package io.jvirt.api.domain;

import java.math.BigInteger;
import java.util.Locale;

/**
 * Numbers read as libvirt reads them, written once for the domain XML parser and every driver's
 * native-format converter (LXC's config, VMX, xl.cfg, ...): {@code virStrToLong_*} of virstring.c
 * on top of C's {@code strtol}/{@code strtoll} and GLib's {@code g_ascii_strtoull}, and
 * {@code virScaleInteger} of virutil.c.
 *
 * <p>The rules: leading ASCII white space ({@code g_ascii_isspace}) and one sign are allowed, then at
 * least one ASCII digit, base 10; a reader without an end pointer refuses anything after the
 * digits; a negative value read where an unsigned one is asked for wraps around as in C ("-1" is the
 * largest value), except for {@link #uip}, which refuses every '-'. An unsigned 64-bit value is
 * carried in a {@code long} with the same bits ({@link Long#toUnsignedString} writes it). Each
 * reader answers null where libvirt fails.
 */
public final class LibvirtNumbers {

    private static final String C_SPACES = " \t\n\u000B\f\r";
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger ULLONG_MAX = TWO_64.subtract(BigInteger.ONE);
    private static final long UINT_MAX = 0xFFFF_FFFFL;

    private LibvirtNumbers() {
    }

    /** True for the characters C's isspace and GLib's g_ascii_isspace take as white space. */
    public static boolean isSpace(char c) {
        return C_SPACES.indexOf(c) >= 0;
    }

    /** True for an ASCII hex digit (g_ascii_isxdigit); Java's Character.digit also takes others. */
    public static boolean isHexDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /**
     * A number read at the start of a text: its magnitude, its sign, and the index just after its
     * last digit (C's end pointer).
     */
    public record Prefix(BigInteger magnitude, boolean negative, String text, int end) {

        /** What follows the number. */
        public String rest() {
            return text.substring(end);
        }

        /** The number's own characters (white space and sign included). */
        public String read(int from) {
            return text.substring(from, end);
        }

        /** The signed value. */
        public BigInteger signed() {
            return negative ? magnitude.negate() : magnitude;
        }
    }

    /** strtol's reading from the start of {@code s}: null when no digit comes (after white space and one sign). */
    public static Prefix prefix(String s) {
        return prefix(s, 0);
    }

    /** strtol's reading from index {@code from} of {@code s}; null when no digit comes there. */
    public static Prefix prefix(String s, int from) {
        int p = from;
        while (p < s.length() && isSpace(s.charAt(p))) {
            p++;
        }
        boolean negative = false;
        if (p < s.length() && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
            negative = s.charAt(p) == '-';
            p++;
        }
        int digits = p;
        while (p < s.length() && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
            p++;
        }
        if (p == digits) {
            return null;
        }
        return new Prefix(new BigInteger(s.substring(digits, p)), negative, s, p);
    }

    /** g_ascii_strtoull's value of a prefix (ERANGE: null), negative values wrapped. */
    private static Long unsigned64(Prefix n) {
        if (n.magnitude().compareTo(ULLONG_MAX) > 0) {
            return null;
        }
        BigInteger v = n.negative() ? TWO_64.subtract(n.magnitude()).mod(TWO_64) : n.magnitude();
        return v.longValue();
    }

    private static Prefix whole(String s) {
        if (s == null) {
            return null;
        }
        Prefix n = prefix(s);
        return n == null || n.end() != s.length() ? null : n;
    }

    /** virStrToLong_ull(s, NULL, 10): the unsigned 64-bit value (negatives wrap), or null. */
    public static Long ull(String s) {
        Prefix n = whole(s);
        return n == null ? null : unsigned64(n);
    }

    /** An unsigned 64-bit value read at the start of a text, and the text after it. */
    public record Unsigned(long value, String rest) {
    }

    /** virStrToLong_ull(s, &end, 10): the value and the text after it, or null. */
    public static Unsigned ullPrefix(String s) {
        Prefix n = prefix(s);
        Long v = n == null ? null : unsigned64(n);
        return v == null ? null : new Unsigned(v, n.rest());
    }

    /** virStrToLong_ui(s, NULL, 10): 0..UINT_MAX; "-N" is UINT_MAX + 1 - N for N up to UINT_MAX. */
    public static Long ui(String s) {
        Prefix n = whole(s);
        Long v = n == null ? null : unsigned64(n);
        if (v == null) {
            return null;
        }
        if (n.negative()) {
            // libvirt: if (-val > UINT_MAX) error, else val &= UINT_MAX
            if (Long.compareUnsigned(-v, UINT_MAX) > 0) {
                return null;
            }
            return v & UINT_MAX;
        }
        return Long.compareUnsigned(v, UINT_MAX) > 0 ? null : v;
    }

    /**
     * virStrToLong_uip(s, NULL, 10), which virXMLPropUInt uses: an unsigned value that fits 32 bits
     * with no '-' anywhere (not even "-0"), nothing after it; null otherwise.
     */
    public static Long uip(String s) {
        Prefix n = whole(s);
        if (n == null || n.negative() || n.magnitude().bitLength() > 32) {
            return null;
        }
        return n.magnitude().longValue();
    }

    /** virStrToLong_ullp(s, NULL, 10): virStrToLong_uip's rules for 64 bits. */
    public static Long ullp(String s) {
        Prefix n = whole(s);
        if (n == null || n.negative() || n.magnitude().bitLength() > 64) {
            return null;
        }
        return n.magnitude().longValue();
    }

    /** virStrToLong_ll(s, NULL, 10). */
    public static Long ll(String s) {
        Prefix n = whole(s);
        if (n == null) {
            return null;
        }
        BigInteger v = n.signed();
        return v.bitLength() > 63 ? null : v.longValue();
    }

    /** virStrToLong_i(s, NULL, 10), which virXMLPropInt uses. */
    public static Integer i(String s) {
        Long v = ll(s);
        return v == null || v != v.intValue() ? null : v.intValue();
    }

    /** What {@link #scale} refuses. */
    public enum ScaleError { UNKNOWN_SUFFIX, OVERFLOW }

    /** The result of {@link #scale}: the scaled value or why there is none. */
    public record Scaled(long value, ScaleError error) {
    }

    /**
     * virScaleInteger(value, suffix, 1, ULLONG_MAX): "" is 1, b/byte/bytes (any case) 1, k m g t p
     * e (any case) alone or with "iB" powers of 1024, with "B" powers of 1000.
     */
    public static Scaled scale(long unsignedValue, String suffix) {
        long scale;
        if (suffix.isEmpty()) {
            scale = 1;
        } else if (suffix.equalsIgnoreCase("b") || suffix.equalsIgnoreCase("byte") || suffix.equalsIgnoreCase("bytes")) {
            scale = 1;
        } else {
            long base;
            if (suffix.length() == 1 || suffix.substring(1).equalsIgnoreCase("iB")) {
                base = 1024;
            } else if (suffix.length() == 2 && Character.toLowerCase(suffix.charAt(1)) == 'b') {
                base = 1000;
            } else {
                return new Scaled(0, ScaleError.UNKNOWN_SUFFIX);
            }
            int power = "kmgtpe".indexOf(suffix.substring(0, 1).toLowerCase(Locale.ROOT));
            if (power < 0 || suffix.charAt(0) > 127) {
                return new Scaled(0, ScaleError.UNKNOWN_SUFFIX);
            }
            scale = 1;
            for (int i = 0; i <= power; i++) {
                scale *= base;
            }
        }
        // if (*value && *value > limit / scale): overflow
        if (unsignedValue != 0 && Long.compareUnsigned(unsignedValue, Long.divideUnsigned(-1L, scale)) > 0) {
            return new Scaled(0, ScaleError.OVERFLOW);
        }
        return new Scaled(unsignedValue * scale, null);
    }

    /**
     * virStrToLong_ui with base 0: optional white space and sign, then "0x"/"0X" hex, "0" octal or
     * decimal digits, nothing after; "-N" wraps as in libvirt. Null where libvirt fails.
     *
     * @since 0.7.0 (package version)
     */
    public static Long uiBase0(String s) {
        return base0(s, true, 32);
    }

    /** virStrToLong_uip with base 0 (virXMLPropUInt's): as {@link #uiBase0} but no sign '-' at all. */
    public static Long uipBase0(String s) {
        return base0(s, false, 32);
    }

    /**
     * virStrToLong_ullp with base 0 (virXMLPropULongLong's, a lease's expiry): as {@link #uipBase0}
     * but up to 64 bits.
     *
     * @since 0.15.0 (package version)
     */
    public static Long ullpBase0(String s) {
        return base0(s, false, 64);
    }

    private static Long base0(String s, boolean allowNegative, int bits) {
        int i = 0;
        int n = s.length();
        while (i < n && isSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            if (negative && !allowNegative) {
                return null;
            }
            i++;
        }
        int radix = 10;
        if (i + 1 < n && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && i + 2 < n && Character.digit(s.charAt(i + 2), 16) >= 0 && s.charAt(i + 2) < 128) {
            radix = 16;
            i += 2;
        } else if (i < n && s.charAt(i) == '0') {
            radix = 8;
        }
        int start = i;
        while (i < n && s.charAt(i) < 128 && Character.digit(s.charAt(i), radix) >= 0) {
            i++;
        }
        if (i == start || i != n) {
            return null;
        }
        BigInteger v = new BigInteger(s.substring(start, i), radix);
        if (v.bitLength() > 64) {
            return null;
        }
        if (negative) {
            if (v.compareTo(BigInteger.valueOf(UINT_MAX)) > 0) {
                return null;
            }
            return (-v.longValue()) & UINT_MAX;
        }
        return v.bitLength() > bits ? null : v.longValue();
    }
}
