package io.jvirt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Scenarios 1 and 3's jvirt side in child JVMs with given JVM options (smoke sizes; measures nothing meaningful). */
class JvmSettingsScenarioTest {

    @Test
    void scenarioOneRunsInAChildJvmWithTheGivenOptions() throws Exception {
        JvmSettingsScenario.Settings c1 = new JvmSettingsScenario.Settings("C1 only", List.of("-XX:TieredStopAtLevel=1", "-Xmx64m"));
        Map<String, Double> ops = JvmSettingsScenario.child("1", c1, true);
        assertEquals(TestDriverScenario.PHASES, List.copyOf(ops.keySet()));
        ops.forEach((phase, v) -> assertTrue(v > 0, phase + " measured something"));
    }

    @Test
    void aChildThatCannotStartIsReportedWithItsError() {
        JvmSettingsScenario.Settings bad = new JvmSettingsScenario.Settings("bad", List.of("-XX:NoSuchOption=1"));
        IOException e = assertThrows(IOException.class, () -> JvmSettingsScenario.child("1", bad, true));
        assertTrue(e.getMessage().contains("NoSuchOption"), e.getMessage());
    }

    @Test
    void everySettingsRunsTwiceTheSecondTimeInReverseOrder() {
        var a = new JvmSettingsScenario.Settings("a", List.of());
        var b = new JvmSettingsScenario.Settings("b", List.of("-Xint"));
        assertEquals(List.of(a, b, b, a), JvmSettingsScenario.order(List.of(a, b)));
    }

    @Test
    void beforeIsTheJvmsDefaultsAndExtraSettingsAreParsed() throws Exception {
        assertTrue(JvmSettingsScenario.before().options().isEmpty());
        System.setProperty("jvirt.bench.jvm.extra", "C1+C2=-XX:+UseSerialGC -Xms16M; junk");
        try {
            assertEquals(List.of(new JvmSettingsScenario.Settings("C1+C2", List.of("-XX:+UseSerialGC", "-Xms16M"))),
                JvmSettingsScenario.extra());
        } finally {
            System.clearProperty("jvirt.bench.jvm.extra");
        }
    }
}
