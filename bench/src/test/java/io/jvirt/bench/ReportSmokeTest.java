package io.jvirt.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Keeps the benchmark harness working (CI's smoke mode); measures nothing meaningful. */
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
}
