package io.jvirt.api.domain;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/** Ethernet MAC addresses as libvirt reads, checks and generates them. */
public final class MacAddress {

    /** The prefix libvirt uses for the addresses it generates for QEMU/KVM guests. */
    public static final String LIBVIRT_PREFIX = "52:54:00";

    private MacAddress() {
    }

    /**
     * Parses an address as libvirt's virMacAddrParse does (see {@link #canonical}) into canonical
     * lower-case form.
     *
     * @throws VirtException XML_ERROR for a malformed address, INVALID_MAC for a multicast one
     */
    public static String parse(String s) {
        String mac = canonical(s);
        if (mac == null) {
            throw ParseContext.xmlError("unable to parse mac address '" + s + "'");
        }
        if ((Character.digit(mac.charAt(1), 16) & 1) != 0) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                "expected unicast mac address, found multicast '" + s + "'");
        }
        return mac;
    }

    /**
     * virMacAddrParse: six ':'-separated groups of one or two ASCII hex digits (no white space or
     * sign before a group, no '-' separators); after the sixth, the text may go on with anything C's
     * signed char puts at or below ' ' (controls, blanks, non-ASCII bytes). The canonical
     * lower-case form, or null.
     */
    public static String canonical(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(17);
        int cur = 0;
        for (int i = 0; i < 6; i++) {
            int start = cur;
            // strtoul base 16 would read a "0x" prefix too: "0x1" is three characters, too long
            while (cur < s.length() && (LibvirtNumbers.isHexDigit(s.charAt(cur))
                || cur == start + 1 && (s.charAt(cur) == 'x' || s.charAt(cur) == 'X') && s.charAt(start) == '0'
                    && cur + 1 < s.length() && LibvirtNumbers.isHexDigit(s.charAt(cur + 1)))) {
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
                return next <= ' ' || next >= 0x80 ? out.toString() : null;
            }
            if (next != ':') {
                return null;
            }
            cur++;
        }
        return null;
    }

    /** True for 00:00:00:00:00:00, which libvirt treats as "no address given". */
    static boolean isZero(String mac) {
        return "00:00:00:00:00:00".equals(mac);
    }

    /** A random address with libvirt's 52:54:00 prefix. */
    public static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format(Locale.ROOT, "%s:%02x:%02x:%02x", LIBVIRT_PREFIX, r.nextInt(256), r.nextInt(256),
            r.nextInt(256));
    }
}
