package io.jvirt.driver.esx.vmx;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The value syntaxes libvirt's VMX converter relies on, with the C library's and libvirt's exact
 * acceptance rules: {@code virStrToLong_ll}/{@code _ull}/{@code _uip} (strtoll and friends over
 * the whole string), {@code virUUIDParse}, {@code virMacAddrParse} and VMware's {@code |XX} and
 * {@code %XX} escapes ({@code virVMXEscapeHex}/{@code virVMXUnescapeHex}).
 */
public final class VmxNumbers {

    private static final BigInteger ULLONG_RANGE = BigInteger.ONE.shiftLeft(64);

    private VmxNumbers() {
    }

    /** strtoll over the whole string (leading blanks and a sign allowed), or null. */
    static Long strToLong(String s) {
        BigInteger v = strToInteger(s);
        if (v == null || v.bitLength() > 63) {
            return null;
        }
        return v.longValue();
    }

    /** strtoull over the whole string: "-N" wraps around as in C; the unsigned value, or null. */
    static BigInteger strToUnsignedLong(String s) {
        BigInteger v = strToInteger(s);
        if (v == null || v.abs().compareTo(ULLONG_RANGE) >= 0) {
            return null;
        }
        return v.signum() < 0 ? v.add(ULLONG_RANGE).mod(ULLONG_RANGE) : v;
    }

    private static BigInteger strToInteger(String s) {
        int i = 0;
        while (i < s.length() && isCSpace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == digits || i != s.length()) {
            return null;
        }
        BigInteger v = new BigInteger(s.substring(digits, i));
        return neg ? v.negate() : v;
    }

    /**
     * virStrToLong_uip on a list element already stripped of blanks: an unsigned decimal that fits
     * 32 bits, no '-' anywhere, nothing after it; null otherwise.
     */
    static Long strToUnsignedInt(String s) {
        int i = 0;
        while (i < s.length() && isCSpace(s.charAt(i))) {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '+') {
            i++;
        }
        int digits = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == digits || i != s.length()) {
            return null;
        }
        BigInteger v = new BigInteger(s.substring(digits, i));
        return v.bitLength() > 32 ? null : v.longValue();
    }

    static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }

    /**
     * virUUIDParse: 32 hex digits in pairs, '-' and ' ' allowed between pairs, blanks around; the
     * canonical lower-case form, or null.
     */
    static String parseUuid(String s) {
        int cur = 0;
        while (cur < s.length() && isCSpace(s.charAt(cur))) {
            cur++;
        }
        StringBuilder hex = new StringBuilder(32);
        while (hex.length() < 32) {
            if (cur >= s.length()) {
                return null;
            }
            char c = s.charAt(cur);
            if (c == '-' || c == ' ') {
                cur++;
                continue;
            }
            if (cur + 1 >= s.length() || !isAsciiHex(c) || !isAsciiHex(s.charAt(cur + 1))) {
                return null;
            }
            hex.append(c).append(s.charAt(cur + 1));
            cur += 2;
        }
        while (cur < s.length()) {
            if (!isCSpace(s.charAt(cur))) {
                return null;
            }
            cur++;
        }
        String h = hex.toString().toLowerCase(Locale.ROOT);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
            + "-" + h.substring(20);
    }

    /** A canonical UUID in VMware's uuid.bios form: "56 4d 9b ef ac d9 b4 e0-c8 f0 ae a8 b9 10 35 15". */
    static String biosUuid(String uuid) {
        String hex = uuid.replace("-", "").toLowerCase(Locale.ROOT);
        StringBuilder u = new StringBuilder(47);
        for (int i = 0; i < 32; i += 2) {
            u.append(i == 0 ? "" : i == 16 ? "-" : " ").append(hex, i, i + 2);
        }
        return u.toString();
    }

    /**
     * virMacAddrParse: six ':'-separated octets of one or two hex digits; after the sixth anything
     * that is not a visible ASCII character may follow. The canonical lower-case form, or null.
     */
    static String parseMac(String s) {
        StringBuilder out = new StringBuilder(17);
        int cur = 0;
        for (int i = 0; i < 6; i++) {
            int start = cur;
            while (cur < s.length() && isAsciiHex(s.charAt(cur))) {
                cur++;
            }
            int len = cur - start;
            if (len < 1 || len > 2) {
                return null;
            }
            out.append(i == 0 ? "" : ":").append(String.format(Locale.ROOT, "%02x",
                Integer.parseInt(s.substring(start, cur), 16)));
            char next = cur < s.length() ? s.charAt(cur) : '\0';
            if (i == 5) {
                // C compares a (signed) char with ' ': controls, blanks and non-ASCII bytes end it
                return next <= ' ' || next >= 0x80 ? out.toString() : null;
            }
            if (next != ':') {
                return null;
            }
            cur++;
        }
        return null;
    }

    static boolean isAsciiHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** virVMXEscapeHex: {@code escape} itself and each of {@code special} become {@code escape} + two hex digits. */
    static String escapeHex(String s, char escape, String special) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == escape || special.indexOf(c) >= 0) {
                out.append(escape).append(String.format(Locale.ROOT, "%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** VMware's pipe escape of display names and annotations: '|' and '"'. */
    public static String escapePipe(String s) {
        return escapeHex(s, '|', "\"");
    }

    /** VMware's percent escape of display names: '%', '/' and '\'. */
    public static String escapePercent(String s) {
        return escapeHex(s, '%', "/\\");
    }

    /**
     * virVMXUnescapeHex: every {@code escape} must be followed by two hex digits, which stand for
     * one byte (the bytes make UTF-8 text again); null for an invalid escape sequence.
     */
    static String unescapeHex(String s, char escape) {
        if (s.indexOf(escape) < 0) {
            return s;
        }
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == escape) {
                if (i + 2 >= in.length || !isAsciiHex((char) in[i + 1]) || !isAsciiHex((char) in[i + 2])) {
                    return null;
                }
                out.write(Integer.parseInt(new String(in, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
