package io.jvirt.driver.esx.vmx;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * Reads a VMX file as libvirt's {@code virConfReadString(..., VIR_CONF_FLAG_VMX_FORMAT)} does:
 * {@code name = "value"} statements separated by line ends or ';', {@code #} comments. A name
 * starts with a letter or '.', then letters, digits, '_', ':', '.', '-'; every value is a quoted
 * string ('...', "..." or """...""") because VMX allows neither numbers nor lists. Syntax errors
 * are libvirt's CONF_SYNTAX errors with its words.
 */
public final class VmxParser {

    private VmxParser() {
    }

    /** Parses VMX text that is already decoded (the {@code .encoding} entry is not applied again). */
    public static Vmx parse(String text) {
        Vmx vmx = new Vmx();
        new Reader(text, vmx).read();
        return vmx;
    }

    /**
     * Parses a VMX file as its bytes, as libvirt does: read it, and when {@code .encoding} names
     * another character set than UTF-8, convert the bytes from that set and read them again.
     */
    public static Vmx parse(byte[] bytes) {
        // ISO-8859-1 maps every byte to one char, so the ASCII syntax reads the same in any encoding
        Vmx raw = parse(new String(bytes, StandardCharsets.ISO_8859_1));
        String encoding = raw.string(".encoding", true);
        if (encoding == null || "UTF-8".equalsIgnoreCase(encoding)) {
            return parse(new String(bytes, StandardCharsets.UTF_8));
        }
        Charset cs;
        try {
            cs = Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            throw error("libxml2 doesn't handle " + encoding + " encoding");
        }
        return parse(new String(bytes, cs));
    }

    /** An error of the VMX converter: libvirt reports them as internal errors of no domain. */
    public static VirtException error(String message) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE, message);
    }

    /** libvirt's virConfParse over one string, in VMX mode. */
    private static final class Reader {
        private final String s;
        private final Vmx vmx;
        private int cur;

        Reader(String s, Vmx vmx) {
            this.s = s;
            this.vmx = vmx;
        }

        void read() {
            while (cur < s.length()) {
                statement();
                separator();
            }
        }

        private char ch() {
            return cur < s.length() ? s.charAt(cur) : '\0';
        }

        private static boolean eol(char c) {
            return c == '\n' || c == '\r';
        }

        private void skipBlanks() {
            while (cur < s.length() && (ch() == ' ' || ch() == '\t')) {
                cur++;
            }
        }

        private void skipBlanksAndEol() {
            while (cur < s.length() && (Character.isWhitespace(ch()) || eol(ch()))) {
                cur++;
            }
        }

        private void statement() {
            skipBlanksAndEol();
            if (ch() == '#') {
                comment();
                return;
            }
            String name = name();
            skipBlanks();
            if (ch() != '=') {
                throw syntax("expecting an assignment");
            }
            cur++;
            skipBlanks();
            String value = value();
            skipBlanks();
            if (ch() == '#') {
                comment();
            }
            vmx.put(name, value);
        }

        private void comment() {
            while (cur < s.length() && !eol(ch())) {
                cur++;
            }
        }

        private String name() {
            int base = cur;
            char c = ch();
            if (!isAsciiAlpha(c) && c != '.') {
                throw syntax("expecting a name");
            }
            while (cur < s.length()) {
                c = ch();
                if (isAsciiAlpha(c) || c >= '0' && c <= '9' || c == '_' || c == ':' || c == '.' || c == '-') {
                    cur++;
                } else {
                    break;
                }
            }
            return s.substring(base, cur);
        }

        private String value() {
            if (cur >= s.length()) {
                throw syntax("expecting a value");
            }
            char c = ch();
            if (c == '"' || c == '\'') {
                return string();
            }
            if (c == '[') {
                throw syntax("lists not allowed in VMX format");
            }
            if (c >= '0' && c <= '9' || c == '-' || c == '+') {
                throw syntax("numbers not allowed in VMX format");
            }
            throw syntax("expecting a value");
        }

        private String string() {
            char quote = ch();
            if (quote == '"' && cur + 6 < s.length() && s.startsWith("\"\"\"", cur)) {
                // python-style triple quotes: may span lines
                cur += 3;
                int end = s.indexOf("\"\"\"", cur);
                if (end < 0) {
                    throw syntax("unterminated string");
                }
                String v = s.substring(cur, end);
                cur = end + 3;
                return v;
            }
            cur++;
            int base = cur;
            while (cur < s.length() && ch() != quote && !eol(ch())) {
                cur++;
            }
            if (ch() != quote) {
                throw syntax("unterminated string");
            }
            String v = s.substring(base, cur);
            cur++;
            return v;
        }

        private void separator() {
            skipBlanks();
            if (cur >= s.length()) {
                return;
            }
            if (eol(ch())) {
                skipBlanksAndEol();
            } else if (ch() == ';') {
                cur++;
                skipBlanksAndEol();
            } else {
                throw syntax("expecting a separator");
            }
        }

        private static boolean isAsciiAlpha(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
        }

        private static VirtException syntax(String info) {
            return new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.CONF, info);
        }
    }
}
