package io.jvirt.driver.lxc;

import java.util.ArrayList;
import java.util.List;

/**
 * IP addresses as libvirt reads ({@code virSocketAddrParse}: getaddrinfo with AI_NUMERICHOST,
 * whose IPv4 reading is glibc's inet_aton: "10.1" is 10.0.0.1, "010.0.0.1" is octal 8.0.0.1,
 * "0x0a.0.0.1" hex) and writes them ({@code virSocketAddrFormat}: getnameinfo, i.e. inet_ntop:
 * dotted quads, lower-case IPv6 with the longest run of two or more zero groups as "::" and the
 * IPv4-mapped and -compatible forms written with a dotted quad). Nothing is ever looked up.
 *
 * <p>One divergence: libvirt also takes an IPv6 scope ("fe80::1%eth0"), resolved against the
 * host's interfaces; it is refused here (a conversion must not depend on the host's devices).
 */
final class InetText {

    private InetText() {
    }

    /** The canonical text of an IPv4 address, or null when glibc would not read it as one. */
    static String ipv4(String s) {
        long v = parse4(s);
        return v < 0 ? null : (v >>> 24) + "." + (v >>> 16 & 255) + "." + (v >>> 8 & 255) + "." + (v & 255);
    }

    /** The canonical text of an IPv6 address, or null. */
    static String ipv6(String s) {
        int[] w = parse6(s);
        return w == null ? null : format6(w);
    }

    /** AF_UNSPEC: an IPv4 address if it reads as one, else an IPv6 one, else null. */
    static String any(String s) {
        String v4 = ipv4(s);
        return v4 != null ? v4 : ipv6(s);
    }

    /** inet_aton, exactly (nothing may follow): one to four parts, the last filling the bytes left. */
    private static long parse4(String s) {
        if (s.isEmpty() || s.endsWith(".")) {
            return -1;
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length > 4) {
            return -1;
        }
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = number(parts[i]);
            if (v[i] < 0) {
                return -1;
            }
        }
        int n = parts.length;
        for (int i = 0; i < n - 1; i++) {
            if (v[i] > 255) {
                return -1;
            }
        }
        long lastMax = n == 1 ? 0xFFFF_FFFFL : n == 2 ? 0xFF_FFFFL : n == 3 ? 0xFFFFL : 0xFFL;
        if (v[n - 1] > lastMax) {
            return -1;
        }
        long addr = 0;
        for (int i = 0; i < n - 1; i++) {
            addr |= v[i] << (24 - 8 * i);
        }
        return addr | v[n - 1];
    }

    /** One inet_aton part: decimal, 0-prefixed octal or 0x-prefixed hex; -1 when malformed or past 32 bits. */
    private static long number(String p) {
        int radix = 10;
        String digits = p;
        if (p.length() > 1 && p.charAt(0) == '0' && (p.charAt(1) == 'x' || p.charAt(1) == 'X')) {
            radix = 16;
            digits = p.substring(2);
        } else if (p.length() > 1 && p.charAt(0) == '0') {
            radix = 8;
            digits = p.substring(1);
        }
        if (digits.isEmpty()) {
            return -1;
        }
        long v = 0;
        for (char c : digits.toCharArray()) {
            int d = Character.digit(c, radix);
            if (d < 0 || c > 127) {
                return -1;
            }
            v = v * radix + d;
            if (v > 0xFFFF_FFFFL) {
                return -1;
            }
        }
        return v;
    }

    /** inet_pton(AF_INET6): eight 16-bit groups, one "::", an optional dotted quad at the end. */
    private static int[] parse6(String s) {
        if (s.isEmpty() || s.indexOf('%') >= 0) {
            return null;
        }
        int dc = s.indexOf("::");
        if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
            return null;
        }
        List<Integer> head = groups(dc >= 0 ? s.substring(0, dc) : s, dc < 0);
        List<Integer> tail = dc >= 0 ? groups(s.substring(dc + 2), true) : List.of();
        if (head == null || tail == null) {
            return null;
        }
        int total = head.size() + tail.size();
        if (dc < 0 ? total != 8 : total > 7) {
            return null;
        }
        int[] w = new int[8];
        for (int i = 0; i < head.size(); i++) {
            w[i] = head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            w[8 - tail.size() + i] = tail.get(i);
        }
        return w;
    }

    /** Colon-separated groups; a dotted quad is allowed as the last item of the address ({@code last}). */
    private static List<Integer> groups(String part, boolean last) {
        List<Integer> out = new ArrayList<>();
        if (part.isEmpty()) {
            return out;
        }
        String[] items = part.split(":", -1);
        for (int i = 0; i < items.length; i++) {
            String g = items[i];
            if (last && i == items.length - 1 && g.indexOf('.') >= 0) {
                long v4 = strictQuad(g);
                if (v4 < 0) {
                    return null;
                }
                out.add((int) (v4 >>> 16));
                out.add((int) (v4 & 0xFFFF));
                continue;
            }
            if (g.isEmpty() || g.length() > 4) {
                return null;
            }
            int v = 0;
            for (char c : g.toCharArray()) {
                int d = Character.digit(c, 16);
                if (d < 0 || c > 127) {
                    return null;
                }
                v = v * 16 + d;
            }
            out.add(v);
        }
        return out;
    }

    /** inet_pton(AF_INET): four decimal parts of at most 255, no leading zeros. */
    private static long strictQuad(String s) {
        String[] p = s.split("\\.", -1);
        if (p.length != 4) {
            return -1;
        }
        long v = 0;
        for (String x : p) {
            if (x.isEmpty() || x.length() > 3 || x.length() > 1 && x.charAt(0) == '0' || !x.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return -1;
            }
            int n = Integer.parseInt(x);
            if (n > 255) {
                return -1;
            }
            v = v << 8 | n;
        }
        return v;
    }

    /** inet_ntop(AF_INET6) as glibc writes it. */
    private static String format6(int[] w) {
        int bestBase = -1;
        int bestLen = 0;
        for (int i = 0; i < 8;) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestBase = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || bestLen == 5 && w[5] == 0xFFFF)) {
                sb.append(w[6] >>> 8).append('.').append(w[6] & 255).append('.').append(w[7] >>> 8).append('.')
                    .append(w[7] & 255);
                break;
            }
            sb.append(Integer.toHexString(w[i]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }
}
