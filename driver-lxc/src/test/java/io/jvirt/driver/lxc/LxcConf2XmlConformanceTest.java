package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.jvirt.api.testing.Prerequisite;

/**
 * {@code domxml-from-native lxc-tools} against libvirt's lxcconf2xmltest vectors: each case of
 * the MANIFEST runs with its LXC 2.x config and, where present, its 3.x ({@code -v3}) config; a
 * case marked as failing must be rejected, the others must equal the expected XML as documents
 * (the UUID is random, as in libvirt, and is compared apart).
 */
class LxcConf2XmlConformanceTest {

    private static final Pattern CASE = Pattern.compile("^DO_TEST\\s+\"([^\"]+)\",\\s*(true|false)");

    @Test
    void lxcToolsConfigsConvertAsLibvirtDoes() throws Exception {
        Path dir = Conformance.dir().resolve("lxc-conf2xml");
        Prerequisite.require(Files.isDirectory(dir), "no conformance vectors at " + dir);
        Path data = dir.resolve("lxcconf2xmldata");
        int matched = 0;
        int total = 0;
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
                String xml;
                try {
                    xml = LxcNativeConfig.toDomainXml(Files.readString(config));
                } catch (VirtException e) {
                    if (expectError) {
                        expectedFailures++;
                        rejected++;
                    } else {
                        total++;
                        failures.add(label + ": rejected: " + e.getMessage());
                    }
                    continue;
                }
                if (expectError) {
                    expectedFailures++;
                    failures.add(label + ": accepted although libvirt rejects it");
                    continue;
                }
                total++;
                String expected = Files.readString(data.resolve("lxcconf2xml-" + name + ".xml"));
                assertTrue(xml.matches("(?s).*<uuid>[0-9a-f-]{36}</uuid>.*"), label + ": no generated uuid");
                String actual = xml.replaceFirst("<uuid>[^<]*</uuid>", expected.replaceFirst("(?s).*(<uuid>[^<]*</uuid>).*", "$1"));
                String diff = Conformance.diff(expected, actual);
                if (diff == null) {
                    matched++;
                } else {
                    failures.add(label + ": " + diff);
                }
            }
        }
        System.out.printf("lxc-conf2xml: %d/%d converted as expected, %d/%d expected failures rejected%n",
            matched, total, rejected, expectedFailures);
        failures.forEach(f -> System.out.println("  " + f));
        assertTrue(total > 0, "no cases found in " + dir);
        assertEquals(List.of(), failures);
    }
}
