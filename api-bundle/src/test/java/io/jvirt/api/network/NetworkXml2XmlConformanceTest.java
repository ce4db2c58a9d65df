package io.jvirt.api.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Conformance;
import io.jvirt.api.testing.LibvirtSchemas;
import io.jvirt.api.testing.Prerequisite;

/**
 * libvirt's tests/networkxml2xmltest.c over network-xml2xml: DO_TEST and DO_TEST_FLAGS cases are
 * parsed, formatted (with the case's flags, and for plain cases with INACTIVE too, which libvirt
 * formats the same for a definition that never ran) and compared as documents with the expected
 * output, which must also be valid against libvirt's network.rng (9.0's, but for what features newer
 * than it explain: {@link NetworkSchemaExceptions}); DO_TEST_PARSE_ERROR cases must be refused. The inputs of network-xml2conf (networkxml2conftest.c) must parse too.
 */
class NetworkXml2XmlConformanceTest {

    @Test
    void networkXml2Xml() throws Exception {
        Path dir = Conformance.dir().resolve("network-xml2xml");
        Prerequisite.require(Files.isDirectory(dir), "conformance data not available at " + dir);
        int passed = 0;
        int total = 0;
        List<String> problems = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("MANIFEST"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            String macro = parts[0];
            String[] args = parts[1].split(",");
            String name = args[0].replace("\"", "").strip();
            boolean inactive = args.length > 1 && args[1].contains("VIR_NETWORK_XML_INACTIVE");
            total++;
            String problem = check(dir, macro, name, inactive);
            if (problem == null) {
                passed++;
            } else {
                problems.add(name + " (" + macro + "): " + problem);
            }
        }
        System.out.printf("CONFORMANCE network xml2xml: %d/%d%n", passed, total);
        problems.forEach(p -> System.out.println("  " + p));
        assertEquals(List.of(), problems, "every case must behave as in libvirt (" + passed + "/" + total + ")");
    }

    private static String check(Path dir, String macro, String name, boolean inactive) {
        Path in = dir.resolve("networkxml2xmlin").resolve(name + ".xml");
        Path out = dir.resolve("networkxml2xmlout").resolve(name + ".xml");
        if (!Files.exists(in)) {
            return "input missing";
        }
        String input = Conformance.read(in);
        if (macro.equals("DO_TEST_PARSE_ERROR")) {
            try {
                NetworkXml.parse(input);
                return "accepted but libvirt refuses it";
            } catch (VirtException e) {
                System.out.println("  " + name + " refused as in libvirt: " + e.getMessage());
                return null;
            }
        }
        if (!macro.equals("DO_TEST") && !macro.equals("DO_TEST_FLAGS")) {
            return "unknown macro";
        }
        String expected = Conformance.read(out);
        NetworkDef def;
        try {
            def = NetworkXml.parse(input);
        } catch (VirtException e) {
            return "refused: " + e.getMessage();
        }
        String actual = NetworkXml.format(def, inactive);
        String d = Conformance.diff(expected, actual);
        if (d != null) {
            return d + "\n" + actual;
        }
        if (!inactive) {
            String d2 = Conformance.diff(expected, NetworkXml.format(def, true));
            if (d2 != null) {
                return "with INACTIVE: " + d2;
            }
        }
        // the output read back gives the same output (libvirt's definitions are saved and reloaded)
        String again = NetworkXml.format(NetworkXml.parse(actual), inactive);
        if (!again.equals(actual)) {
            return "output does not read back to itself:\n" + again;
        }
        if (LibvirtSchemas.available()) {
            // 9.0's schema: features newer than it (libvirt 10.7's corpus) are explained by feature
            String verdict = NetworkSchemaExceptions.verdict(actual);
            if (verdict != null) {
                return verdict;
            }
        }
        return null;
    }

    @Test
    void networkXml2ConfInputsParse() throws IOException {
        Path dir = Conformance.dir().resolve("network-xml2conf").resolve("networkxml2confdata");
        Prerequisite.require(Files.isDirectory(dir), "conformance data not available at " + dir);
        List<String> problems = new ArrayList<>();
        int total = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                total++;
                try {
                    NetworkDef def = NetworkXml.parse(Conformance.read(p));
                    NetworkXml.parse(NetworkXml.format(def, true));
                } catch (VirtException e) {
                    problems.add(p.getFileName() + ": " + e.getMessage());
                }
            }
        }
        System.out.printf("CONFORMANCE network xml2conf inputs parsed: %d/%d%n", total - problems.size(), total);
        problems.forEach(p -> System.out.println("  " + p));
        assertEquals(List.of(), problems);
    }
}
