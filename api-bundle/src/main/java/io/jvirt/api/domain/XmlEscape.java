package io.jvirt.api.domain;

/**
 * Text and attribute values written into XML, written once for the domain XML, the drivers'
 * native-format converters and the remote drivers' requests: the five markup characters become
 * entities, and what XML 1.0 cannot carry at all (controls other than tab, line feed and carriage
 * return, lone surrogates, U+FFFE and U+FFFF) is left out, as libvirt's virBufferEscapeString
 * leaves out the control bytes, so that whatever a value holds the document stays well-formed and
 * the value stays data.
 */
public final class XmlEscape {

    private XmlEscape() {
    }

    /** {@code s} escaped. */
    public static String text(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        append(out, s);
        return out.toString();
    }

    /**
     * {@code s} escaped for an attribute value: as {@link #text}, and tabs and line ends as
     * character references, which an XML parser keeps (it turns literal ones into spaces).
     */
    public static String attribute(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\t' -> out.append("&#9;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                default -> {
                    int end = i + 1;
                    if (Character.isHighSurrogate(c) && end < s.length() && Character.isLowSurrogate(s.charAt(end))) {
                        end++;
                    }
                    append(out, s.substring(i, end));
                    i = end - 1;
                }
            }
        }
        return out.toString();
    }

    /** Appends {@code s}, escaped, to {@code out}. */
    public static void append(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (legal(c)) {
                        out.append(c);
                    }
                    // else: XML 1.0 cannot carry it, not even as a character reference
                }
            }
        }
    }

    /** XML 1.0's Char production for one UTF-16 unit outside a surrogate pair. */
    private static boolean legal(char c) {
        return c == '\t' || c == '\n' || c == '\r'
            || c >= 0x20 && c < 0xD800
            || c > 0xDFFF && c != 0xFFFE && c != 0xFFFF;
    }
}
