package io.jvirt.driver.esx;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** DOM helpers for SOAP answers: namespace-aware, no DTDs, no external entities. */
final class Xml {

    private static final DocumentBuilderFactory FACTORY = factory();

    private Xml() {
    }

    static Element parse(byte[] body) throws Exception {
        DocumentBuilder b;
        synchronized (FACTORY) {
            b = FACTORY.newDocumentBuilder();
        }
        b.setErrorHandler(null);
        return b.parse(new ByteArrayInputStream(body)).getDocumentElement();
    }

    /** The first child element with local name {@code name}, or null. */
    static Element child(Element parent, String name) {
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

    /** Every child element with local name {@code name} (all children when {@code name} is null). */
    static List<Element> children(Element parent, String name) {
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

    /** The text of the child {@code name}, or null. */
    static String text(Element parent, String name) {
        Element c = child(parent, name);
        return c == null ? null : c.getTextContent().strip();
    }

    /** Follows a dotted path of child names ("summary.hardware.cpuMhz"). */
    static Element path(Element parent, String dotted) {
        Element e = parent;
        for (String part : dotted.split("\\.")) {
            e = child(e, part);
            if (e == null) {
                return null;
            }
        }
        return e;
    }

    static String local(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }

    /** The element's {@code xsi:type} without its prefix ("VirtualDisk"), or null. */
    static String xsiType(Element e) {
        String t = e.getAttributeNS(SoapWriter.XSI, "type");
        if (t == null || t.isEmpty()) {
            return null;
        }
        int colon = t.indexOf(':');
        return colon >= 0 ? t.substring(colon + 1) : t;
    }

    /** A {@code <x type="T">id</x>} element as a reference. */
    static MoRef ref(Element e) {
        return e == null ? null : new MoRef(e.getAttribute("type"), e.getTextContent().strip());
    }

    private static DocumentBuilderFactory factory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            return f;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
