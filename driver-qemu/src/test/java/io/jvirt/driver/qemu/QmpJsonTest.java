package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class QmpJsonTest {

    @Test
    void parsesQmpMessages() {
        Map<String, Object> m = QmpJson.object(QmpJson.parse(
            "{\"timestamp\": {\"seconds\": 1795656471, \"microseconds\": 151786}, \"event\": \"SHUTDOWN\", "
                + "\"data\": {\"guest\": true, \"reason\": \"guest-shutdown\", \"x\": [1, 2.5, null, \"a\\\"\\u00e9\"]}}"));
        assertEquals("SHUTDOWN", m.get("event"));
        Map<String, Object> data = QmpJson.object(m.get("data"));
        assertEquals(Boolean.TRUE, data.get("guest"));
        assertEquals(java.util.Arrays.asList(1L, 2.5, null, "a\"\u00e9"), data.get("x"));
        assertEquals(1795656471L, QmpJson.object(m.get("timestamp")).get("seconds"));
    }

    @Test
    void writesCommands() {
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("execute", "human-monitor-command");
        cmd.put("arguments", Map.of("command-line", "info \"x\"\n"));
        cmd.put("id", List.of(1L, true));
        assertEquals("{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"info \\\"x\\\"\\n\"},\"id\":[1,true]}",
            QmpJson.write(cmd));
    }

    @Test
    void rejectsGarbage() {
        assertThrows(IllegalArgumentException.class, () -> QmpJson.parse("{\"a\": }"));
        assertThrows(IllegalArgumentException.class, () -> QmpJson.parse("{} x"));
    }
}
