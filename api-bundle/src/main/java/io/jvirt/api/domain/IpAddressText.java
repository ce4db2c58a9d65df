package io.jvirt.api.domain;

import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * Numeric IP addresses as libvirt reads and writes them: virSocketAddrParse is getaddrinfo with
 * AI_NUMERICHOST and virSocketAddrFormat is getnameinfo with NI_NUMERICHOST, so libvirt accepts
 * exactly what glibc's inet_aton_exact (IPv4, including the classic one-to-four-part, octal and
 * hex forms: "10.1", "0x7f.1") and inet_pton (IPv6, with an optional "%scope") accept, and
 * writes glibc's canonical text. Written from glibc's algorithms and checked against libvirt.so
 * (LibvirtValueOracleTest); no DNS lookup ever happens here.
 */
public final class IpAddressText {

    /** The address families of libvirt's XML ({@code family='ipv4'|'ipv6'}). */
    public enum Family {
        IPV4, IPV6
    }

    /** A parsed address: its family, its bytes (4 or 16) and an IPv6 scope id (0 when none). */
    public record Address(Family family, byte[] bytes, long scopeId) {
        /** glibc's getnameinfo(NI_NUMERICHOST) text of this address. */
        public String format() {
            return family == Family.IPV4 ? formatV4(bytes, 0) : formatV6(bytes, scopeId);
        }
    }

    private IpAddressText() {
    }

    /**
     * getaddrinfo(text, AI_NUMERICHOST) for a family ({@code null}: any), null where it fails. As in
     * glibc, an IPv4-mapped IPv6 text asked for as IPv4 is that IPv4 address.
     */
    public static Address parse(String text, Family family) {
        if (text == null || text.indexOf('\0') >= 0) {
            return null;
        }
        byte[] v4 = atonExact(text);
        if (v4 != null) {
            return family == Family.IPV6 ? null : new Address(Family.IPV4, v4, 0);
        }
        int pct = text.indexOf('%');
        byte[] v6 = pton6(text, pct >= 0 ? pct : text.length());
        if (v6 == null) {
            return null;
        }
        Address a;
        if (family == null || family == Family.IPV6) {
            a = new Address(Family.IPV6, v6, 0);
        } else if (isV4Mapped(v6)) {
            a = new Address(Family.IPV4, java.util.Arrays.copyOfRange(v6, 12, 16), 0);
        } else {
            return null;
        }
        if (pct >= 0) {
            Long scope = scopeId(v6, text.substring(pct + 1));
            if (scope == null) {
                return null;
            }
            if (a.family() == Family.IPV6) {
                a = new Address(Family.IPV6, v6, scope);
            }
        }
        return a;
    }

    /** virSocketAddrNumericFamily: the family the text is numerically, null when it is none. */
    public static Family numericFamily(String text) {
        Address a = parse(text, null);
        return a == null ? null : a.family();
    }

    /** Parses and re-writes: the canonical text libvirt stores, or null where libvirt fails. */
    public static String canonical(String text, Family family) {
        Address a = parse(text, family);
        return a == null ? null : a.format();
    }

    /** glibc's inet_aton_exact: one to four parts, each read by strtoul(base 0), nothing after. */
    static byte[] atonExact(String s) {
        long[] parts = new long[3];
        int nparts = 0;
        int i = 0;
        long val;
        while (true) {
            if (i >= s.length() || !isDigit(s.charAt(i))) {
                return null;
            }
            int base = 10;
            if (s.charAt(i) == '0') {
                base = 8;
                if (i + 1 < s.length() && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                        && i + 2 < s.length() && Character.digit(s.charAt(i + 2), 16) >= 0 && s.charAt(i + 2) < 128) {
                    base = 16;
                    i += 2;
                }
            }
            val = 0;
            while (i < s.length() && s.charAt(i) < 128 && Character.digit(s.charAt(i), base) >= 0) {
                val = val * base + Character.digit(s.charAt(i), base);
                if (val > 0xffffffffL) {
                    return null;
                }
                i++;
            }
            if (i < s.length() && s.charAt(i) == '.') {
                if (nparts > 2 || val > 0xff) {
                    return null;
                }
                parts[nparts++] = val;
                i++;
            } else {
                break;
            }
        }
        if (i != s.length()) {
            return null;
        }
        switch (nparts) {
            case 1 -> {
                if (val > 0xffffff) {
                    return null;
                }
                val |= parts[0] << 24;
            }
            case 2 -> {
                if (val > 0xffff) {
                    return null;
                }
                val |= (parts[0] << 24) | (parts[1] << 16);
            }
            case 3 -> {
                if (val > 0xff) {
                    return null;
                }
                val |= (parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8);
            }
            default -> {
            }
        }
        return new byte[] {(byte) (val >>> 24), (byte) (val >>> 16), (byte) (val >>> 8), (byte) val};
    }

    /** glibc's inet_pton(AF_INET6) on s[0, end). */
    static byte[] pton6(String s, int end) {
        byte[] tmp = new byte[16];
        int tp = 0;
        int colonp = -1;
        int i = 0;
        if (i == end) {
            return null;
        }
        if (s.charAt(i) == ':') {
            i++;
            if (i == end || s.charAt(i) != ':') {
                return null;
            }
        }
        int curtok = i;
        int xdigits = 0;
        int val = 0;
        while (i < end) {
            char ch = s.charAt(i++);
            int digit = ch < 128 ? Character.digit(ch, 16) : -1;
            if (digit >= 0) {
                if (xdigits == 4) {
                    return null;
                }
                val = (val << 4) | digit;
                xdigits++;
                continue;
            }
            if (ch == ':') {
                curtok = i;
                if (xdigits == 0) {
                    if (colonp >= 0) {
                        return null;
                    }
                    colonp = tp;
                    continue;
                } else if (i == end) {
                    return null;
                }
                if (tp + 2 > 16) {
                    return null;
                }
                tmp[tp++] = (byte) (val >> 8);
                tmp[tp++] = (byte) val;
                xdigits = 0;
                val = 0;
                continue;
            }
            if (ch == '.' && tp + 4 <= 16 && pton4(s, curtok, end, tmp, tp)) {
                tp += 4;
                xdigits = 0;
                break;
            }
            return null;
        }
        if (xdigits > 0) {
            if (tp + 2 > 16) {
                return null;
            }
            tmp[tp++] = (byte) (val >> 8);
            tmp[tp++] = (byte) val;
        }
        if (colonp >= 0) {
            if (tp == 16) {
                return null;
            }
            int n = tp - colonp;
            System.arraycopy(tmp, colonp, tmp, 16 - n, n);
            java.util.Arrays.fill(tmp, colonp, 16 - n, (byte) 0);
            tp = 16;
        }
        return tp == 16 ? tmp : null;
    }

    /** glibc's inet_pton4: four decimal octets, no leading zeros, written at dst[at]. */
    private static boolean pton4(String s, int from, int end, byte[] dst, int at) {
        int[] tmp = new int[4];
        int tp = 0;
        boolean sawDigit = false;
        int octets = 0;
        for (int i = from; i < end; i++) {
            char ch = s.charAt(i);
            if (ch >= '0' && ch <= '9') {
                int next = tmp[tp] * 10 + (ch - '0');
                if (sawDigit && tmp[tp] == 0) {
                    return false;
                }
                if (next > 255) {
                    return false;
                }
                tmp[tp] = next;
                if (!sawDigit) {
                    if (++octets > 4) {
                        return false;
                    }
                    sawDigit = true;
                }
            } else if (ch == '.' && sawDigit) {
                if (octets == 4) {
                    return false;
                }
                tp++;
                sawDigit = false;
            } else {
                return false;
            }
        }
        if (octets < 4) {
            return false;
        }
        for (int k = 0; k < 4; k++) {
            dst[at + k] = (byte) tmp[k];
        }
        return true;
    }

    /**
     * glibc's __inet6_scopeid_pton: for link-local and multicast node- or link-local addresses an
     * interface name of this host first, then (any address) a decimal number up to 2^32-1.
     */
    private static Long scopeId(byte[] a, String scope) {
        if (isLinkLocal(a) || isMcNodeLocal(a) || isMcLinkLocal(a)) {
            try {
                NetworkInterface nif = scope.isEmpty() ? null : NetworkInterface.getByName(scope);
                if (nif != null && nif.getIndex() > 0) {
                    return (long) nif.getIndex();
                }
            } catch (SocketException e) {
                // not an interface name: the number rule below decides
            }
        }
        if (scope.isEmpty() || !isDigit(scope.charAt(0))) {
            return null;
        }
        Long n = LibvirtNumbers.ull(scope);
        return n == null || Long.compareUnsigned(n, 0xffffffffL) > 0 || scope.charAt(scope.length() - 1) == ' '
            ? null : n;
    }

    private static String formatV4(byte[] b, int at) {
        return (b[at] & 0xff) + "." + (b[at + 1] & 0xff) + "." + (b[at + 2] & 0xff) + "." + (b[at + 3] & 0xff);
    }

    /** glibc's inet_ntop6 (the longest run of two or more zero words is "::", the first on a tie) and the scope. */
    private static String formatV6(byte[] b, long scopeId) {
        int[] words = new int[8];
        for (int i = 0; i < 16; i += 2) {
            words[i / 2] = ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (words[i] == 0) {
                if (curBase == -1) {
                    curBase = i;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase != -1) {
                if (bestBase == -1 || curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestBase != -1 && bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder out = new StringBuilder(46);
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    out.append(':');
                }
                continue;
            }
            if (i != 0) {
                out.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff))) {
                out.append(formatV4(b, 12));
                break;
            }
            out.append(Integer.toHexString(words[i]));
        }
        if (bestBase != -1 && bestBase + bestLen == 8) {
            out.append(':');
        }
        if (scopeId != 0) {
            out.append('%').append(scopeName(b, scopeId));
        }
        return out.toString();
    }

    /** getnameinfo writes a link-local (unicast or multicast) address's scope as the interface's name. */
    private static String scopeName(byte[] a, long scopeId) {
        if ((isLinkLocal(a) || isMcLinkLocal(a)) && scopeId <= Integer.MAX_VALUE) {
            try {
                NetworkInterface nif = NetworkInterface.getByIndex((int) scopeId);
                if (nif != null) {
                    return nif.getName();
                }
            } catch (SocketException e) {
                // no such interface: the number is written
            }
        }
        return Long.toString(scopeId);
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    }

    private static boolean isLinkLocal(byte[] a) {
        return (a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0x80;
    }

    private static boolean isMcNodeLocal(byte[] a) {
        return (a[0] & 0xff) == 0xff && (a[1] & 0x0f) == 0x1;
    }

    private static boolean isMcLinkLocal(byte[] a) {
        return (a[0] & 0xff) == 0xff && (a[1] & 0x0f) == 0x2;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
