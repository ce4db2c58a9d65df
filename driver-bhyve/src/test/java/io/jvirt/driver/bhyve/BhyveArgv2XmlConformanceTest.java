package io.jvirt.driver.bhyve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Conformance;
import io.jvirt.api.testing.LibvirtSchemas;
import io.jvirt.api.testing.Prerequisite;

/**
 * libvirt's bhyveargv2xmltest vectors: DO_TEST converts and the XML equals libvirt's as documents
 * (and is valid against domain.rng); DO_TEST_FAIL is refused; DO_TEST_WARN converts (libvirt
 * warns), and its XML, where the folder has one, is compared too. UUIDs and MACs are libvirt's
 * mocked ones.
 */
class BhyveArgv2XmlConformanceTest {

    private static final double MIN_SHARE = 1.0;

    private static final Pattern CASE = Pattern.compile("^(DO_TEST\\w*)\\t\"([^\"]+)\"");

    static final UUID MOCK_UUID = UUID.fromString("c7a5fdbd-edaf-9455-926a-d65c16db1809");

    @Test
    void argvToXml() throws Exception {
        Path dir = Conformance.dir().resolve("bhyve-argv2xml");
        Prerequisite.require(Files.isDirectory(dir), "no conformance data at " + dir);
        int total = 0;
        int ok = 0;
        List<String> failures = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("MANIFEST"))) {
            Matcher m = CASE.matcher(line);
            if (!m.find()) {
                continue;
            }
            total++;
            String failure = run(dir.resolve("bhyveargv2xmldata/bhyveargv2xml-" + m.group(2)), m.group(1));
            if (failure == null) {
                ok++;
            } else {
                failures.add(m.group(1) + " " + m.group(2) + ": " + failure);
            }
        }
        System.out.println("CONFORMANCE bhyve argv -> xml: " + ok + "/" + total);
        failures.forEach(f -> System.out.println("  bhyve argv -> xml differs: " + f));
        assertTrue(total > 0, "no cases in the manifest");
        assertTrue((double) ok / total >= MIN_SHARE, ok + "/" + total + " match libvirt: " + failures);
    }

    static String run(Path base, String macro) throws Exception {
        String args = Files.readString(Path.of(base + ".args"));
        String xml;
        try {
            xml = BhyveArgv.fromNative(args, EnumSet.allOf(BhyveCapability.class), () -> MOCK_UUID,
                () -> "52:54:00:00:00:00", true);
        } catch (VirtException e) {
            return macro.equals("DO_TEST_FAIL") ? null : e.getMessage();
        }
        if (macro.equals("DO_TEST_FAIL")) {
            return "converted, libvirt refuses it: " + xml;
        }
        Path expected = Path.of(base + ".xml");
        if (!Files.exists(expected)) {
            return macro.equals("DO_TEST_WARN") ? null : "no " + expected.getFileName();
        }
        String diff = Conformance.diff(Files.readString(expected), xml);
        if (diff != null) {
            return diff;
        }
        List<String> problems = LibvirtSchemas.available() ? LibvirtSchemas.problems("domain.rng", xml) : List.of();
        return problems.isEmpty() ? null : "not valid against domain.rng: " + problems;
    }
}
