package io.jvirt.driver.xen;

/** A tiny XML text builder for the converter; its result is read by the domain model again. */
final class XmlText {

    private final StringBuilder sb = new StringBuilder(2048);

    /** {@code <name a='v' ...>}; null attribute values are left out; {@code close} makes it empty. */
    XmlText open(String name, boolean close, String... attrs) {
        sb.append('<').append(name);
        for (int i = 0; i + 1 < attrs.length; i += 2) {
            if (attrs[i + 1] != null) {
                sb.append(' ').append(attrs[i]).append("='").append(esc(attrs[i + 1])).append('\'');
            }
        }
        sb.append(close ? "/>" : ">");
        return this;
    }

    XmlText open(String name, String... attrs) {
        return open(name, false, attrs);
    }

    XmlText empty(String name, String... attrs) {
        return open(name, true, attrs);
    }

    XmlText close(String name) {
        sb.append("</").append(name).append('>');
        return this;
    }

    XmlText text(String name, Object value, String... attrs) {
        open(name, false, attrs);
        sb.append(esc(String.valueOf(value)));
        return close(name);
    }

    /** Already formatted XML text, appended as is. */
    XmlText raw(String xml) {
        sb.append(xml);
        return this;
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\'' -> out.append("&apos;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append("&#9;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
