package io.jvirt.api.domain;

import java.util.UUID;

/**
 * UUIDs read as libvirt's virUUIDParse reads them, for the domain XML parser and every driver that
 * reads UUIDs from a native format (VMX's uuid.bios, xl.cfg, a server's answers).
 */
public final class LibvirtUuids {

    private LibvirtUuids() {
    }

    /**
     * virUUIDParse: white space around (GLib's: no vertical tab), then 32 hex digits in pairs with any number of '-' or
     * ' ' before each pair; null when the text is anything else. "a-b..." (a separator inside a
     * pair) and Unicode digits are refused, as in libvirt.
     */
    public static UUID parse(String s) {
        if (s == null) {
            return null;
        }
        int cur = 0;
        while (cur < s.length() && isGlibSpace(s.charAt(cur))) {
            cur++;
        }
        long hi = 0;
        long lo = 0;
        int bytes = 0;
        while (bytes < 16) {
            if (cur >= s.length()) {
                return null;
            }
            char c = s.charAt(cur);
            if (c == '-' || c == ' ') {
                cur++;
                continue;
            }
            if (cur + 1 >= s.length() || !LibvirtNumbers.isHexDigit(c) || !LibvirtNumbers.isHexDigit(s.charAt(cur + 1))) {
                return null;
            }
            long b = Character.digit(c, 16) * 16L + Character.digit(s.charAt(cur + 1), 16);
            if (bytes < 8) {
                hi = hi << 8 | b;
            } else {
                lo = lo << 8 | b;
            }
            bytes++;
            cur += 2;
        }
        while (cur < s.length()) {
            if (!isGlibSpace(s.charAt(cur))) {
                return null;
            }
            cur++;
        }
        return new UUID(hi, lo);
    }

    /** g_ascii_isspace, which virUUIDParse uses: unlike C's isspace, not '\v'. */
    private static boolean isGlibSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }
}
