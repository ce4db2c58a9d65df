package io.jvirt.driver.vz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jvirt.core.kit.BoundedJson;

/**
 * The stand-in tools themselves, run directly: the shapes the driver relies on, prlctl's refusals
 * of invalid transitions (status 255) and of unknown commands and options (status 2).
 */
class VzStandInTest {

    private Path dir;
    private VzStandIn s;

    record Run(int status, String out, String err) {
    }

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("jvirt-vz-standin");
        s = VzStandIn.create(dir.resolve("bin"));
    }

    @AfterEach
    void tearDown() throws IOException {
        s.close();
        Files.deleteIfExists(dir.resolve("a.hdd"));
        Files.deleteIfExists(dir);
    }

    private Run run(Path tool, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(tool.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    @Test
    void theListingIsVirtuozzosJsonShape() throws Exception {
        UUID u = UUID.randomUUID();
        Path img = Files.writeString(dir.resolve("a.hdd"), "x");
        assertEquals(0, run(s.prlctl(), "create", "ct \"1\"", "--vmtype", "ct", "--uuid", u.toString()).status());
        assertEquals(0, run(s.prlctl(), "set", u.toString(), "--memsize", "256", "--cpus", "2").status());
        assertEquals(0, run(s.prlctl(), "set", u.toString(), "--device-add", "hdd", "--image", img.toString(), "--iface", "scsi",
            "--position", "3").status());
        assertEquals(0, run(s.prlctl(), "set", u.toString(), "--device-add", "net", "--network", "Host-Only").status());
        Run list = run(s.prlctl(), "list", "-a", "-i", "-j");
        assertEquals(0, list.status(), list.err());
        Map<String, Object> env = BoundedJson.object(BoundedJson.array(BoundedJson.parse(list.out().strip()), "list").get(0), "env");
        assertEquals("{" + u + "}", env.get("ID"));
        assertEquals("ct \"1\"", env.get("Name"));
        assertEquals("CT", env.get("Type"));
        assertEquals("stopped", env.get("State"));
        Map<String, Object> hw = BoundedJson.object(env.get("Hardware"), "hw");
        assertEquals("256Mb", BoundedJson.object(hw.get("memory"), "memory").get("size"));
        assertEquals(2L, BoundedJson.optUnsigned(BoundedJson.object(hw.get("cpu"), "cpu"), "cpus"));
        assertEquals("scsi:3", BoundedJson.object(hw.get("hdd0"), "hdd0").get("port"));
        assertTrue(BoundedJson.optString(BoundedJson.object(hw.get("net0"), "net0"), "mac").matches("001C42[0-9A-F]{6}"));
        VzEnv parsed = VzListing.parse(list.out()).get(0);
        assertEquals(u, parsed.uuid());
        assertTrue(parsed.container());
        Run info = run(s.prlsrvctl(), "info", "-j");
        assertEquals(0, info.status());
        assertTrue(BoundedJson.optString(BoundedJson.object(BoundedJson.parse(info.out().strip()), "info"), "Version")
            .startsWith("Server 7."));
    }

    @Test
    void invalidTransitionsAreRefusedWithStatus255() throws Exception {
        UUID u = UUID.randomUUID();
        run(s.prlctl(), "create", "g", "--vmtype", "vm", "--uuid", u.toString());
        for (String cmd : List.of("stop", "pause", "resume", "restart", "suspend")) {
            Run r = run(s.prlctl(), cmd, "g");
            assertEquals(255, r.status(), cmd);
            assertTrue(r.err().contains("the VE is stopped"), r.err());
        }
        assertEquals(0, run(s.prlctl(), "start", "g").status());
        assertEquals(255, run(s.prlctl(), "start", "g").status());
        assertEquals(255, run(s.prlctl(), "delete", "g").status());
        assertEquals(255, run(s.prlctl(), "set", "g", "--memsize", "512").status());
        assertEquals(0, run(s.prlctl(), "stop", "g", "--kill").status());
        assertEquals(255, run(s.prlctl(), "start", "nosuch").status());
        assertTrue(run(s.prlctl(), "start", "nosuch").err().contains("does not exist"));
        assertEquals(255, run(s.prlctl(), "create", "g", "--vmtype", "vm").status(), "a taken name");
    }

    @Test
    void unknownCommandsAndOptionsAreRefusedWithStatus2() throws Exception {
        run(s.prlctl(), "create", "g", "--vmtype", "vm");
        assertEquals(2, run(s.prlctl(), "frobnicate", "g").status());
        assertEquals(2, run(s.prlctl(), "list", "-a", "-j").status(), "the stand-in answers only list -a -i -j");
        assertEquals(2, run(s.prlctl(), "list", "-a", "-i", "-j", "--sort").status());
        assertEquals(2, run(s.prlctl(), "set", "g", "--videosize", "64").status());
        assertEquals(2, run(s.prlctl(), "stop", "g", "--fast").status());
        assertEquals(2, run(s.prlctl(), "create", "h", "--vmtype", "vm", "--ostemplate", "centos").status());
        assertEquals(2, run(s.prlsrvctl(), "info").status());
        assertEquals(2, run(s.prlsrvctl(), "info", "-j", "--full").status());
        assertEquals(2, run(s.prlsrvctl(), "shutdown").status());
    }
}
