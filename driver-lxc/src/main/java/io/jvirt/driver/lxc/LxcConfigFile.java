package io.jvirt.driver.lxc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * An LXC tools config read as libvirt's {@code virConfReadString(..., VIR_CONF_FLAG_LXC_FORMAT)}
 * reads it: {@code name = value} statements, names of letters, digits, '_' and '.' starting with
 * a letter, a value running to the end of its line (blanks at its end kept, as libvirt keeps
 * them) unless it starts with a quote ({@code '...'}, {@code "..."} or a {@code """...""" } block
 * that may span lines), {@code #} comments on lines of their own. Every statement is kept in
 * order; a lookup by name answers the first one, as {@code virConfGetValue} does.
 *
 * <p>A syntax error is CONF_SYNTAX in libvirt's words ("memory conf:LINE: expecting an
 * assignment"): it names the line, never its text.
 */
final class LxcConfigFile {

    /** One statement: its name, its value and the line it starts on (1-based). */
    record Entry(String name, String value, int line) {
    }

    private final List<Entry> entries;

    private LxcConfigFile(List<Entry> entries) {
        this.entries = Collections.unmodifiableList(entries);
    }

    /** Every statement, in the order of the file. */
    List<Entry> entries() {
        return entries;
    }

    /** The first statement named {@code name}, or null. */
    Entry first(String name) {
        for (Entry e : entries) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** The first statement named {@code name}, else the first named {@code legacy} (LXC 3.0 and 2.x keys), or null. */
    Entry first(String name, String legacy) {
        Entry e = first(name);
        return e != null ? e : first(legacy);
    }

    static LxcConfigFile read(String text) {
        // libvirt takes the config as a C string: it ends at the first NUL
        int nul = text.indexOf('\0');
        return new Parser(nul < 0 ? text : text.substring(0, nul)).parse();
    }

    /** virconf.c's parser, restricted to what the LXC format allows. */
    private static final class Parser {
        private final String s;
        private int pos;
        private int line = 1;
        private final List<Entry> out = new ArrayList<>();

        Parser(String s) {
            this.s = s;
        }

        LxcConfigFile parse() {
            while (pos < s.length()) {
                statement();
                separator();
            }
            return new LxcConfigFile(out);
        }

        private boolean atEnd() {
            return pos >= s.length();
        }

        private char cur() {
            return atEnd() ? '\0' : s.charAt(pos);
        }

        private static boolean blank(char c) {
            return c == ' ' || c == '\t';
        }

        private static boolean eol(char c) {
            return c == '\n' || c == '\r';
        }

        private void skipBlanks() {
            while (!atEnd() && blank(cur())) {
                pos++;
            }
        }

        private void skipBlanksAndEol() {
            while (!atEnd() && (blank(cur()) || eol(cur()))) {
                if (cur() == '\n') {
                    line++;
                }
                pos++;
            }
        }

        private void toEol() {
            while (!atEnd() && !eol(cur())) {
                pos++;
            }
        }

        private VirtException error(String what) {
            return new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.CONF, "memory conf:" + line + ": " + what);
        }

        private void statement() {
            skipBlanksAndEol();
            if (cur() == '#') {
                toEol();
                return;
            }
            int start = line;
            String name = name();
            skipBlanks();
            if (cur() != '=') {
                throw error("expecting an assignment");
            }
            pos++;
            skipBlanks();
            String value = value();
            skipBlanks();
            if (cur() == '#') {
                toEol(); // a comment after a quoted value
            }
            out.add(new Entry(name, value, start));
        }

        private String name() {
            skipBlanks();
            char c = cur();
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                throw error("expecting a name");
            }
            int base = pos;
            while (!atEnd() && (Character.isLetterOrDigit(cur()) && cur() < 128 || cur() == '_' || cur() == '.')) {
                pos++;
            }
            return s.substring(base, pos);
        }

        private String value() {
            skipBlanks();
            if (atEnd()) {
                throw error("expecting a value");
            }
            char c = cur();
            if (c == '\'' || c == '"' && !tripleQuoted()) {
                pos++;
                int base = pos;
                while (!atEnd() && cur() != c && !eol(cur())) {
                    pos++;
                }
                if (cur() != c) {
                    throw error("unterminated string");
                }
                String v = s.substring(base, pos);
                pos++;
                return v;
            }
            if (c == '"') {
                pos += 3;
                int base = pos;
                while (pos + 2 < s.length() && !s.startsWith("\"\"\"", pos)) {
                    if (cur() == '\n') {
                        line++;
                    }
                    pos++;
                }
                if (!s.startsWith("\"\"\"", pos)) {
                    throw error("unterminated string");
                }
                String v = s.substring(base, pos);
                pos += 3;
                return v;
            }
            // the LXC form: the rest of the line, blanks at its end included (libvirt's trim stops at the line end)
            int base = pos;
            toEol();
            return s.substring(base, pos);
        }

        /** libvirt looks for a """ block only when more than six characters are left. */
        private boolean tripleQuoted() {
            return pos + 6 < s.length() && s.startsWith("\"\"\"", pos);
        }

        private void separator() {
            skipBlanks();
            if (atEnd()) {
                return;
            }
            if (eol(cur())) {
                skipBlanksAndEol();
            } else if (cur() == ';') {
                pos++;
                skipBlanksAndEol();
            } else {
                throw error("expecting a separator");
            }
        }
    }
}
