package io.jvirt.core.kit.tls;

import java.util.List;
import java.util.Objects;

/**
 * libvirt's {@code tls_allowed_dn_list}: glob patterns ({@code *} any run of characters, {@code ?}
 * one character, nothing else special, as GLib's {@code g_pattern_match_simple}) that a client
 * certificate's DN ({@link LibvirtDn}) must match one of. {@link #ANY} is the list left unset: any
 * client whose certificate the CA signed.
 */
public record AllowedDnList(List<String> patterns) {

    /** No list configured: every DN is allowed. */
    public static final AllowedDnList ANY = new AllowedDnList(null);

    /** libvirt's error when no pattern matches (virNetTLSContextCheckCertDNACL). */
    public static final String NOT_ALLOWED = "Client's Distinguished Name is not on the list of allowed clients"
        + " (tls_allowed_dn_list).  Use 'virt-pki-query-dn clientcert.pem' to view the Distinguished Name field"
        + " in the client certificate, or run this daemon with --verbose option.";

    public AllowedDnList {
        patterns = patterns == null ? null : List.copyOf(patterns);
    }

    public static AllowedDnList of(String... patterns) {
        return new AllowedDnList(List.of(patterns));
    }

    /** Whether {@code dn} is allowed; an empty configured list allows nobody, as libvirt's. */
    public boolean allows(String dn) {
        Objects.requireNonNull(dn, "dn");
        if (patterns == null) {
            return true;
        }
        for (String p : patterns) {
            if (globMatches(p, dn)) {
                return true;
            }
        }
        return false;
    }

    /** {@code *} and {@code ?} over code points; backtracking only to the last star (linear in practice). */
    static boolean globMatches(String pattern, String text) {
        int[] p = pattern.codePoints().toArray();
        int[] t = text.codePoints().toArray();
        int pi = 0;
        int ti = 0;
        int star = -1;
        int mark = 0;
        while (ti < t.length) {
            if (pi < p.length && (p[pi] == '?' || (p[pi] != '*' && p[pi] == t[ti]))) {
                pi++;
                ti++;
            } else if (pi < p.length && p[pi] == '*') {
                star = pi++;
                mark = ti;
            } else if (star >= 0) {
                pi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length && p[pi] == '*') {
            pi++;
        }
        return pi == p.length;
    }
}
