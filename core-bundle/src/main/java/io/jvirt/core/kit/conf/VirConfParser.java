package io.jvirt.core.kit.conf;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * virconf.c's parser: statements separated by line ends or ';', each a name, '=', and a value
 * (a number, a quoted string or a list), or a '#' comment. Reading past the end sees a NUL, as
 * libvirt's pointer does; every error is CONF_SYNTAX "FILE:LINE: what" with libvirt's words.
 */
final class VirConfParser {

    private final VirConf conf;
    private final String s;
    private final String filename;
    private final boolean vmx;
    private final boolean lxc;
    private int cur;
    private int line = 1;

    VirConfParser(VirConf conf, String content, String filename) {
        this.conf = conf;
        this.s = content;
        this.filename = filename;
        this.vmx = conf.has(VirConf.Flag.VMX_FORMAT);
        this.lxc = conf.has(VirConf.Flag.LXC_FORMAT);
    }

    void parse() {
        while (cur < s.length()) {
            statement();
            separator();
        }
    }

    private char c() {
        return cur < s.length() ? s.charAt(cur) : '\0';
    }

    private void next() {
        if (cur < s.length()) {
            cur++;
        }
    }

    private static boolean eol(char ch) {
        return ch == '\n' || ch == '\r';
    }

    private static boolean blank(char ch) {
        return ch == ' ' || ch == '\t';
    }

    private static boolean asciiDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    private static boolean asciiAlpha(char ch) {
        return ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z';
    }

    private void skipBlanks() {
        while (cur < s.length() && blank(s.charAt(cur))) {
            cur++;
        }
    }

    private void skipBlanksAndEol() {
        while (cur < s.length() && (blank(s.charAt(cur)) || eol(s.charAt(cur)))) {
            if (s.charAt(cur) == '\n') {
                line++;
            }
            cur++;
        }
    }

    private VirtException error(String what) {
        return new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.CONF, filename + ":" + line + ": " + what);
    }

    private void statement() {
        skipBlanksAndEol();
        int start = line;
        if (c() == '#') {
            comment(start);
            return;
        }
        String name = name();
        skipBlanks();
        if (c() != '=') {
            throw error("expecting an assignment");
        }
        next();
        skipBlanks();
        VirConfValue value = value(0);
        skipBlanks();
        String comment = null;
        if (c() == '#') {
            next();
            int base = cur;
            while (cur < s.length() && !eol(c())) {
                next();
            }
            comment = s.substring(base, cur);
        }
        conf.add(new VirConf.Entry(name, value, comment, start));
    }

    private void comment(int start) {
        next();
        int base = cur;
        while (cur < s.length() && !eol(c())) {
            next();
        }
        conf.add(new VirConf.Entry(null, null, s.substring(base, cur), start));
    }

    private void separator() {
        skipBlanks();
        if (cur >= s.length()) {
            return;
        }
        if (eol(c())) {
            skipBlanksAndEol();
        } else if (c() == ';') {
            next();
            skipBlanksAndEol();
        } else {
            throw error("expecting a separator");
        }
    }

    private String name() {
        skipBlanks();
        int base = cur;
        if (!asciiAlpha(c()) && !(vmx && c() == '.')) {
            throw error("expecting a name");
        }
        while (cur < s.length() && nameChar(c())) {
            next();
        }
        return s.substring(base, cur);
    }

    private boolean nameChar(char ch) {
        return asciiAlpha(ch) || asciiDigit(ch) || ch == '_'
            || vmx && (ch == ':' || ch == '.' || ch == '-')
            || lxc && ch == '.';
    }

    private VirConfValue value(int depth) {
        skipBlanks();
        if (cur >= s.length()) {
            throw error("expecting a value");
        }
        char ch = c();
        if (ch == '"' || ch == '\'' || lxc) {
            return new VirConfValue.Str(string());
        }
        if (ch == '[') {
            if (vmx) {
                throw error("lists not allowed in VMX format");
            }
            if (depth >= VirConf.MAX_LIST_DEPTH) {
                throw error("lists nested deeper than " + VirConf.MAX_LIST_DEPTH);
            }
            return list(depth);
        }
        if (asciiDigit(ch) || ch == '-' || ch == '+') {
            if (vmx) {
                throw error("numbers not allowed in VMX format");
            }
            boolean signed = ch == '-';
            return new VirConfValue.Number(number(), signed);
        }
        throw error("expecting a value");
    }

    private VirConfValue list(int depth) {
        next();
        skipBlanksAndEol();
        List<VirConfValue> items = new ArrayList<>();
        if (cur < s.length() && c() != ']') {
            items.add(value(depth + 1));
            skipBlanksAndEol();
        }
        while (cur < s.length() && c() != ']') {
            if (c() != ',') {
                throw error("expecting a separator in list");
            }
            next();
            skipBlanksAndEol();
            if (c() == ']') {
                break;
            }
            items.add(value(depth + 1));
            skipBlanksAndEol();
        }
        if (c() != ']') {
            throw error("list is not closed with ]");
        }
        next();
        return new VirConfValue.ListValue(items);
    }

    /**
     * virConfParseLong. libvirt accumulates digits in a long long without a check, so a number
     * past its range silently wraps (undefined behaviour in C); jvirt refuses it instead.
     */
    private long number() {
        boolean neg = false;
        if (c() == '-') {
            neg = true;
            next();
        } else if (c() == '+') {
            next();
        }
        if (cur >= s.length() || !asciiDigit(c())) {
            throw error("unterminated number");
        }
        long l = 0;
        while (cur < s.length() && asciiDigit(c())) {
            int d = c() - '0';
            if (l > (Long.MAX_VALUE - d) / 10) {
                throw error("number out of range");
            }
            l = l * 10 + d;
            next();
        }
        return neg ? -l : l;
    }

    private String string() {
        if (c() == '\'' || c() == '"' && !tripleQuoteAhead()) {
            char quote = c();
            next();
            int base = cur;
            while (cur < s.length() && c() != quote && !eol(c())) {
                next();
            }
            if (c() != quote) {
                throw error("unterminated string");
            }
            String out = s.substring(base, cur);
            next();
            return out;
        }
        if (c() == '"') {
            cur += 3;
            int base = cur;
            while (cur + 2 < s.length() && !s.startsWith("\"\"\"", cur)) {
                if (c() == '\n') {
                    line++;
                }
                next();
            }
            if (!s.startsWith("\"\"\"", cur)) {
                throw error("unterminated string");
            }
            String out = s.substring(base, cur);
            cur += 3;
            return out;
        }
        // LXC format: the rest of the line. libvirt's loop meant to drop trailing blanks starts on
        // the line end itself, which is never a blank, so the blanks stay: so do they here.
        int base = cur;
        while (cur < s.length() && !eol(c())) {
            next();
        }
        return s.substring(base, cur);
    }

    /** libvirt tries the triple quote only with more than six characters left ("cur + 6 < end"). */
    private boolean tripleQuoteAhead() {
        return cur + 6 < s.length() && s.startsWith("\"\"\"", cur);
    }
}
