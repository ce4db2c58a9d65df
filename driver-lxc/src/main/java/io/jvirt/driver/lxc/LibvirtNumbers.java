package io.jvirt.driver.lxc;

import java.math.BigInteger;
import java.util.Locale;

/**
 * Numbers read as libvirt's virstring.c and virutil.c read them ({@code virStrToLong_*} on top of
 * {@code g_ascii_strtoull}/{@code g_ascii_strtoll}, and {@code virScaleInteger}): leading ASCII
 * white space and a sign are allowed, nothing may follow the digits, a negative value given where
 * an unsigned one is read wraps around as in C ("-1" is the largest value). An unsigned 64-bit
 * value is carried in a {@code long} with the same bits; {@link Long#toUnsignedString} writes it.
 * Each reader answers null where libvirt fails.
 */
final class LibvirtNumbers {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger ULLONG_MAX = TWO_64.subtract(BigInteger.ONE);
    private static final long UINT_MAX = 0xFFFF_FFFFL;

    private LibvirtNumbers() {
    }

    /** A number at the start of a string and what follows it. */
    record Prefix(BigInteger value, boolean negative, String rest) {
    }

    /** g_ascii_strtoull/strtoll's reading: null when no digit comes (after white space and one sign). */
    static Prefix prefix(String s) {
        int p = 0;
        while (p < s.length() && " \t\n\u000B\f\r".indexOf(s.charAt(p)) >= 0) {
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
        return new Prefix(new BigInteger(s.substring(digits, p)), negative, s.substring(p));
    }

    /** g_ascii_strtoull's value of a prefix (ERANGE: null), negative values wrapped. */
    private static Long unsigned64(Prefix n) {
        if (n.value().compareTo(ULLONG_MAX) > 0) {
            return null;
        }
        BigInteger v = n.negative() ? TWO_64.subtract(n.value()).mod(TWO_64) : n.value();
        return v.longValue();
    }

    /** virStrToLong_ull(s, NULL, 10): twos-complement wrap of negative numbers. */
    static Long ull(String s) {
        Prefix n = prefix(s);
        return n == null || !n.rest().isEmpty() ? null : unsigned64(n);
    }

    /** An unsigned 64-bit value read at the start of a string, and the text after it. */
    record Unsigned(long value, String rest) {
    }

    /** virStrToLong_ull(s, &end, 10): the value and the text after it, or null. */
    static Unsigned ullPrefix(String s) {
        Prefix n = prefix(s);
        Long v = n == null ? null : unsigned64(n);
        return v == null ? null : new Unsigned(v, n.rest());
    }

    /** virStrToLong_ui(s, NULL, 10): 0..UINT_MAX; "-N" is UINT_MAX + 1 - N for N up to UINT_MAX. */
    static Long ui(String s) {
        Prefix n = prefix(s);
        if (n == null || !n.rest().isEmpty()) {
            return null;
        }
        Long v = unsigned64(n);
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

    /** virStrToLong_ll(s, NULL, 10). */
    static Long ll(String s) {
        Prefix n = prefix(s);
        if (n == null || !n.rest().isEmpty()) {
            return null;
        }
        BigInteger v = n.negative() ? n.value().negate() : n.value();
        return v.bitLength() > 63 ? null : v.longValue();
    }

    /** virStrToLong_i(s, NULL, 10). */
    static Integer i(String s) {
        Long v = ll(s);
        return v == null || v != v.intValue() ? null : v.intValue();
    }

    /** What {@link #scale} refuses. */
    enum ScaleError { UNKNOWN_SUFFIX, OVERFLOW }

    /** The result of {@link #scale}: the scaled value or why there is none. */
    record Scaled(long value, ScaleError error) {
    }

    /**
     * virScaleInteger(value, suffix, 1, ULLONG_MAX): "" is 1, b/byte/bytes (any case) 1, k m g t p
     * e (any case) alone or with "iB" powers of 1024, with "B" powers of 1000.
     */
    static Scaled scale(long unsignedValue, String suffix) {
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
}
