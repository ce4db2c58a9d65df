package io.jvirt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Keeps the benchmark harness working (CI's smoke mode, no libvirt); measures nothing meaningful. */
class ReportSmokeTest {

    @Test
    void everyBenchmarkRunsAndReports() throws Exception {
        Map<String, Report.Score> ops = Report.run(true);
        for (String name : new String[] {"parseAndFormat", "parse", "staxScanBaseline"}) {
            assertTrue(ops.containsKey(name), name + " ran");
            assertTrue(ops.get(name).opsPerSecond() > 0, name + " measured something");
        }
        assertTrue(Report.xmlTable(ops).contains("| parseAndFormat |"));
    }

    @Test
    void testDriverScenarioRunsEveryPhaseAndReportsWithoutLibvirt() {
        Map<String, Double> ops = TestDriverScenario.run(TestDriverScenario.Size.SMOKE);
        assertEquals(TestDriverScenario.PHASES, java.util.List.copyOf(ops.keySet()));
        ops.forEach((phase, v) -> assertTrue(v > 0, phase + " measured something"));
        String table = TestDriverScenario.table(ops,
            new LibvirtTestDriverBench.Outcome(Map.of(), "libvirt not installed"));
        assertTrue(table.contains("| define |") && table.contains("not measured"), table);
        assertTrue(table.contains("libvirt not installed"), table);
    }

    @Test
    void ratiosBelowTheTargetAreFlagged() {
        Map<String, Double> jvirt = new java.util.LinkedHashMap<>();
        Map<String, Double> libvirt = new java.util.LinkedHashMap<>();
        for (String phase : TestDriverScenario.PHASES) {
            jvirt.put(phase, 300.0);
            libvirt.put(phase, 100.0);
        }
        jvirt.put("define", 150.0);
        String table = TestDriverScenario.table(jvirt, new LibvirtTestDriverBench.Outcome(libvirt, null));
        assertTrue(table.contains("| define | 150 | 100 | 1.50 | **behind target** |"), table);
        assertTrue(table.contains("| undefine | 300 | 100 | 3.00 | met |"), table);
    }

    @Test
    void theCSideUsesTheSameDomainXmlTemplate() {
        // the C program's snprintf template, as the Java side must produce it
        assertEquals("<domain type='test'><name>bench-42</name><uuid>6a1e0000-0000-4000-8000-000000000042</uuid>"
            + "<memory unit='KiB'>8192</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>",
            TestDriverScenario.domainXml(42));
    }

    @Test
    void theDocumentNamesEveryScenario() {
        String doc = Document.render(new Document.Tables("T1", "T2", "T5"), TestDriverScenario.Size.SMOKE, true);
        for (String s : new String[] {"## 1.", "## 2.", "## 3.", "## 5.", "T1", "T2", "T5", "not measured yet", "bench/run.sh"}) {
            assertTrue(doc.contains(s), s);
        }
    }
}
