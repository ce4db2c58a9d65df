package io.jvirt.api.domain;

/**
 * A small XML text builder for the drivers' native-format converters (VMX, xl.cfg, LXC configs),
 * whose result the domain model parses again: elements, attributes left out when null, escaped
 * text. Attribute values keep tabs and line ends as character references (an XML parser would
 * turn them into spaces otherwise); text is escaped as {@link XmlEscape#text}.
 */
public final class XmlText {

    private final StringBuilder sb = new StringBuilder(2048);

    /** {@code <name a='v' ...>}; null attribute values are left out; {@code close} makes it empty. */
    public XmlText open(String name, boolean close, String... attrs) {
        sb.append('<').append(name);
        for (int i = 0; i + 1 < attrs.length; i += 2) {
            if (attrs[i + 1] != null) {
                sb.append(' ').append(attrs[i]).append("='").append(XmlEscape.attribute(attrs[i + 1])).append('\'');
            }
        }
        sb.append(close ? "/>" : ">");
        return this;
    }

    public XmlText open(String name, String... attrs) {
        return open(name, false, attrs);
    }

    public XmlText empty(String name, String... attrs) {
        return open(name, true, attrs);
    }

    public XmlText close(String name) {
        sb.append("</").append(name).append('>');
        return this;
    }

    /** {@code <name ...>value</name>}. */
    public XmlText text(String name, Object value, String... attrs) {
        open(name, false, attrs);
        XmlEscape.append(sb, String.valueOf(value));
        return close(name);
    }

    /** Already formatted XML text, appended as is. */
    public XmlText raw(String xml) {
        sb.append(xml);
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
