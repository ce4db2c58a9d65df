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
     * Parses six ':' or '-' separated hex octets into canonical lower-case form.
     *
     * @throws VirtException XML_ERROR for a malformed address, INVALID_MAC for a multicast one
     */
    public static String parse(String s) {
        String[] parts = s.strip().split("[:-]", -1);
        if (parts.length != 6) {
            throw ParseContext.xmlError("unable to parse mac address '" + s + "'");
        }
        StringBuilder sb = new StringBuilder(17);
        int first = 0;
        for (int i = 0; i < 6; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw ParseContext.xmlError("unable to parse mac address '" + s + "'");
            }
            int v = Integer.parseInt(p, 16);
            if (i == 0) {
                first = v;
            } else {
                sb.append(':');
            }
            sb.append(String.format(Locale.ROOT, "%02x", v));
        }
        if ((first & 1) != 0) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                "expected unicast mac address, found multicast '" + s + "'");
        }
        return sb.toString();
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
