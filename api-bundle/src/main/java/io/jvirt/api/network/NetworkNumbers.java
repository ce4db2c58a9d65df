package io.jvirt.api.network;

import java.math.BigInteger;

/** C's strtoul with base 0 as libvirt's virStrToLong_ui(s, NULL, 0, ...) uses it. */
final class NetworkNumbers {

    private static final long UINT_MAX = 0xffffffffL;

    private NetworkNumbers() {
    }

    /**
     * virStrToLong_ui with base 0: optional white space and sign, then "0x"/"0X" hex, "0" octal or
     * decimal digits, nothing after; "-N" wraps as in libvirt. Null where libvirt fails.
     */
    static Long uiBase0(String s) {
        return base0(s, true);
    }

    /** virStrToLong_uip with base 0 (virXMLPropUInt's): as {@link #uiBase0} but no sign '-' at all. */
    static Long uipBase0(String s) {
        return base0(s, false);
    }

    private static Long base0(String s, boolean allowNegative) {
        int i = 0;
        int n = s.length();
        while (i < n && (s.charAt(i) == ' ' || (s.charAt(i) >= '\t' && s.charAt(i) <= '\r'))) {
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
        return v.bitLength() > 32 ? null : v.longValue();
    }
}
