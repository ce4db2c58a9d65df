package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Conformance;
import io.jvirt.api.testing.LibvirtSchemas;
import io.jvirt.api.testing.Prerequisite;

/**
 * {@code domxml-from-native lxc-tools} against libvirt's lxcconf2xmltest vectors: each case of
 * the MANIFEST runs with its LXC 2.x config and, where present, its 3.x ({@code -v3}) config; a
 * case marked as failing must be rejected, the others must equal the expected XML as documents
 * (the UUID is random, as in libvirt, and is compared apart) and validate against libvirt's
 * domain.rng. The test asserts the share of the folder's cases that pass and prints every one
 * that does not; it pins no count, so the same test checks any set of libvirt's vectors.
 */
class LxcConf2XmlConformanceTest {

    private static final Pattern CASE = Pattern.compile("^DO_TEST\\s+\"([^\"]+)\",\\s*(true|false)");

    /** The share of the cases that must pass: all of them, today, on the sample and on libvirt's whole corpus. */
    private static final double REQUIRED_SHARE = 1.0;

    @Test
    void lxcToolsConfigsConvertAsLibvirtDoes() throws Exception {
        Path dir = Conformance.dir().resolve("lxc-conf2xml");
        Prerequisite.require(Files.isDirectory(dir), "no conformance vectors at " + dir);
        LibvirtSchemas.require();
        Path data = dir.resolve("lxcconf2xmldata");
        int converted = 0;
        int conversions = 0;
        int rejected = 0;
        int expectedFailures = 0;
        List<String> failures = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("MANIFEST"))) {
            Matcher m = CASE.matcher(line);
            if (!m.find()) {
                continue;
            }
            String name = m.group(1);
            boolean expectError = Boolean.parseBoolean(m.group(2));
            for (String suffix : List.of("", "-v3")) {
                Path config = data.resolve("lxcconf2xml-" + name + suffix + ".config");
                if (!Files.exists(config)) {
                    continue;
                }
                String label = name + suffix;
                if (expectError) {
                    expectedFailures++;
                } else {
                    conversions++;
                }
                String xml;
                try {
                    xml = LxcNativeConfig.toDomainXml(Files.readString(config));
                } catch (VirtException e) {
                    if (expectError) {
                        rejected++;
                    } else {
                        failures.add(label + ": rejected: " + e.getMessage());
                    }
                    continue;
                }
                if (expectError) {
                    failures.add(label + ": accepted although libvirt rejects it");
                    continue;
                }
                String expected = Files.readString(data.resolve("lxcconf2xml-" + name + ".xml"));
                if (!xml.matches("(?s).*<uuid>[0-9a-f-]{36}</uuid>.*")) {
                    failures.add(label + ": no generated uuid");
                    continue;
                }
                String actual = xml.replaceFirst("<uuid>[^<]*</uuid>", expected.replaceFirst("(?s).*(<uuid>[^<]*</uuid>).*", "$1"));
                String diff = Conformance.diff(expected, actual);
                List<String> invalid = LibvirtSchemas.problems("domain.rng", xml);
                if (diff != null) {
                    failures.add(label + ": " + diff);
                } else if (!invalid.isEmpty()) {
                    failures.add(label + ": not valid against libvirt's domain.rng: " + invalid);
                } else {
                    converted++;
                }
            }
        }
        int cases = conversions + expectedFailures;
        int passed = converted + rejected;
        System.out.printf("lxc-conf2xml: %d/%d converted as expected (and valid), %d/%d expected failures rejected: %d/%d in all%n",
            converted, conversions, rejected, expectedFailures, passed, cases);
        failures.forEach(f -> System.out.println("  " + f));
        assertTrue(conversions > 0, "no cases found in " + dir);
        assertTrue(passed >= REQUIRED_SHARE * cases,
            "lxc-conf2xml: " + passed + "/" + cases + " passed, below the required share " + REQUIRED_SHARE + ": " + failures);
    }
}
