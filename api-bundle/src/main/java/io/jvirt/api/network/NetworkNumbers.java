package io.jvirt.api.network;

import java.math.BigInteger;

import io.jvirt.api.domain.LibvirtNumbers;

/** C's strtoul/strtoull with base 0 as libvirt's virStrToLong_ui and _ullp (s, NULL, 0, ...) use them. */
final class NetworkNumbers {

    private NetworkNumbers() {
    }

    /** {@link LibvirtNumbers#uiBase0}. */
    static Long uiBase0(String s) {
        return LibvirtNumbers.uiBase0(s);
    }

    /**
     * virStrToLong_ullp(s, NULL, 0), which virXMLPropULongLong with base 0 uses (a lease's expiry):
     * strtoull's base 0 (leading white space, an optional '+', "0x"/"0X" hex, "0" octal, else
     * decimal) over the whole text, at most 64 bits, and no '-' anywhere; null where libvirt fails.
     */
    static Long ullpBase0(String s) {
        if (s.indexOf('-') >= 0) {
            return null;
        }
        int i = 0;
        int n = s.length();
        while (i < n && LibvirtNumbers.isSpace(s.charAt(i))) {
            i++;
        }
        if (i < n && s.charAt(i) == '+') {
            i++;
        }
        int radix = 10;
        if (i + 2 < n && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && LibvirtNumbers.isHexDigit(s.charAt(i + 2))) {
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
        return v.bitLength() > 64 ? null : v.longValue();
    }
}
