package io.jvirt.api.domain;

import java.util.List;
import java.util.Map;

/**
 * A small StringBuilder-based XML writer producing libvirt's layout: two spaces per level,
 * single-quoted attributes, empty elements as {@code <x/>}. Formatters write a start tag with
 * {@link #open}, attributes with {@link #attr}, then either {@link #end()} or a body.
 * Sub-elements that may turn out empty are written to a {@link #child()} writer first, so the
 * parent can collapse to {@code <x .../>} as libvirt does.
 */
final class XmlOut {

    private final StringBuilder sb;

    XmlOut() {
        this(1024);
    }

    private XmlOut(int capacity) {
        this.sb = new StringBuilder(capacity);
    }

    /** A fresh writer for a body that may turn out empty (levels stay absolute). */
    XmlOut child() {
        return new XmlOut(256);
    }

    boolean isEmpty() {
        return sb.length() == 0;
    }

    XmlOut open(int level, String name) {
        indent(level);
        sb.append('<').append(name);
        return this;
    }

    XmlOut attr(String name, Object value) {
        if (value != null) {
            sb.append(' ').append(name).append("='");
            escape(sb, value.toString());
            sb.append('\'');
        }
        return this;
    }

    /** Writes {@code name='yes'} or {@code 'no'} for a non-null Boolean. */
    XmlOut yesNo(String name, Boolean value) {
        return value == null ? this : attr(name, value ? "yes" : "no");
    }

    /** Ends a start tag as an empty element. */
    void end() {
        sb.append("/>\n");
    }

    /** Ends a start tag that has a body of child elements. */
    XmlOut body() {
        sb.append(">\n");
        return this;
    }

    void close(int level, String name) {
        indent(level);
        sb.append("</").append(name).append(">\n");
    }

    /** Ends a start tag with text content and the end tag. */
    void text(String name, String text) {
        sb.append('>');
        escape(sb, text);
        sb.append("</").append(name).append(">\n");
    }

    /** Ends a start tag with the body held by {@code children}, or as an empty element. */
    void body(int level, String name, XmlOut children) {
        if (children.isEmpty()) {
            end();
        } else {
            sb.append(">\n").append(children.sb);
            close(level, name);
        }
    }

    /** {@code <name>text</name>} on its own line; nothing when text is null. */
    void leaf(int level, String name, Object text) {
        if (text != null) {
            open(level, name).text(name, text.toString());
        }
    }

    /** Writes kept elements verbatim (canonical indentation). */
    void elements(List<XmlElement> elements, int level) {
        for (XmlElement e : elements) {
            element(e, level);
        }
    }

    /** Writes the kept elements named {@code local} from a list, in their order. */
    void elements(List<XmlElement> elements, String local, int level) {
        for (XmlElement e : elements) {
            if (e.name().equals(local)) {
                element(e, level);
            }
        }
    }

    void element(XmlElement e, int level) {
        open(level, e.name());
        for (Map.Entry<String, String> ns : e.namespaces().entrySet()) {
            attr(ns.getKey().isEmpty() ? "xmlns" : "xmlns:" + ns.getKey(), ns.getValue());
        }
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            attr(a.getKey(), a.getValue());
        }
        if (e.children().isEmpty()) {
            if (e.text() == null) {
                end();
            } else {
                text(e.name(), e.text());
            }
            return;
        }
        body();
        for (XmlElement c : e.children()) {
            element(c, level + 1);
        }
        close(level, e.name());
    }

    /** Appends pre-formatted content. */
    void raw(XmlOut other) {
        sb.append(other.sb);
    }

    private void indent(int level) {
        for (int i = 0; i < level; i++) {
            sb.append("  ");
        }
    }

    static void escape(StringBuilder out, String s) {
        XmlEscape.append(out, s);
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
