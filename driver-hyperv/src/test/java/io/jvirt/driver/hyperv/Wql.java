package io.jvirt.driver.hyperv;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The stand-in's WQL: exactly the subset libvirt's Hyper-V driver sends, anything else refused
 * (an {@link IllegalArgumentException} the server turns into a fault):
 * <ul>
 * <li>{@code SELECT * FROM Class [WHERE cond]} with {@code cond} built of {@code prop = 'text'},
 *     {@code prop = 123}, {@code !=}, {@code prop LIKE 'a%b'}, {@code __SERVER}, {@code AND}, {@code OR} and
 *     parentheses;</li>
 * <li>{@code ASSOCIATORS OF {Class.key='v',...} WHERE [AssocClass = A] ResultClass = R}.</li>
 * </ul>
 */
final class Wql {

    /** A parsed query: a SELECT (className, where) or an ASSOCIATORS OF (source, keys, assocClass, resultClass). */
    record Query(String className, Predicate<Props> where, String sourceClass, Map<String, String> sourceKeys,
                 String assocClass, String resultClass) {
        boolean associators() {
            return sourceClass != null;
        }

        /** The class of the result's items. */
        String itemClass() {
            return associators() ? resultClass : className;
        }
    }

    /** What a condition reads of an object; throws IllegalArgumentException for a property the class lacks. */
    interface Props {
        String get(String name);

        String server();
    }

    private final String s;
    private int pos;

    private Wql(String s) {
        this.s = s;
    }

    static Query parse(String text) {
        Wql p = new Wql(text);
        Query q = p.query();
        p.skipWs();
        if (p.pos != p.s.length()) {
            throw p.error("trailing text");
        }
        return q;
    }

    private Query query() {
        if (keyword("SELECT")) {
            expect("*");
            if (!keyword("FROM")) {
                throw error("FROM expected");
            }
            String cls = ident();
            Predicate<Props> where = x -> true;
            if (keyword("WHERE")) {
                where = or();
            }
            return new Query(cls, where, null, null, null, null);
        }
        if (keyword("ASSOCIATORS")) {
            if (!keyword("OF")) {
                throw error("OF expected");
            }
            expect("{");
            String src = ident();
            expect(".");
            Map<String, String> keys = new LinkedHashMap<>();
            do {
                String k = ident();
                expect("=");
                keys.put(k, string());
            } while (accept(","));
            expect("}");
            if (!keyword("WHERE")) {
                throw error("WHERE expected");
            }
            String assoc = null;
            if (keyword("AssocClass")) {
                expect("=");
                assoc = ident();
            }
            if (!keyword("ResultClass")) {
                throw error("ResultClass expected");
            }
            expect("=");
            String result = ident();
            return new Query(null, null, src, keys, assoc, result);
        }
        throw error("SELECT or ASSOCIATORS OF expected");
    }

    private Predicate<Props> or() {
        Predicate<Props> p = and();
        while (keyword("OR")) {
            Predicate<Props> a = p;
            Predicate<Props> b = and();
            p = x -> a.test(x) | b.test(x);
        }
        return p;
    }

    private Predicate<Props> and() {
        Predicate<Props> p = primary();
        while (keyword("AND")) {
            Predicate<Props> a = p;
            Predicate<Props> b = primary();
            // both sides always evaluated: an unknown property is refused wherever it stands
            p = x -> a.test(x) & b.test(x);
        }
        return p;
    }

    private Predicate<Props> primary() {
        if (accept("(")) {
            Predicate<Props> p = or();
            expect(")");
            return p;
        }
        String prop = ident();
        boolean equal;
        if (keyword("LIKE")) {
            // WQL's LIKE: % any run, _ one character, case-insensitive (libvirt: the maximum processor definition)
            String pattern = string();
            StringBuilder re = new StringBuilder("(?is)");
            for (char ch : pattern.toCharArray()) {
                re.append(ch == '%' ? ".*" : ch == '_' ? "." : java.util.regex.Pattern.quote(String.valueOf(ch)));
            }
            java.util.regex.Pattern like = java.util.regex.Pattern.compile(re.toString());
            return x -> like.matcher(nonNull(x.get(prop))).matches();
        }
        if (accept("!=")) {
            equal = false;
        } else if (accept("=")) {
            equal = true;
        } else {
            throw error("= or != expected after " + prop);
        }
        skipWs();
        Predicate<Props> cmp;
        if (peek() == '\'') {
            String v = string();
            cmp = x -> v.equalsIgnoreCase(nonNull(x.get(prop)));
        } else if (keyword("__SERVER")) {
            cmp = x -> x.server().equalsIgnoreCase(nonNull(x.get(prop)));
        } else {
            long n = number();
            cmp = x -> {
                String v = x.get(prop);
                return v != null && !v.isEmpty() && Long.parseLong(v) == n;
            };
        }
        Predicate<Props> c = cmp;
        return equal ? c : x -> !c.test(x);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private boolean keyword(String kw) {
        skipWs();
        int end = pos + kw.length();
        if (end <= s.length() && s.substring(pos, end).toUpperCase(Locale.ROOT).equals(kw.toUpperCase(Locale.ROOT))
            && (end == s.length() || !Character.isLetterOrDigit(s.charAt(end)) && s.charAt(end) != '_')) {
            pos = end;
            return true;
        }
        return false;
    }

    private boolean accept(String tok) {
        skipWs();
        if (s.startsWith(tok, pos)) {
            pos += tok.length();
            return true;
        }
        return false;
    }

    private void expect(String tok) {
        if (!accept(tok)) {
            throw error("'" + tok + "' expected");
        }
    }

    private String ident() {
        skipWs();
        int start = pos;
        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("name expected");
        }
        return s.substring(start, pos);
    }

    private long number() {
        skipWs();
        int start = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("value expected");
        }
        return Long.parseLong(s.substring(start, pos));
    }

    /** A quoted literal with libvirt's virBufferEscapeSQL backslash escapes. */
    private String string() {
        skipWs();
        if (peek() != '\'') {
            throw error("quoted text expected");
        }
        pos++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated text");
            }
            char c = s.charAt(pos++);
            if (c == '\\') {
                if (pos >= s.length()) {
                    throw error("unterminated text");
                }
                b.append(s.charAt(pos++));
            } else if (c == '\'') {
                return b.toString();
            } else {
                b.append(c);
            }
        }
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : 0;
    }

    private void skipWs() {
        while (pos < s.length() && s.charAt(pos) == ' ') {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("WQL syntax error at " + pos + " (" + what + ") in: " + s);
    }
}
