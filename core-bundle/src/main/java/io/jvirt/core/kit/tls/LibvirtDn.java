package io.jvirt.core.kit.tls;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

/**
 * A distinguished name in the string form libvirt matches {@code tls_allowed_dn_list} against and
 * {@code virt-pki-query-dn} prints (GnuTLS's {@code gnutls_x509_crt_get_dn}): the RDNs in the
 * certificate's order, most significant first ({@code C=GB,ST=London,O=Red Hat,CN=client1}), the
 * reverse of RFC 4514's order, with RFC 4514's escaping and GnuTLS's attribute names.
 */
public final class LibvirtDn {

    /** GnuTLS's names where they differ from the JDK's RFC 2253 keywords (or the JDK has none). */
    private static final Map<String, String> GNUTLS_NAMES = Map.ofEntries(
        Map.entry("1.2.840.113549.1.9.1", "EMAIL"),
        Map.entry("2.5.4.9", "street"),
        Map.entry("2.5.4.17", "postalCode"),
        Map.entry("2.5.4.12", "title"),
        Map.entry("2.5.4.4", "surName"),
        Map.entry("2.5.4.42", "givenName"),
        Map.entry("2.5.4.43", "initials"),
        Map.entry("2.5.4.44", "generationQualifier"),
        Map.entry("2.5.4.46", "dnQualifier"),
        Map.entry("2.5.4.65", "pseudonym"),
        Map.entry("2.5.4.5", "serialNumber"),
        Map.entry("2.5.4.15", "businessCategory"),
        Map.entry("2.5.4.41", "name"));

    private LibvirtDn() {
    }

    /** The DN of {@code name} in libvirt's form. */
    public static String of(X500Principal name) {
        String rfc2253 = name.getName(X500Principal.RFC2253, GNUTLS_NAMES);
        List<String> rdns = splitUnescaped(rfc2253);
        Collections.reverse(rdns);
        return String.join(",", rdns);
    }

    /** RFC 2253 RDNs: split at commas not escaped by a backslash (the JDK's form has no quotes). */
    private static List<String> splitUnescaped(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length()) {
                cur.append(ch).append(s.charAt(++i));
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (!s.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }
}
