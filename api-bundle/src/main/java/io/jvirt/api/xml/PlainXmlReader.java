package io.jvirt.api.xml;

import io.jvirt.api.domain.XmlElement;

/**
 * A strict reader for plain XML documents: elements and attributes with ASCII names and no namespace
 * (no colon, no {@code xmlns}), text, the five predefined entities and character references, comments,
 * and an XML declaration of version 1.0 in UTF-8 at the very start. It builds the tree
 * {@link SafeXmlReader}'s StAX reader would build (the same names, attributes in order, text, and each
 * element's line: the line its start tag ends on), and returns null, having built nothing anyone sees,
 * for every document outside that subset or not well formed: a DTD, CDATA, a processing instruction,
 * any other entity reference, a character XML 1.0 does not allow, a duplicate attribute, a mismatched or
 * missing end tag, nesting deeper than the cap. The caller then reads the document with StAX, which
 * accepts what it accepts and words every error.
 *
 * <p>Why: for the small documents of a define, StAX's per-document setup (its reader reset, its
 * security limits looked up by name) cost more than the reading itself.
 */
final class PlainXmlReader {

    private final String s;
    private final int n;
    private final int maxDepth;
    private int pos;
    private int line = 1;

    private PlainXmlReader(String s, int maxDepth) {
        this.s = s;
        this.n = s.length();
        this.maxDepth = maxDepth;
    }

    /** The tree of {@code xml}, or null when the document is not one this reader reads. */
    static XmlElement read(String xml, int maxDepth) {
        try {
            return new PlainXmlReader(xml, maxDepth).document();
        } catch (GiveUp e) {
            return null;
        }
    }

    /** Thrown (without a stack) wherever the document leaves the subset. */
    private static final class GiveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final GiveUp INSTANCE = new GiveUp();

        private GiveUp() {
            super(null, null, false, false);
        }
    }

    private static GiveUp giveUp() {
        return GiveUp.INSTANCE;
    }

    private XmlElement document() {
        if (s.startsWith("<?xml")) {
            declaration();
        }
        miscellany();
        if (pos >= n || s.charAt(pos) != '<') {
            throw giveUp();
        }
        XmlElement root = element();
        miscellany();
        if (pos != n) {
            throw giveUp();
        }
        return root;
    }

    /** {@code <?xml version="1.0"?>} or with {@code encoding="UTF-8"}, either quote, single spaces. */
    private void declaration() {
        int end = s.indexOf("?>");
        if (end < 0) {
            throw giveUp();
        }
        String d = s.substring(0, end + 2);
        switch (d) {
            case "<?xml version=\"1.0\"?>", "<?xml version='1.0'?>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<?xml version='1.0' encoding='UTF-8'?>" -> pos = end + 2;
            default -> throw giveUp();
        }
    }

    /** Whitespace and comments outside the root element. */
    private void miscellany() {
        while (pos < n) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                whitespaceChar(c);
            } else if (s.startsWith("<!--", pos)) {
                comment();
            } else {
                return;
            }
        }
    }

    private void whitespaceChar(char c) {
        if (c == '\n' || c == '\r' && (pos + 1 >= n || s.charAt(pos + 1) != '\n')) {
            line++;
        }
        pos++;
    }

    /** At {@code <!--}: skips to after {@code -->}; a {@code --} inside gives up. */
    private void comment() {
        int end = s.indexOf("--", pos + 4);
        if (end < 0 || end + 2 >= n || s.charAt(end + 2) != '>') {
            throw giveUp();
        }
        for (int i = pos + 4; i < end; i++) {
            char c = s.charAt(i);
            checkChar(c);
            if (c == '\n' || c == '\r' && s.charAt(i + 1) != '\n') {
                line++;
            }
        }
        pos = end + 3;
    }

    private static void checkChar(char c) {
        if (c < 0x20 ? c != '\t' && c != '\n' && c != '\r' : c >= 0xd800 && (c < 0xe000 || c > 0xfffd)) {
            throw giveUp(); // not an XML 1.0 character, or a surrogate (left to StAX)
        }
    }

    /** The root element and everything in it, iteratively (an explicit stack, bounded by the cap). */
    private XmlElement element() {
        XmlElement[] stack = new XmlElement[8];
        StringBuilder[] texts = new StringBuilder[8];
        int depth = 0;
        XmlElement root = null;
        while (true) {
            // at '<' of a start tag
            if (depth >= maxDepth) {
                throw giveUp();
            }
            pos++;
            String name = name();
            XmlElement e = null;
            String[] attrs = null;
            int nattrs = 0;
            boolean empty;
            while (true) {
                boolean space = skipSpace();
                if (pos >= n) {
                    throw giveUp();
                }
                char c = s.charAt(pos);
                if (c == '>') {
                    pos++;
                    empty = false;
                    break;
                }
                if (c == '/') {
                    if (pos + 1 >= n || s.charAt(pos + 1) != '>') {
                        throw giveUp();
                    }
                    pos += 2;
                    empty = true;
                    break;
                }
                if (!space) {
                    throw giveUp();
                }
                String an = name();
                if (an.startsWith("xmlns")) {
                    throw giveUp(); // a namespace declaration: StAX's
                }
                skipSpace();
                if (pos >= n || s.charAt(pos) != '=') {
                    throw giveUp();
                }
                pos++;
                skipSpace();
                String value = attributeValue();
                if (attrs == null) {
                    attrs = new String[8];
                } else if (nattrs * 2 == attrs.length) {
                    attrs = java.util.Arrays.copyOf(attrs, attrs.length * 2);
                }
                for (int i = 0; i < nattrs * 2; i += 2) {
                    if (attrs[i].equals(an)) {
                        throw giveUp();
                    }
                }
                attrs[nattrs * 2] = an;
                attrs[nattrs * 2 + 1] = value;
                nattrs++;
            }
            e = new XmlElement(name, null, line);
            for (int i = 0; i < nattrs * 2; i += 2) {
                e.attr(attrs[i], attrs[i + 1]);
            }
            if (depth == 0) {
                root = e;
            } else {
                stack[depth - 1].add(e);
            }
            if (empty) {
                if (depth == 0) {
                    return root;
                }
            } else {
                if (depth == stack.length) {
                    stack = java.util.Arrays.copyOf(stack, depth * 2);
                    texts = java.util.Arrays.copyOf(texts, depth * 2);
                }
                stack[depth] = e;
                if (texts[depth] == null) {
                    texts[depth] = new StringBuilder();
                } else {
                    texts[depth].setLength(0);
                }
                depth++;
            }
            // content until the next start tag, or end tags until the root's
            while (true) {
                content(texts[depth - 1]);
                // at '<'
                if (pos + 1 < n && s.charAt(pos + 1) == '/') {
                    pos += 2;
                    String end = name();
                    skipSpace();
                    if (pos >= n || s.charAt(pos) != '>') {
                        throw giveUp();
                    }
                    pos++;
                    XmlElement open = stack[depth - 1];
                    if (!end.equals(open.name())) {
                        throw giveUp();
                    }
                    StringBuilder t = texts[depth - 1];
                    if (t.length() > 0) {
                        String text = t.toString();
                        if (!text.isBlank()) {
                            open.text(open.children().isEmpty() ? text : text.strip());
                        }
                    }
                    stack[depth - 1] = null;
                    depth--;
                    if (depth == 0) {
                        return root;
                    }
                } else if (s.startsWith("<!--", pos)) {
                    comment();
                } else if (pos + 1 < n && (s.charAt(pos + 1) == '!' || s.charAt(pos + 1) == '?')) {
                    throw giveUp(); // CDATA, a DTD, a processing instruction
                } else {
                    break; // a child's start tag
                }
            }
        }
    }

    /** Character data up to the next '<' into {@code text}, references resolved, line ends normalized. */
    private void content(StringBuilder text) {
        while (true) {
            if (pos >= n) {
                throw giveUp(); // the document ended inside an element
            }
            char c = s.charAt(pos);
            switch (c) {
                case '<' -> {
                    return;
                }
                case '&' -> text.append(reference());
                case '\r' -> {
                    line++;
                    text.append('\n');
                    pos += pos + 1 < n && s.charAt(pos + 1) == '\n' ? 2 : 1;
                }
                case '\n' -> {
                    line++;
                    text.append('\n');
                    pos++;
                }
                case '>' -> {
                    if (pos >= 2 && s.charAt(pos - 1) == ']' && s.charAt(pos - 2) == ']') {
                        throw giveUp(); // "]]>" is not allowed in content
                    }
                    text.append(c);
                    pos++;
                }
                default -> {
                    checkChar(c);
                    text.append(c);
                    pos++;
                }
            }
        }
    }

    /** A quoted attribute value, references resolved, whitespace normalized as XML's CDATA attributes. */
    private String attributeValue() {
        if (pos >= n) {
            throw giveUp();
        }
        char quote = s.charAt(pos);
        if (quote != '"' && quote != '\'') {
            throw giveUp();
        }
        pos++;
        int start = pos;
        // the common case: no reference, no whitespace but spaces
        while (pos < n) {
            char c = s.charAt(pos);
            if (c == quote) {
                String v = s.substring(start, pos);
                pos++;
                return v;
            }
            if (c == '&' || c == '<' || c < 0x20 || c >= 0xd800) {
                break;
            }
            pos++;
        }
        StringBuilder b = new StringBuilder(pos - start + 16).append(s, start, pos);
        while (pos < n) {
            char c = s.charAt(pos);
            if (c == quote) {
                pos++;
                return b.toString();
            }
            switch (c) {
                case '<' -> throw giveUp();
                case '&' -> b.append(reference());
                case '\r' -> {
                    line++;
                    b.append(' ');
                    pos += pos + 1 < n && s.charAt(pos + 1) == '\n' ? 2 : 1;
                }
                case '\n' -> {
                    line++;
                    b.append(' ');
                    pos++;
                }
                case '\t' -> {
                    b.append(' ');
                    pos++;
                }
                default -> {
                    checkChar(c);
                    b.append(c);
                    pos++;
                }
            }
        }
        throw giveUp();
    }

    /** At '&': one of the five predefined entities or a character reference (not normalized). */
    private String reference() {
        int semi = s.indexOf(';', pos + 1);
        if (semi < 0 || semi - pos > 12) {
            throw giveUp();
        }
        String ref = s.substring(pos + 1, semi);
        pos = semi + 1;
        switch (ref) {
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "amp":
                return "&";
            case "apos":
                return "'";
            case "quot":
                return "\"";
            default:
                break;
        }
        int cp;
        try {
            if (ref.startsWith("#x")) {
                cp = parseDigits(ref, 2, 16);
            } else if (ref.startsWith("#")) {
                cp = parseDigits(ref, 1, 10);
            } else {
                throw giveUp(); // any other entity: StAX refuses it
            }
        } catch (NumberFormatException e) {
            throw giveUp();
        }
        if (cp < 0x20 ? cp != '\t' && cp != '\n' && cp != '\r' : cp >= 0xd800 && (cp < 0xe000 || cp > 0xfffd)) {
            throw giveUp(); // not a character, or one beyond the BMP (left to StAX)
        }
        return String.valueOf((char) cp);
    }

    private static int parseDigits(String ref, int from, int radix) {
        if (ref.length() == from || ref.length() - from > 8) {
            throw giveUp();
        }
        for (int i = from; i < ref.length(); i++) {
            if (Character.digit(ref.charAt(i), radix) < 0 || ref.charAt(i) > 'f') {
                throw giveUp();
            }
        }
        return Integer.parseInt(ref, from, ref.length(), radix);
    }

    /** An ASCII name without a colon: [A-Za-z_][A-Za-z0-9_.-]*. */
    private String name() {
        int start = pos;
        if (pos >= n || !nameStart(s.charAt(pos))) {
            throw giveUp();
        }
        pos++;
        while (pos < n && nameChar(s.charAt(pos))) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private static boolean nameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean nameChar(char c) {
        return nameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.';
    }

    /** Skips whitespace in a tag; whether there was any. */
    private boolean skipSpace() {
        int start = pos;
        while (pos < n) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                break;
            }
            whitespaceChar(c);
        }
        return pos > start;
    }
}
