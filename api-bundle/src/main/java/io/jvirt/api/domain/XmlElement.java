package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An XML element kept as parsed: its (prefixed) name, attributes in document order, child
 * elements and text. The model uses it for content libvirt keeps without interpreting it
 * ({@code <metadata>}, hypervisor namespaces) and for the rarer device kinds and sub-elements
 * that are re-emitted in libvirt's canonical position rather than modelled field by field.
 *
 * <p>Parsing marks what the typed model reads ("consumed"), so that whatever is left over can be
 * reported as unknown (VALIDATE) or logged and dropped, as libvirt does.
 */
public final class XmlElement {

    private final String name;
    private final String namespaceUri;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    /** Namespace declarations made on this element: prefix ("" for the default) to URI. */
    private final Map<String, String> namespaces = new LinkedHashMap<>(0);
    private final List<XmlElement> children = new ArrayList<>(0);
    private String text;
    private final int line;

    // parse bookkeeping, never copied
    private boolean consumed;
    private java.util.Set<String> consumedAttrs;

    /** Creates an element for programmatic use (line 0, no namespace). */
    public XmlElement(String name) {
        this(name, null, 0);
    }

    /** Creates an element as a reader found it (its namespace URI and the line it started on). */
    public XmlElement(String name, String namespaceUri, int line) {
        this.name = name;
        this.namespaceUri = namespaceUri == null || namespaceUri.isEmpty() ? null : namespaceUri;
        this.line = line;
    }

    /** The qualified name as written ({@code prefix:local} or {@code local}). */
    public String name() {
        return name;
    }

    /** The local part of the name. */
    public String localName() {
        int i = name.indexOf(':');
        return i < 0 ? name : name.substring(i + 1);
    }

    /** The prefix of the name, or null. */
    public String prefix() {
        int i = name.indexOf(':');
        return i < 0 ? null : name.substring(0, i);
    }

    /** The namespace URI of the element, or null. */
    public String namespaceUri() {
        return namespaceUri;
    }

    /** The line the element started on in its document (0 when built in code). */
    public int line() {
        return line;
    }

    /** Attributes in document order (read-only view). */
    public Map<String, String> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    /** Namespace declarations written on this element (read-only view). */
    public Map<String, String> namespaces() {
        return Collections.unmodifiableMap(namespaces);
    }

    /** Child elements in document order (modifiable). */
    public List<XmlElement> children() {
        return children;
    }

    /** The element's non-whitespace text, or null. */
    public String text() {
        return text;
    }

    public XmlElement text(String text) {
        this.text = text;
        return this;
    }

    /** Sets (or with null removes) an attribute, keeping the first-set position. */
    public XmlElement attr(String name, String value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
        return this;
    }

    public XmlElement add(XmlElement child) {
        children.add(child);
        return this;
    }

    /** Records a namespace declaration written on this element (a reader's call). */
    public void declareNamespace(String prefix, String uri) {
        namespaces.put(prefix == null ? "" : prefix, uri);
    }

    /** A deep copy, without parse bookkeeping. */
    public XmlElement copy() {
        XmlElement c = new XmlElement(name, namespaceUri, line);
        c.attributes.putAll(attributes);
        c.namespaces.putAll(namespaces);
        c.text = text;
        for (XmlElement child : children) {
            c.children.add(child.copy());
        }
        return c;
    }

    /**
     * libvirt's virXMLNodeSanitizeNamespaces (applied to a domain's and a network's
     * {@code <metadata>}), on a copy: child elements without a namespace are dropped, and of those
     * sharing a namespace only the first stays.
     *
     * @since 0.15.0 (package version)
     */
    public XmlElement sanitizedNamespaces() {
        XmlElement copy = copy();
        java.util.Set<String> seen = new java.util.HashSet<>();
        copy.children.removeIf(c -> c.namespaceUri == null || c.namespaceUri.isEmpty() || !seen.add(c.namespaceUri));
        return copy;
    }

    // ---- reading helpers used by the parsers; they record what the model consumed ----

    /** Reads an attribute and marks it consumed; null when absent. */
    String get(String attr) {
        String v = attributes.get(attr);
        if (v != null) {
            if (consumedAttrs == null) {
                consumedAttrs = new java.util.HashSet<>(4);
            }
            consumedAttrs.add(attr);
        }
        return v;
    }

    /** The first child with this local name (marked consumed), or null. */
    XmlElement child(String local) {
        for (XmlElement c : children) {
            if (c.namespaceUri == null && c.name.equals(local)) {
                c.consumed = true;
                return c;
            }
        }
        return null;
    }

    /** All children with this local name (each marked consumed). */
    List<XmlElement> all(String local) {
        List<XmlElement> out = new ArrayList<>(2);
        for (XmlElement c : children) {
            if (c.namespaceUri == null && c.name.equals(local)) {
                c.consumed = true;
                out.add(c);
            }
        }
        return out;
    }

    /** The trimmed text of the first child with this name, or null when there is no such child. */
    String childText(String local) {
        XmlElement c = child(local);
        if (c == null) {
            return null;
        }
        c.consumeAll();
        return c.text == null ? "" : c.text;
    }

    /** Marks this element, its attributes and its whole subtree consumed (content kept verbatim). */
    XmlElement consumeAll() {
        consumed = true;
        consumedAttrs = null;
        for (XmlElement c : children) {
            c.consumeAll();
        }
        consumedAttrs = new java.util.HashSet<>(attributes.keySet());
        return this;
    }

    XmlElement markConsumed() {
        consumed = true;
        return this;
    }

    boolean isConsumed() {
        return consumed;
    }

    boolean isAttrConsumed(String attr) {
        return consumedAttrs != null && consumedAttrs.contains(attr);
    }

    @Override
    public String toString() {
        io.jvirt.api.xml.XmlOut out = new io.jvirt.api.xml.XmlOut();
        out.element(this, 0);
        return out.toString();
    }
}
