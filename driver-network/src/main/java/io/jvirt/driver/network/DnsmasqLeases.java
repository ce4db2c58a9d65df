package io.jvirt.driver.network;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.domain.IpAddressText;
import io.jvirt.api.domain.MacAddress;

/**
 * dnsmasq's lease file, read as untrusted text (a guest chooses its hostname and client id): IPv4
 * lines {@code EXPIRY MAC IP HOSTNAME CLIENTID}, then after a {@code duid SERVER-DUID} line the IPv6
 * ones {@code EXPIRY IAID IP HOSTNAME CLIENT-DUID}; {@code *} is "none". Lines that do not parse
 * (a bad number, a bad address, a MAC that is no MAC) are skipped, never passed on.
 */
final class DnsmasqLeases {

    /** Hostnames and ids are printable and bounded before they reach a client. */
    private static final int MAX_TEXT = 255;

    /**
     * One lease.
     *
     * @param expiry   seconds since the epoch (0: never)
     * @param ipv6     whether the address is IPv6
     * @param mac      the MAC (IPv4 leases), or null
     * @param iaid     the IAID (IPv6 leases), or null
     * @param address  the address, canonical text
     * @param hostname the hostname the client gave, or null
     * @param clientId the client id (IPv4) or DUID (IPv6), or null
     */
    record Lease(long expiry, boolean ipv6, String mac, String iaid, String address, String hostname, String clientId) {
    }

    private DnsmasqLeases() {
    }

    static List<Lease> parse(String text) {
        List<Lease> out = new ArrayList<>();
        boolean v6 = false;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(" +");
            if (f.length == 2 && f[0].equals("duid")) {
                v6 = true;
                continue;
            }
            if (f.length < 4) {
                continue;
            }
            Lease l = v6 ? v6(f) : v4(f);
            if (l != null) {
                out.add(l);
            }
        }
        return out;
    }

    private static Lease v4(String[] f) {
        Long expiry = number(f[0]);
        String ip = IpAddressText.canonical(f[2], IpAddressText.Family.IPV4);
        String mac = f[1].matches("[0-9a-fA-F:]{17}") ? MacAddress.canonical(f[1]) : null;
        if (expiry == null || ip == null || mac == null) {
            return null;
        }
        return new Lease(expiry, false, mac, null, ip, text(f[3]), f.length > 4 ? text(f[4]) : null);
    }

    private static Lease v6(String[] f) {
        Long expiry = number(f[0]);
        String ip = IpAddressText.canonical(f[2], IpAddressText.Family.IPV6);
        if (expiry == null || ip == null || number(f[1]) == null) {
            return null;
        }
        return new Lease(expiry, true, null, f[1], ip, text(f[3]), f.length > 4 ? text(f[4]) : null);
    }

    private static Long number(String s) {
        if (!s.matches("[0-9]{1,19}")) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "*" is none; anything not printable ASCII or too long is dropped (it came from a guest). */
    private static String text(String s) {
        if (s.equals("*") || s.length() > MAX_TEXT || !s.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return null;
        }
        return s;
    }
}
