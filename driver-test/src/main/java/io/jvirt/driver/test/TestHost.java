package io.jvirt.driver.test;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.core.spi.DomainEventBus;
import io.jvirt.core.spi.DomainObject;
import io.jvirt.core.spi.DomainRegistry;

/**
 * One simulated host: its node facts, its domains (in the core's registry) and its event bus.
 * Nothing is written to disk.
 */
final class TestHost {

    /** libvirt's test driver default host ({@code defaultNodeInfo} in test_driver.c). */
    static final NodeInfo DEFAULT_NODE = new NodeInfo("i686", 3 * 1024 * 1024, 16, 1400, 2, 2, 2, 2);

    /** libvirt's test driver default domain ({@code defaultDomainXML}). */
    static final String DEFAULT_DOMAIN_XML = """
        <domain type='test'>
          <name>test</name>
          <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
          <memory>8388608</memory>
          <currentMemory>2097152</currentMemory>
          <vcpu>2</vcpu>
          <os>
            <type>hvm</type>
          </os>
        </domain>
        """;

    final NodeInfo node;
    final DomainRegistry<TestRuntime> domains = new DomainRegistry<>();
    final DomainEventBus events = new DomainEventBus();

    private TestHost(NodeInfo node) {
        this.node = node;
    }

    static TestHost createDefault() {
        TestHost host = new TestHost(DEFAULT_NODE);
        host.addRunning(DomainXml.parse(DEFAULT_DOMAIN_XML));
        return host;
    }

    /** Loads a host from a node file in the format of libvirt's {@code testnode.xml}. */
    static TestHost fromNodeFile(Path file) {
        Element root = readXml(file).getDocumentElement();
        if (!"node".equals(root.getTagName())) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.TEST, "Root element is not 'node'");
        }
        NodeInfo n = DEFAULT_NODE;
        Element cpu = child(root, "cpu");
        long memory = longOf(child(root, "memory"), n.memoryKiB());
        int nodes = n.nodes();
        int sockets = n.sockets();
        int cores = n.cores();
        int threads = n.threads();
        int mhz = n.mhz();
        String model = n.model();
        int active = -1;
        if (cpu != null) {
            nodes = (int) longOf(child(cpu, "nodes"), nodes);
            sockets = (int) longOf(child(cpu, "sockets"), sockets);
            cores = (int) longOf(child(cpu, "cores"), cores);
            threads = (int) longOf(child(cpu, "threads"), threads);
            mhz = (int) longOf(child(cpu, "mhz"), mhz);
            active = (int) longOf(child(cpu, "active"), -1);
            Element m = child(cpu, "model");
            if (m != null) {
                model = m.getTextContent().trim();
            }
        }
        int cpus = nodes * sockets * cores * threads;
        if (active >= 0 && active < cpus) {
            cpus = active;
        }
        TestHost host = new TestHost(new NodeInfo(model, memory, cpus, mhz, nodes, sockets, cores, threads));
        Path dir = file.toAbsolutePath().getParent();
        for (Node c = root.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && "domain".equals(e.getTagName())) {
                String xml = e.hasAttribute("file") ? readString(dir.resolve(e.getAttribute("file"))) : serialize(e);
                host.addRunning(DomainXml.parse(xml));
            }
        }
        return host;
    }

    /** Adds a persistent domain that runs from the start, as libvirt's test driver does. */
    private void addRunning(DomainDef def) {
        DomainObject<TestRuntime> dom = domains.addOrFind(def, true, TestRuntime::new);
        start(dom, DomainState.RUNNING, StateReason.RUNNING_BOOTED);
    }

    /** Marks a domain running (caller holds its job, or it is not yet visible). */
    void start(DomainObject<TestRuntime> dom, DomainState state, int reason) {
        if (dom.isPersistent()) {
            dom.setNewDef(dom.def().copy());
        }
        domains.assignId(dom);
        dom.setState(state, reason);
        dom.runtime().started();
    }

    /** Marks a domain stopped; a transient one leaves the registry (caller holds its job). */
    void stop(DomainObject<TestRuntime> dom, int shutoffReason) {
        dom.runtime().stopped();
        domains.releaseId(dom);
        dom.setState(DomainState.SHUTOFF, shutoffReason);
        if (dom.newDef() != null) {
            dom.setDef(dom.newDef());
            dom.setNewDef(null);
        }
        if (!dom.isPersistent()) {
            domains.remove(dom);
        }
    }

    void emit(DomainObject<TestRuntime> dom, DomainEventType type, int detail) {
        events.publish(new DomainEvent(dom.name(), dom.uuid(), dom.id(), type, detail));
    }

    private static Document readXml(Path file) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            var b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(file.toFile());
        } catch (IOException e) {
            throw new VirtException(ErrorCode.OPEN_FAILED, ErrorDomain.TEST, file + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.TEST, file + ": " + e.getMessage(), e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.OPEN_FAILED, ErrorDomain.TEST, file.toString(), e);
        }
    }

    private static String serialize(Element e) {
        try {
            var t = TransformerFactory.newDefaultInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(e), new StreamResult(w));
            return w.toString();
        } catch (Exception ex) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST, ex.getMessage(), ex);
        }
    }

    private static Element child(Element parent, String tag) {
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && tag.equals(e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    private static long longOf(Element e, long dflt) {
        if (e == null) {
            return dflt;
        }
        try {
            return Long.parseLong(e.getTextContent().trim());
        } catch (NumberFormatException ex) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.TEST,
                "invalid value '" + e.getTextContent().trim() + "' of node <" + e.getTagName() + ">");
        }
    }
}
