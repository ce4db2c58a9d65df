package io.jvirt.api.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.xml.SafeXmlReader;

/**
 * A definition's {@code <metadata>} elements by namespace, as libvirt's virDomainGetMetadata and
 * virDomainSetMetadata with VIR_DOMAIN_METADATA_ELEMENT read and change them (virXMLExtractNamespaceXML,
 * virDomainDefSetMetadata): written once for every driver.
 *
 * @since 0.12.0
 */
public final class DomainMetadata {

    private DomainMetadata() {
    }

    /**
     * The first element of {@code def}'s metadata in namespace {@code uri}, without its namespace,
     * as libvirt prints it (libxml2's formatted dump: two-space indentation, double-quoted attributes).
     *
     * @throws VirtException NO_DOMAIN_METADATA "Requested metadata element is not present"
     */
    public static String element(DomainDef def, String uri) {
        XmlElement found = find(def.metadata(), uri);
        if (found == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN_METADATA, ErrorDomain.DOMAIN, "Requested metadata element is not present");
        }
        StringBuilder b = new StringBuilder();
        dump(b, found, 0);
        return b.toString();
    }

    /**
     * Puts {@code xml} (one element) into {@code def}'s metadata in namespace {@code uri} with prefix
     * {@code key}, replacing every element of that namespace; a null {@code xml} only removes them.
     *
     * @throws VirtException XML_ERROR for a document that is not well formed, INVALID_ARG for a URI
     *                       that is not one or a key that is not a prefix
     */
    public static void setElement(DomainDef def, String xml, String key, String uri) {
        XmlElement injected = null;
        if (xml != null) {
            checkUri(uri);
            if (key == null || !key.matches("[A-Za-z_][A-Za-z0-9._-]*") || key.regionMatches(true, 0, "xml", 0, 3)) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "Failed to create a new XML namespace");
            }
            XmlElement parsed = SafeXmlReader.read(xml);
            injected = inject(parsed, key, uri);
            injected.declareNamespace(key, uri);
        }
        XmlElement metadata = def.metadata();
        if (metadata == null) {
            if (injected == null) {
                return;
            }
            metadata = new XmlElement("metadata");
            def.metadata(metadata);
        }
        for (Iterator<XmlElement> it = metadata.children().iterator(); it.hasNext(); ) {
            if (uri != null && uri.equals(it.next().namespaceUri())) {
                it.remove();
            }
        }
        if (injected != null) {
            metadata.add(injected);
        }
        if (metadata.children().isEmpty()) {
            def.metadata(null);
        }
    }

    private static void checkUri(String uri) {
        try {
            new URI(uri);
        } catch (URISyntaxException | NullPointerException e) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "metadata namespace URI '" + uri + "' is not valid");
        }
    }

    private static XmlElement find(XmlElement metadata, String uri) {
        if (metadata == null || uri == null) {
            return null;
        }
        for (XmlElement c : metadata.children()) {
            if (uri.equals(c.namespaceUri())) {
                return c;
            }
        }
        return null;
    }

    /** The element and its descendants without a namespace, now in {@code uri} under {@code key}. */
    private static XmlElement inject(XmlElement e, String key, String uri) {
        boolean mine = e.namespaceUri() == null;
        XmlElement out = new XmlElement(mine ? key + ":" + e.localName() : e.name(), mine ? uri : e.namespaceUri(), 0);
        e.attributes().forEach(out::attr);
        e.namespaces().forEach(out::declareNamespace);
        out.text(e.text());
        for (XmlElement c : e.children()) {
            out.add(inject(c, key, uri));
        }
        return out;
    }

    /** libxml2's xmlNodeDump with formatting, the element's namespaces dropped (virXMLRemoveElementNamespace). */
    private static void dump(StringBuilder b, XmlElement e, int depth) {
        String indent = "  ".repeat(depth);
        b.append(indent).append('<').append(e.localName());
        e.attributes().forEach((k, v) -> b.append(' ').append(k).append("=\"").append(escape(v, true)).append('"'));
        if (e.children().isEmpty() && e.text() == null) {
            b.append("/>");
        } else if (e.children().isEmpty()) {
            b.append('>').append(escape(e.text(), false)).append("</").append(e.localName()).append('>');
        } else {
            b.append(">\n");
            for (XmlElement c : e.children()) {
                dump(b, c, depth + 1);
                b.append('\n');
            }
            b.append(indent).append("</").append(e.localName()).append('>');
        }
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append(attribute ? "&quot;" : "\"");
                case '\n' -> b.append(attribute ? "&#10;" : "\n");
                case '\r' -> b.append("&#13;");
                case '\t' -> b.append(attribute ? "&#9;" : "\t");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
