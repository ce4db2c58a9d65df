package io.jvirt.api.xml;

import java.util.List;
import java.util.Map;

import io.jvirt.api.domain.XmlElement;
import io.jvirt.api.domain.XmlEscape;

/**
 * A small StringBuilder-based XML writer producing libvirt's layout: two spaces per level,
 * single-quoted attributes, empty elements as {@code <x/>}. Formatters write a start tag with
 * {@link #open}, attributes with {@link #attr}, then either {@link #end()} or a body.
 * Sub-elements that may turn out empty are written to a {@link #child()} writer first, so the
 * parent can collapse to {@code <x .../>} as libvirt does.
 */
public final class XmlOut {

    private final StringBuilder sb;

    public XmlOut() {
        this(1024);
    }

    private XmlOut(int capacity) {
        this.sb = new StringBuilder(capacity);
    }

    /** A fresh writer for a body that may turn out empty (levels stay absolute). */
    public XmlOut child() {
        return new XmlOut(256);
    }

    public boolean isEmpty() {
        return sb.length() == 0;
    }

    public XmlOut open(int level, String name) {
        indent(level);
        sb.append('<').append(name);
        return this;
    }

    public XmlOut attr(String name, Object value) {
        if (value != null) {
            sb.append(' ').append(name).append("='");
            escape(sb, value.toString());
            sb.append('\'');
        }
        return this;
    }

    /** Writes {@code name='yes'} or {@code 'no'} for a non-null Boolean. */
    public XmlOut yesNo(String name, Boolean value) {
        return value == null ? this : attr(name, value ? "yes" : "no");
    }

    /** Ends a start tag as an empty element. */
    public void end() {
        sb.append("/>\n");
    }

    /** Ends a start tag that has a body of child elements. */
    public XmlOut body() {
        sb.append(">\n");
        return this;
    }

    public void close(int level, String name) {
        indent(level);
        sb.append("</").append(name).append(">\n");
    }

    /** Ends a start tag with text content and the end tag. */
    public void text(String name, String text) {
        sb.append('>');
        escape(sb, text);
        sb.append("</").append(name).append(">\n");
    }

    /** Ends a start tag with the body held by {@code children}, or as an empty element. */
    public void body(int level, String name, XmlOut children) {
        if (children.isEmpty()) {
            end();
        } else {
            sb.append(">\n").append(children.sb);
            close(level, name);
        }
    }

    /** {@code <name>text</name>} on its own line; nothing when text is null. */
    public void leaf(int level, String name, Object text) {
        if (text != null) {
            open(level, name).text(name, text.toString());
        }
    }

    /** Writes kept elements verbatim (canonical indentation). */
    public void elements(List<XmlElement> elements, int level) {
        for (XmlElement e : elements) {
            element(e, level);
        }
    }

    /** Writes the kept elements named {@code local} from a list, in their order. */
    public void elements(List<XmlElement> elements, String local, int level) {
        for (XmlElement e : elements) {
            if (e.name().equals(local)) {
                element(e, level);
            }
        }
    }

    public void element(XmlElement e, int level) {
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

    /**
     * libvirt's virXMLFormatMetadata: {@code <metadata>} whose children each carry their own
     * namespace declaration (libvirt sanitizes the namespaces of a kept metadata node).
     */
    public void metadata(XmlElement metadata, int level) {
        XmlOut body = child();
        for (XmlElement c : metadata.children()) {
            XmlElement copy = c;
            if (c.prefix() != null && c.namespaceUri() != null && !c.namespaces().containsKey(c.prefix())) {
                copy = c.copy();
                copy.declareNamespace(c.prefix(), c.namespaceUri());
            } else if (c.prefix() == null && c.namespaceUri() != null && !c.namespaces().containsKey("")) {
                copy = c.copy();
                copy.declareNamespace("", c.namespaceUri());
            }
            body.element(copy, level + 1);
        }
        open(level, "metadata");
        body(level, "metadata", body);
    }

    /** Appends pre-formatted content. */
    public void raw(XmlOut other) {
        sb.append(other.sb);
    }

    private void indent(int level) {
        for (int i = 0; i < level; i++) {
            sb.append("  ");
        }
    }

    public static void escape(StringBuilder out, String s) {
        XmlEscape.append(out, s);
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
