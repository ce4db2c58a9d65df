package io.jvirt.core.kit.tls;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * libvirt's {@code tls_priority} (a GnuTLS priority string such as {@code NORMAL},
 * {@code @LIBVIRT,SYSTEM} or {@code SECURE256:-VERS-ALL:+VERS-TLS1.3}) on JSSE, which has no
 * priority strings: the parts that choose protocol versions are honoured, the rest refused by
 * name rather than ignored, so that a setting meant to narrow what is offered never silently
 * offers more. jvirt offers TLS 1.2 and 1.3 only, whatever the string.
 * <ul>
 * <li>a base keyword ({@code NORMAL}, {@code PERFORMANCE}, {@code LEGACY}, {@code PFS},
 * {@code SECURE128}, {@code SECURE192}, {@code SECURE256}, {@code SYSTEM}, {@code @NAME}
 * with its comma-separated fallbacks): TLS 1.2 and 1.3; {@code NONE}: nothing until added;</li>
 * <li>{@code +VERS-TLS1.2}, {@code +VERS-TLS1.3}, {@code +VERS-ALL}, {@code +VERS-TLS-ALL} add
 * them, the same with {@code -} or {@code !} remove them;</li>
 * <li>removing TLS 1.0, 1.1, SSL 3.0 or DTLS changes nothing (never offered); adding them is refused.</li>
 * </ul>
 *
 * @since 1.1.0
 */
public final class TlsPriority {

    /** GnuTLS's default when libvirt's build does not name another. */
    public static final String DEFAULT = "NORMAL";

    private static final Set<String> KEYWORDS = Set.of("NORMAL", "PERFORMANCE", "LEGACY", "PFS", "SECURE128",
        "SECURE192", "SECURE256", "SUITEB128", "SUITEB192", "SYSTEM");
    private static final List<String> ALL = List.of("TLSv1.3", "TLSv1.2");
    private static final Set<String> NEVER_OFFERED = Set.of("VERS-TLS1.0", "VERS-TLS1.1", "VERS-SSL3.0", "VERS-DTLS-ALL",
        "VERS-DTLS0.9", "VERS-DTLS1.0", "VERS-DTLS1.2");

    private TlsPriority() {
    }

    /**
     * The JSSE protocol names {@code priority} leaves, most preferred first.
     *
     * @throws TlsSetupException in libvirt's words ("Failed to set TLS session priority to ...")
     *                           for a part jvirt cannot honour or a string that leaves no version
     */
    public static List<String> protocols(String priority) throws TlsSetupException {
        String p = priority == null || priority.isBlank() ? DEFAULT : priority.trim();
        String[] parts = p.split(":");
        Set<String> on = new LinkedHashSet<>();
        String base = parts[0];
        if (base.equals("NONE")) {
            // nothing until a modifier adds it
        } else if (KEYWORDS.contains(base) || base.startsWith("@")) {
            on.addAll(ALL);
        } else {
            throw refused(p, base, "not a GnuTLS base keyword");
        }
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.startsWith("%")) {
                // GnuTLS's flags (%SERVER_PRECEDENCE, %COMPAT...) change no version
                if (part.isEmpty() || part.matches("%[A-Z0-9_]+")) {
                    continue;
                }
                throw refused(p, part, "not a GnuTLS flag");
            }
            char op = part.charAt(0);
            if (op != '+' && op != '-' && op != '!') {
                throw refused(p, part, "jvirt honours only the protocol version parts (+VERS-..., -VERS-...)");
            }
            String what = part.substring(1).toUpperCase(Locale.ROOT);
            List<String> versions = switch (what) {
                case "VERS-ALL", "VERS-TLS-ALL" -> ALL;
                case "VERS-TLS1.3" -> List.of("TLSv1.3");
                case "VERS-TLS1.2" -> List.of("TLSv1.2");
                default -> null;
            };
            if (versions == null) {
                if (NEVER_OFFERED.contains(what)) {
                    if (op == '+') {
                        throw refused(p, part, "jvirt offers nothing older than TLS 1.2");
                    }
                    continue;
                }
                throw refused(p, part, "jvirt honours only the protocol version parts (+VERS-..., -VERS-...)");
            }
            if (op == '+') {
                on.addAll(versions);
            } else {
                on.removeAll(versions);
            }
        }
        List<String> ordered = ALL.stream().filter(on::contains).toList();
        if (ordered.isEmpty()) {
            throw new TlsSetupException("Failed to set TLS session priority to " + p + ": it leaves no protocol version");
        }
        return ordered;
    }

    private static TlsSetupException refused(String priority, String part, String why) {
        return new TlsSetupException("Failed to set TLS session priority to " + priority + ": '" + part + "': " + why);
    }
}
