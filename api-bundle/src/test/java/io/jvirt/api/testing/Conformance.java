package io.jvirt.api.testing;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * Locates libvirt's test vectors and compares XML documents the way the conformance suite asks.
 * Shared by the modules' conformance tests through api-bundle's test jar.
 */
public final class Conformance {

    private Conformance() {
    }

    /** The conformance folder: the system property when it exists, else the shared checkout. */
    public static Path dir() {
        String prop = System.getProperty("jvirt.conformance.dir");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        return Path.of("/work/shared/conformance/libvirt");
    }

    public static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Null when the documents are equal as libvirt's tests mean it (element order and values
     * matter; attribute order, quoting, namespace declarations and whitespace-only text do not),
     * else a description of the first difference.
     */
    public static String diff(String expected, String actual) {
        try {
            Element a = parse(expected);
            Element b = parse(actual);
            return diff(a, b, "/" + a.getTagName());
        } catch (Exception e) {
            return "unparsable: " + e.getMessage();
        }
    }

    private static Element parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
    }

    private static String diff(Element a, Element b, String path) {
        if (!a.getTagName().equals(b.getTagName())) {
            return path + ": element <" + a.getTagName() + "> vs <" + b.getTagName() + ">";
        }
        List<String> attrsA = attrs(a);
        List<String> attrsB = attrs(b);
        if (!attrsA.equals(attrsB)) {
            return path + ": attributes " + attrsA + " vs " + attrsB;
        }
        List<Element> ca = children(a);
        List<Element> cb = children(b);
        if (ca.isEmpty() && cb.isEmpty()) {
            String ta = a.getTextContent().strip();
            String tb = b.getTextContent().strip();
            return ta.equals(tb) ? null : path + ": text '" + ta + "' vs '" + tb + "'";
        }
        for (int i = 0; i < Math.min(ca.size(), cb.size()); i++) {
            String d = diff(ca.get(i), cb.get(i), path + "/" + ca.get(i).getTagName() + "[" + i + "]");
            if (d != null) {
                return d;
            }
        }
        if (ca.size() != cb.size()) {
            return path + ": " + ca.size() + " children vs " + cb.size() + " "
                + (ca.size() > cb.size() ? "missing <" + ca.get(cb.size()).getTagName() + ">"
                    : "extra <" + cb.get(ca.size()).getTagName() + ">");
        }
        return null;
    }

    private static List<String> attrs(Element e) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < e.getAttributes().getLength(); i++) {
            Node n = e.getAttributes().item(i);
            if (!n.getNodeName().startsWith("xmlns")) {
                out.add(n.getNodeName() + "=" + n.getNodeValue());
            }
        }
        out.sort(null);
        return out;
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }
}
