package io.jvirt.driver.test;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.DomainEventObservers;
import io.jvirt.core.kit.NetworkEventObservers;
import io.jvirt.core.kit.StorageEventObservers;
import io.jvirt.core.spi.UserFiles;

/**
 * Loads a host description in the format of libvirt's {@code testnode.xml}
 * ({@code test:///ABSOLUTE/PATH/node.xml}): node CPU and memory, and domains inline or in files
 * relative to the node file, networks inline or in files (persistent and running, as libvirt's
 * testParseNetworks makes them) and storage pools with their volumes (testParseStorage).
 * Interfaces, node devices and auth users are accepted and skipped (jvirt has no API for them yet).
 */
final class NodeFile {

    private static final Logger LOG = LoggerFactory.getLogger(NodeFile.class);

    /** libvirt's {@code VIR_NODEINFO} model buffer: 32 bytes with the terminating NUL. */
    private static final int MODEL_MAX = 31;

    private NodeFile() {
    }

    /**
     * @param files what the connection's client may make the driver read: the node file and the
     *              domain files it names are read through it, so a read-only client cannot make
     *              the driver read a file outside its allowed directory
     * @param file  the node file's path as the URI names it
     */
    static TestHost load(UserFiles files, String file, String uri, DomainEventObservers observers,
                         NetworkEventObservers networkObservers, StorageEventObservers storageObservers) {
        Element root = read(files, file).getDocumentElement();
        Path nodeFile = Path.of(file).toAbsolutePath();
        if (!"node".equals(root.getTagName())) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.TEST, "Root element is not 'node'");
        }
        TestHost host = new TestHost(uri, nodeInfo(root), observers, networkObservers, storageObservers);
        for (Node c = root.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (!(c instanceof Element e)) {
                continue;
            }
            switch (e.getTagName()) {
                case "domain" -> host.add(TestDefaults.parse(elementXml(e, files, nodeFile), false));
                case "network" -> host.addNetwork(elementXml(e, files, nodeFile));
                case "pool" -> addPool(host, e, files, nodeFile);
                case "interface", "device", "auth" ->
                    LOG.debug("{}: <{}> skipped: jvirt has no API for it yet", file, e.getTagName());
                default -> {
                    // libvirt reads the node file by XPath and ignores anything else too
                }
            }
        }
        return host;
    }

    /** libvirt's {@code testParseNodeInfo}: the defaults, then what {@code <cpu>} and {@code <memory>} say. */
    static NodeInfo nodeInfo(Element root) {
        NodeInfo d = TestDefaults.DEFAULT_NODE;
        Element cpu = child(root, "cpu");
        long nodes = number(cpu, "nodes", d.nodes());
        long sockets = number(cpu, "sockets", d.sockets());
        long cores = number(cpu, "cores", d.cores());
        long threads = number(cpu, "threads", d.threads());
        long cpus = cores * threads * sockets * nodes;
        long active = number(cpu, "active", Long.MAX_VALUE);
        if (active < cpus) {
            cpus = active;
        }
        long mhz = number(cpu, "mhz", d.mhz());
        String model = d.model();
        Element m = child(cpu, "model");
        if (m != null) {
            model = m.getTextContent();
            if (model.length() > MODEL_MAX) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST, "Model " + model + " too big for destination");
            }
        }
        long memory = number(root, "memory", d.memoryKiB());
        return new NodeInfo(model, memory, (int) cpus, (int) mhz, (int) nodes, (int) sockets, (int) cores, (int) threads);
    }

    /** The number in child {@code tag} of {@code parent}, {@code dflt} when absent or empty. */
    private static long number(Element parent, String tag, long dflt) {
        Element e = child(parent, tag);
        if (e == null || e.getTextContent().isEmpty()) {
            return dflt;
        }
        try {
            return Long.parseLong(e.getTextContent().strip());
        } catch (NumberFormatException ex) {
            String what = "memory".equals(tag) ? "node memory" : "node cpu " + tag;
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.TEST, "invalid " + what + " value");
        }
    }

    /** An inline element as XML text, or the root element of the file its {@code file} attribute names. */
    private static String elementXml(Element e, UserFiles files, Path nodeFile) {
        return serialize(resolved(e, files, nodeFile));
    }

    /**
     * libvirt's testParseXMLDocFromFile: the element itself, or, when it has a {@code file}
     * attribute, the root element of that file (relative to the node file), which takes its place.
     */
    private static Element resolved(Element e, UserFiles files, Path nodeFile) {
        if (e.hasAttribute("file")) {
            // libvirt's testBuildFilename: relative to the directory of the node file
            String file = nodeFile.getParent().resolve(e.getAttribute("file")).toString();
            return read(files, file).getDocumentElement();
        }
        return e;
    }

    /**
     * libvirt's testParseStorage and testOpenVolumesForPool: a pool, inline or in a file, with the
     * {@code <volume>} elements (inline or in files) inside the pool element that is read. As in
     * libvirt, a pool read from a file takes the place of the node file's element, so volumes
     * listed under {@code <pool file='x'>} in the node file are not read: only those in the file.
     */
    private static void addPool(TestHost host, Element e, UserFiles files, Path nodeFile) {
        Element pool = (Element) resolved(e, files, nodeFile).cloneNode(true);
        List<String> volumes = new ArrayList<>();
        for (Node c = pool.getFirstChild(); c != null; ) {
            Node next = c.getNextSibling();
            if (c instanceof Element v && "volume".equals(v.getTagName())) {
                volumes.add(elementXml(v, files, nodeFile));
                pool.removeChild(v);
            }
            c = next;
        }
        host.storage.addPool(serialize(pool), volumes);
    }

    private static Document read(UserFiles files, String file) {
        String text;
        try {
            text = files.read(file);
        } catch (VirtException e) {
            if (e.code() != ErrorCode.SYSTEM_ERROR) {
                throw e; // a refusal stays one
            }
            // libvirt's words for a file it cannot read, with the reason ("No such file or directory")
            String m = e.getMessage();
            throw parseFailed(file, m.substring(m.indexOf("': ") + 3), e);
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            var b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new InputSource(new StringReader(text)));
        } catch (SAXParseException e) {
            // the line, never the parser's message: it can quote what the file holds
            throw parseFailed(file, "not well-formed XML at line " + e.getLineNumber(), e);
        } catch (IOException | SAXException | ParserConfigurationException e) {
            throw parseFailed(file, "not well-formed XML", e);
        }
    }

    /** libvirt's words for an unreadable XML file, with where it failed (never what the file holds). */
    private static VirtException parseFailed(String file, String reason, Exception cause) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.TEST,
            "failed to parse xml document '" + file + "': " + reason, cause);
    }

    private static String serialize(Element e) {
        try {
            var t = TransformerFactory.newDefaultInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(e), new StreamResult(w));
            return w.toString();
        } catch (Exception ex) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST, "Failed to copy XML node", ex);
        }
    }

    private static Element child(Element parent, String tag) {
        if (parent == null) {
            return null;
        }
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && tag.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                return e;
            }
        }
        return null;
    }
}
