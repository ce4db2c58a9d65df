package io.jvirt.core.kit.remote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reading what a server answers as XML, safely: a namespace-aware DOM parser with no DTDs (so no
 * entity expansion, "billion laughs", and no external entities, which would let a server make
 * jvirt read local files or reach other hosts), no XInclude and the JDK's secure-processing
 * limits; and the few navigation helpers SOAP answers need, by local name so that namespace
 * prefixes never matter. The answer must already be size-capped ({@link BoundedHttp}).
 *
 * @since 1.1.0
 */
public final class XmlDom {

    /** The XML Schema instance namespace ({@code xsi:type}). */
    public static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private static final DocumentBuilderFactory FACTORY = factory();

    private XmlDom() {
    }

    /**
     * The document element of {@code bytes}.
     *
     * @throws SAXException not well-formed XML, or a document with a DTD
     */
    public static Element parse(byte[] bytes) throws SAXException {
        DocumentBuilder b;
        try {
            synchronized (FACTORY) {
                b = FACTORY.newDocumentBuilder();
            }
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        // no error handler: the parser's default one prints to stderr
        b.setErrorHandler(null);
        try {
            return b.parse(new ByteArrayInputStream(bytes)).getDocumentElement();
        } catch (IOException e) {
            // reading a byte array fails only when the parser refuses the content
            throw new SAXException(e);
        }
    }

    /** The first child element with local name {@code name}, or null (also for a null parent). */
    public static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(local(e))) {
                return e;
            }
        }
        return null;
    }

    /** Every child element with local name {@code name} (every child element when {@code name} is null). */
    public static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || name.equals(local(e)))) {
                out.add(e);
            }
        }
        return out;
    }

    /** The first child element of any name, or null. */
    public static Element first(Element parent) {
        List<Element> all = children(parent, null);
        return all.isEmpty() ? null : all.get(0);
    }

    /** The stripped text of the child {@code name}, or null. */
    public static String text(Element parent, String name) {
        Element c = child(parent, name);
        return c == null ? null : c.getTextContent().strip();
    }

    /** Follows a dotted path of child names ({@code "summary.hardware.cpuMhz"}); null where one is missing. */
    public static Element path(Element parent, String dotted) {
        Element e = parent;
        for (String part : dotted.split("\\.")) {
            e = child(e, part);
            if (e == null) {
                return null;
            }
        }
        return e;
    }

    /** The element's name without its namespace prefix. */
    public static String local(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }

    /** The element's {@code xsi:type} without its prefix ({@code "VirtualDisk"}), or null. */
    public static String xsiType(Element e) {
        String t = e.getAttributeNS(XSI, "type");
        if (t == null || t.isEmpty()) {
            return null;
        }
        int colon = t.indexOf(':');
        return colon >= 0 ? t.substring(colon + 1) : t;
    }

    private static DocumentBuilderFactory factory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
