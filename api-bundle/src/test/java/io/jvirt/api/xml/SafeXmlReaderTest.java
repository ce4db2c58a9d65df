package io.jvirt.api.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.api.testing.Conformance;
import io.jvirt.api.testing.Prerequisite;

/**
 * SafeXmlReader's two readers build the same tree: whatever {@link PlainXmlReader} accepts, the JDK's
 * StAX reader accepts too and reads into the same elements, attributes, text and lines; what it gives
 * up on goes to StAX, which words every error.
 */
class SafeXmlReaderTest {

    private static final int DEPTH = SafeXmlReader.MAX_DEPTH;

    /** The tree as text: names, namespaces, lines, attributes in order, declared namespaces, text, children. */
    private static String tree(XmlElement e) {
        StringBuilder b = new StringBuilder();
        tree(e, b, 0);
        return b.toString();
    }

    private static void tree(XmlElement e, StringBuilder b, int indent) {
        b.append(" ".repeat(indent)).append(e.name()).append(" ns=").append(e.namespaceUri()).append(" line=").append(e.line());
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            b.append(' ').append(a.getKey()).append("=[").append(a.getValue()).append(']');
        }
        b.append(" xmlns=").append(e.namespaces()).append(" text=[").append(e.text()).append("]\n");
        for (XmlElement c : e.children()) {
            tree(c, b, indent + 1);
        }
    }

    /** Null when the plain reader gave the document up; else checks it against StAX and returns its tree. */
    private static String compare(String xml) {
        XmlElement plain = PlainXmlReader.read(xml, DEPTH);
        if (plain == null) {
            return null;
        }
        XmlElement stax;
        try {
            stax = SafeXmlReader.readWithStax(xml, "domain_definition");
        } catch (VirtException e) {
            throw new AssertionError("the plain reader accepted what StAX refuses (" + e.getMessage() + "): " + xml, e);
        }
        String t = tree(plain);
        assertEquals(tree(stax), t, xml);
        return t;
    }

    @Test
    void aDefinesDocumentIsReadWithoutStax() {
        String xml = "<domain type='test'><name>rpcb-1-2</name><memory unit='KiB'>8192</memory><vcpu>1</vcpu>"
            + "<os><type>hvm</type></os></domain>";
        assertNotNull(compare(xml));
        XmlElement root = SafeXmlReader.read(xml);
        assertEquals("domain", root.name());
        assertEquals("test", root.attributes().get("type"));
        assertEquals("8192", root.children().get(1).text());
    }

    @Test
    void plainDocumentsReadAsStaxReadsThem() {
        String[] docs = {
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<domain>\r\n  <name>a</name>\r\n</domain>\n",
            "<?xml version='1.0'?><a/>",
            "<a b=\"x\ty\nz\r\nw\rv\" c='&lt;&gt;&amp;&apos;&quot;' d='&#9;&#x0A;&#13;&#233;' e=\"'\" f='\"'/>",
            "<a>one<!-- two -->three<b/> four &amp; five <c>six</c>\r\r\n</a>",
            "<!-- before --><a>\n\n<b\n  x='1'\n  y='2'\n/>\n</a><!-- after -->\n  ",
            "<a>  </a>",
            "<a>&#xe9;t&#233;</a>",
            "<a>]]</a>",
            "<a>x > y</a>",
            "<a><b><c><d>deep</d></c></b>tail</a>",
            "<a  b = 'c'  ></a  >",
            "<a>\u00e9\u4e2d\ue000\ufffd</a>",
            "<A-b_c.d e-f='1' _g='2'/>",
        };
        for (String d : docs) {
            assertNotNull(compare(d), d);
        }
    }

    @Test
    void everythingElseIsLeftToStax() {
        String[] docs = {
            "<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>",
            "<a>&x;</a>",
            "<a><![CDATA[x]]></a>",
            "<?pi x?><a/>",
            "<a><?pi x?></a>",
            "<x:a xmlns:x='urn:x'/>",
            "<a xmlns='urn:x'/>",
            "<a x:b='1' xmlns:x='urn:x'/>",
            "<a><b></a>",
            "<a></b>",
            "<a b='1' b='2'/>",
            "<a>\u0001</a>",
            "<a b='\u0001'/>",
            "<a>&#0;</a>",
            "<a>&#x110000;</a>",
            "<a>\ud83d\ude00</a>",
            "<a>]]></a>",
            "<a b='<'/>",
            "<a/><b/>",
            "<a/>x",
            "<a",
            "<a>",
            "\ufeff<a/>",
            " <?xml version='1.0'?><a/>",
            "<?xml version='1.1'?><a/>",
            "<?xml version='1.0' encoding='ISO-8859-1'?><a/>",
            "<a><!-- x -- y --></a>",
            "<\u00e9/>",
            "<a b=c/>",
            "<a b='1'c='2'/>",
            "<a>&#X41;</a>",
        };
        for (String d : docs) {
            assertNull(PlainXmlReader.read(d, DEPTH), d);
        }
    }

    @Test
    void hostileDocumentsAreStillRefusedWithStaxsWords() {
        String laughs = "<?xml version='1.0'?><!DOCTYPE l [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;&a;'>]><l>&b;</l>";
        VirtException e = assertThrows(VirtException.class, () -> SafeXmlReader.read(laughs));
        assertEquals(ErrorCode.XML_ERROR, e.code());
        String external = "<!DOCTYPE a SYSTEM 'file:///etc/passwd'><a/>";
        assertEquals(ErrorCode.XML_ERROR, assertThrows(VirtException.class, () -> SafeXmlReader.read(external)).code());
        String undeclared = "<a>&xxe;</a>";
        assertEquals(ErrorCode.XML_ERROR, assertThrows(VirtException.class, () -> SafeXmlReader.read(undeclared)).code());
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i <= DEPTH; i++) {
            deep.append("<d>");
        }
        for (int i = 0; i <= DEPTH; i++) {
            deep.append("</d>");
        }
        VirtException tooDeep = assertThrows(VirtException.class, () -> SafeXmlReader.read(deep.toString()));
        assertTrue(tooDeep.getMessage().contains("nested deeper than " + DEPTH), tooDeep.getMessage());
        // one level less is read, by the plain reader
        String ok = deep.substring(3, deep.length() - 4);
        assertNotNull(compare(ok));
        VirtException mismatch = assertThrows(VirtException.class, () -> SafeXmlReader.read("<domain><name>x</domain>"));
        assertTrue(mismatch.getMessage().contains("(domain_definition):1: "), mismatch.getMessage());
    }

    private static List<String> corpus() throws IOException {
        Path dir = Conformance.dir();
        Prerequisite.require(Files.isDirectory(dir), "conformance data not available at " + dir);
        List<String> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".xml") && Files.isRegularFile(f)).sorted().toList()) {
                docs.add(Conformance.read(p));
            }
        }
        return docs;
    }

    /** Every XML file of libvirt's conformance data: what the plain reader reads, StAX reads the same. */
    @Test
    void theConformanceCorpusReadsTheSameThroughBothReaders() throws IOException {
        List<String> docs = corpus();
        int plain = 0;
        for (String d : docs) {
            if (compare(d) != null) {
                plain++;
            }
        }
        // most of libvirt's documents are plain; the namespaced ones (metadata, qemu:commandline) go to StAX
        assertTrue(plain > docs.size() / 2, plain + " of " + docs.size() + " read by the plain reader");
    }

    /** Documents of the corpus with characters inserted, removed and replaced: never accepted where StAX refuses. */
    @Test
    void mutatedDocumentsAreReadTheSameOrLeftToStax() throws IOException {
        List<String> docs = corpus();
        String alphabet = "<>&;'\"\r\n\t ]!?-:#x/=a\u0001\ufffe\u00e9\ud800";
        String[] pieces = {"&lt;", "&#10;", "&#x9;", "&amp;", "&foo;", "<!-- c -->", "<![CDATA[x]]>", "</a>", "<b/>", "]]>",
            "xmlns='urn:x'", "<?x?>", "&#;", "&#xZ;", "\r\n"};
        Random random = new Random(24);
        int plain = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder b = new StringBuilder(docs.get(random.nextInt(docs.size())));
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations && b.length() > 0; m++) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(4)) {
                    case 0 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> b.deleteCharAt(at);
                    case 2 -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> b.insert(at, pieces[random.nextInt(pieces.length)]);
                }
            }
            if (compare(b.toString()) != null) {
                plain++;
            }
        }
        assertTrue(plain > 0, "some mutants stay plain");
    }
}
