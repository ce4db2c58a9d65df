package io.jvirt.core.kit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON reader for what a host tool prints (qemu-img info, lvm's reports, Virtuozzo's prlctl and
 * prlsrvctl), which is treated as hostile: an image's header is written by a guest and the tool
 * echoes parts of it (a backing file name), a container's name is its owner's choice. Bounded in input length, nesting depth, string length and members; objects
 * become unmodifiable {@code Map<String, Object>}, arrays {@code List<Object>}, integers
 * {@link BigInteger}, other numbers {@link Double}, plus String, Boolean and {@link #NULL}.
 * A duplicate member name is an error (two "backing-filename"s must not let one hide the other).
 *
 * @since 1.5.0 (was driver-storage's own; the second driver reading a tool's JSON, driver-vz, moved it here)
 */
public final class BoundedJson {

    /** JSON's null (a Map cannot hold Java null values in a meaningful way). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    public static final int MAX_INPUT = 1 << 20;
    public static final int MAX_DEPTH = 32;
    public static final int MAX_STRING = 64 * 1024;
    public static final int MAX_MEMBERS = 100_000;
    private static final int MAX_NUMBER_CHARS = 64;

    private final String s;
    private int pos;
    private int members;

    private BoundedJson(String s) {
        this.s = s;
    }

    /** @throws IllegalArgumentException for anything that is not one JSON value within the bounds */
    public static Object parse(String text) {
        if (text.length() > MAX_INPUT) {
            throw new IllegalArgumentException("JSON text longer than " + MAX_INPUT + " characters");
        }
        BoundedJson p = new BoundedJson(text);
        p.ws();
        Object v = p.value(0);
        p.ws();
        if (p.pos != text.length()) {
            throw p.error("trailing characters");
        }
        return v;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        if (pos >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character");
        }
    }

    private Map<String, Object> object(int depth) {
        pos++;
        Map<String, Object> m = new LinkedHashMap<>();
        ws();
        if (peek('}')) {
            pos++;
            return Collections.unmodifiableMap(m);
        }
        while (true) {
            ws();
            if (!peek('"')) {
                throw error("member name expected");
            }
            String key = string();
            ws();
            expect(':');
            ws();
            Object v = value(depth + 1);
            if (m.putIfAbsent(key, v) != null) {
                throw error("duplicate member '" + key + "'");
            }
            count();
            ws();
            if (peek(',')) {
                pos++;
                continue;
            }
            expect('}');
            return Collections.unmodifiableMap(m);
        }
    }

    private List<Object> array(int depth) {
        pos++;
        List<Object> l = new ArrayList<>();
        ws();
        if (peek(']')) {
            pos++;
            return Collections.unmodifiableList(l);
        }
        while (true) {
            ws();
            l.add(value(depth + 1));
            count();
            ws();
            if (peek(',')) {
                pos++;
                continue;
            }
            expect(']');
            return Collections.unmodifiableList(l);
        }
    }

    private void count() {
        if (++members > MAX_MEMBERS) {
            throw error("more than " + MAX_MEMBERS + " values");
        }
    }

    private String string() {
        pos++; // the opening quote
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw error("control character in string");
            }
            if (c == '\\') {
                if (pos >= s.length()) {
                    throw error("unterminated escape");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("bad escape");
                }
            } else {
                b.append(c);
            }
            if (b.length() > MAX_STRING) {
                throw error("string longer than " + MAX_STRING);
            }
        }
    }

    private Object number() {
        int start = pos;
        if (peek('-')) {
            pos++;
        }
        boolean integral = true;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c >= '0' && c <= '9') {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                integral = false;
                pos++;
            } else {
                break;
            }
            if (pos - start > MAX_NUMBER_CHARS) {
                throw error("number longer than " + MAX_NUMBER_CHARS + " characters");
            }
        }
        String t = s.substring(start, pos);
        try {
            if (integral) {
                if (t.equals("-") || t.isEmpty()) {
                    throw error("bad number");
                }
                return new BigInteger(t);
            }
            double d = Double.parseDouble(t);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw error("number out of range");
            }
            return d;
        } catch (NumberFormatException e) {
            throw error("bad number");
        }
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, pos)) {
            throw error("unexpected literal");
        }
        pos += word.length();
        return v;
    }

    private boolean peek(char c) {
        return pos < s.length() && s.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("'" + c + "' expected");
        }
        pos++;
    }

    private void ws() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed JSON at offset " + pos + ": " + what);
    }

    // ---- typed access for callers: a wrong type is an error, never a ClassCastException ----

    /** {@code v} as an object, or an error naming {@code what}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object v, String what) {
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException(what + " is not a JSON object");
    }

    /** {@code v} as an array, or an error naming {@code what}. */
    @SuppressWarnings("unchecked")
    public static List<Object> array(Object v, String what) {
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new IllegalArgumentException(what + " is not a JSON array");
    }

    /** The member {@code key} as a string, null when absent or null; an error for another type. */
    public static String optString(Map<String, Object> o, String key) {
        Object v = o.get(key);
        if (v == null || v == NULL) {
            return null;
        }
        if (v instanceof String str) {
            return str;
        }
        throw new IllegalArgumentException("'" + key + "' is not a string");
    }

    /**
     * The member {@code key} as a non-negative long (JSON integer, or a string of digits as lvm's
     * reports print numbers), null when absent; an error for anything else or outside 0..2^63-1.
     */
    public static Long optUnsigned(Map<String, Object> o, String key) {
        Object v = o.get(key);
        if (v == null || v == NULL) {
            return null;
        }
        BigInteger n;
        if (v instanceof BigInteger b) {
            n = b;
        } else if (v instanceof String str && !str.isEmpty() && str.length() <= 20 && str.chars().allMatch(Character::isDigit)) {
            n = new BigInteger(str);
        } else {
            throw new IllegalArgumentException("'" + key + "' is not a non-negative integer");
        }
        if (n.signum() < 0 || n.bitLength() > 63) {
            throw new IllegalArgumentException("'" + key + "' is out of range: " + n);
        }
        return n.longValue();
    }
}
