package io.jvirt.shell.command;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The NUMA cell numbers of a capabilities document as virsh's freecell --all reads them: the id
 * of every {@code /capabilities/host/topology/cells/cell}, as an unsigned long
 * (virStrToLong_ulp). No DTD, no external entity is read.
 */
public final class CapabilityCells {

    private CapabilityCells() {
    }

    /** @throws IllegalArgumentException with virsh's words: the document unreadable, an id not a number */
    static List<Long> ids(String capabilities) {
        List<Long> ids = new ArrayList<>();
        for (String id : cellIds(capabilities)) {
            ids.add(id(id));
        }
        return ids;
    }

    /**
     * The cells' id attributes as written (null where one has none), for the cell completer too.
     *
     * @throws IllegalArgumentException "unable to get node capabilities" for a document that cannot be read
     */
    public static List<String> cellIds(String capabilities) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(new InputSource(new StringReader(capabilities)));
        } catch (Exception e) {
            throw new IllegalArgumentException("unable to get node capabilities", e);
        }
        List<String> ids = new ArrayList<>();
        Element root = doc.getDocumentElement();
        if (!"capabilities".equals(root.getNodeName())) {
            return ids;
        }
        for (Element host : children(root, "host")) {
            for (Element topology : children(host, "topology")) {
                for (Element cells : children(topology, "cells")) {
                    for (Element cell : children(cells, "cell")) {
                        ids.add(cell.hasAttribute("id") ? cell.getAttribute("id") : null);
                    }
                }
            }
        }
        return ids;
    }

    /** virStrToLong_ulp: digits (an optional '+'), nothing after them, no '-'. */
    private static long id(String value) {
        if (value != null) {
            String v = value.stripLeading();
            if (v.startsWith("+")) {
                v = v.substring(1);
            }
            if (!v.isEmpty() && v.chars().allMatch(Character::isDigit) && v.chars().allMatch(c -> c < 128)) {
                try {
                    return Long.parseUnsignedLong(v);
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
        }
        throw new IllegalArgumentException("conversion from string failed");
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getNodeName())) {
                out.add(e);
            }
        }
        return out;
    }
}
