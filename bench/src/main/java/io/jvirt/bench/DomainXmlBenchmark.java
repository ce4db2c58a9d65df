package io.jvirt.bench;

import java.io.StringReader;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;

/**
 * Domain XML throughput over libvirt's qemu-xml corpus, one document per operation, round-robin:
 * jvirt's parse + format, against the baseline of merely reading every StAX event of the same
 * document with the JDK's parser (what any XML-based tool pays at least).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DomainXmlBenchmark {

    private List<String> docs;
    private XMLInputFactory stax;
    private int next;

    @Setup
    public void load() {
        docs = Corpus.qemuXml();
        stax = XMLInputFactory.newDefaultFactory();
        stax.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        stax.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    private String nextDoc() {
        String d = docs.get(next);
        next = next + 1 == docs.size() ? 0 : next + 1;
        return d;
    }

    /** jvirt: parse into the model, then format back to libvirt's layout. */
    @Benchmark
    public String parseAndFormat() {
        DomainDef def = DomainXml.parse(nextDoc());
        return DomainXml.format(def);
    }

    /** jvirt: parse only. */
    @Benchmark
    public DomainDef parse() {
        return DomainXml.parse(nextDoc());
    }

    /** Baseline: read every event of the document with the JDK's StAX parser, build nothing. */
    @Benchmark
    public int staxScanBaseline() throws XMLStreamException {
        XMLStreamReader r = stax.createXMLStreamReader(new StringReader(nextDoc()));
        int events = 0;
        while (r.hasNext()) {
            r.next();
            events++;
        }
        r.close();
        return events;
    }
}
