package io.jvirt.api.xml;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.XmlElement;

/**
 * Reads a document into a tree of {@link XmlElement}s, refusing everything that makes XML parsing
 * unsafe: DTDs (hence entity definitions, billion laughs and external entities), entity references,
 * documents over {@link #MAX_CHARS} and nesting deeper than {@link #MAX_DEPTH}. Every failure is a
 * {@link VirtException} with code XML_ERROR.
 *
 * <p>Two readers, one result: {@link PlainXmlReader} reads the plain documents a define usually
 * sends (elements, attributes, text, the five predefined entities and character references,
 * comments, an XML declaration; no namespaces, DTDs, CDATA or processing instructions) without
 * StAX's per-document setup, and gives up on anything else or anything wrong; then the JDK's StAX
 * reader reads the document again, which is what every namespaced or unusual document and every
 * error message comes from. Both build the same tree (SafeXmlReaderTest compares them).
 */
public final class SafeXmlReader {

    /** Documents larger than this are refused before parsing (libvirt's own limit is 10 MiB). */
    public static final int MAX_CHARS = 10 * 1024 * 1024;
    /** Deepest element nesting accepted; real domain XML stays below 10. */
    public static final int MAX_DEPTH = 128;

    /**
     * One factory per thread, reusing its reader: the JDK allocates large buffers for every new
     * reader, which made new readers most of the cost of a define (bench/ profile). A reused reader
     * is reset for each document, so it must never be shared between threads, hence the ThreadLocal.
     */
    private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(SafeXmlReader::createFactory);

    private SafeXmlReader() {
    }

    private static XMLInputFactory createFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            f.setProperty("reuse-instance", Boolean.TRUE); // the JDK's parser; others lack it
        } catch (IllegalArgumentException notSupported) {
            // another StAX implementation: a new reader per document
        }
        return f;
    }

    /** Reads a domain document; errors name it "(domain_definition)" as libvirt's do. */
    public static XmlElement read(String xml) {
        return read(xml, "domain_definition");
    }

    /**
     * Reads a document; errors are located in {@code document} (libvirt's name for the source:
     * "domain_definition", "network_definition" ...).
     */
    public static XmlElement read(String xml, String document) {
        if (xml == null || xml.isBlank()) {
            throw error(document, 1, "Document is empty");
        }
        if (xml.length() > MAX_CHARS) {
            throw error(document, 0, "document is larger than " + MAX_CHARS + " characters");
        }
        XmlElement plain = PlainXmlReader.read(xml, MAX_DEPTH);
        if (plain != null) {
            return plain;
        }
        return readWithStax(xml, document);
    }

    /** The JDK's StAX reader: every document the plain reader leaves to it, and every error message. */
    static XmlElement readWithStax(String xml, String document) {
        XMLStreamReader r = null;
        try {
            r = FACTORY.get().createXMLStreamReader(new StringReader(xml));
            return readTree(r, document);
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            throw error(document, line, cleanMessage(e.getMessage()));
        } catch (RuntimeException e) {
            if (e instanceof VirtException v) {
                throw v;
            }
            // the JDK parser reports some malformations with unchecked exceptions
            throw error(document, 0, String.valueOf(e.getMessage()));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release for a string source
                }
            }
        }
    }

    private static XmlElement readTree(XMLStreamReader r, String document) throws XMLStreamException {
        Deque<XmlElement> stack = new ArrayDeque<>();
        Deque<StringBuilder> texts = new ArrayDeque<>();
        XmlElement root = null;
        while (r.hasNext()) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.DTD -> throw error(document, line(r), "DTDs and entity declarations are not allowed");
                case XMLStreamConstants.ENTITY_REFERENCE ->
                    throw error(document, line(r), "entity reference '&" + r.getLocalName() + ";' is not allowed");
                case XMLStreamConstants.START_ELEMENT -> {
                    if (stack.size() >= MAX_DEPTH) {
                        throw error(document, line(r), "elements nested deeper than " + MAX_DEPTH + " levels");
                    }
                    XmlElement e = startElement(r);
                    if (stack.isEmpty()) {
                        if (root != null) {
                            throw error(document, line(r), "Extra content at the end of the document");
                        }
                        root = e;
                    } else {
                        stack.peek().add(e);
                    }
                    stack.push(e);
                    texts.push(new StringBuilder());
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    XmlElement e = stack.pop();
                    String t = texts.pop().toString();
                    if (!t.isBlank()) {
                        e.text(e.children().isEmpty() ? t : t.strip());
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!texts.isEmpty()) {
                        texts.peek().append(r.getText());
                    }
                }
                default -> {
                    // comments, processing instructions and the document end carry no meaning
                }
            }
        }
        if (root == null) {
            throw error(document, 1, "Document is empty");
        }
        return root;
    }

    private static XmlElement startElement(XMLStreamReader r) {
        String prefix = r.getPrefix();
        String local = r.getLocalName();
        String name = prefix == null || prefix.isEmpty() ? local : prefix + ':' + local;
        XmlElement e = new XmlElement(name, r.getNamespaceURI(), line(r));
        for (int i = 0; i < r.getNamespaceCount(); i++) {
            e.declareNamespace(r.getNamespacePrefix(i), r.getNamespaceURI(i));
        }
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String p = r.getAttributePrefix(i);
            String n = r.getAttributeLocalName(i);
            e.attr(p == null || p.isEmpty() ? n : p + ':' + n, r.getAttributeValue(i));
        }
        return e;
    }

    private static int line(XMLStreamReader r) {
        return r.getLocation() == null ? 0 : r.getLocation().getLineNumber();
    }

    private static String cleanMessage(String m) {
        if (m == null) {
            return "malformed document";
        }
        // the JDK prefixes "ParseError at [row,col]:[x,y]\nMessage: "
        int i = m.indexOf("Message: ");
        return i >= 0 ? m.substring(i + 9) : m;
    }

    /** libvirt's XML_ERROR for a document that is not well formed (or not safe to read). */
    public static VirtException error(String document, int line, String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML, "(" + document + "):" + line + ": " + detail);
    }
}
