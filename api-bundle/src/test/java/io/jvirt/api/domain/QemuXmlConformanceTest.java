package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Conformance;
import io.jvirt.api.testing.Prerequisite;

/** libvirt's qemu x86_64 inputs: every one parses, and format -> parse -> format is a fixed point. */
class QemuXmlConformanceTest {

    @Test
    void everyInputParsesAndFormatsToAFixedPoint() throws Exception {
        Path dir = Conformance.dir().resolve("qemu-xml");
        Prerequisite.require(Files.isDirectory(dir), "conformance data not available at " + dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        int parsed = 0;
        int fixed = 0;
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            try {
                DomainDef def = DomainXml.parse(Conformance.read(f), false, GenericXml2XmlConformanceTest.TEST_DRIVER);
                parsed++;
                String once = DomainXml.format(def);
                String twice = DomainXml.format(DomainXml.parse(once, true, GenericXml2XmlConformanceTest.TEST_DRIVER));
                if (once.equals(twice)) {
                    fixed++;
                } else {
                    problems.add(name + ": not a fixed point: " + Conformance.diff(once, twice));
                }
            } catch (VirtException e) {
                problems.add(name + ": " + e.code() + " " + e.getMessage());
            }
        }
        System.out.printf("qemu-xml: %d/%d parsed, %d/%d fixed points%n", parsed, files.size(), fixed, files.size());
        problems.forEach(p -> System.out.println("  " + p));
        assertEquals(files.size(), parsed, "every input must parse");
        assertEquals(files.size(), fixed, "format -> parse -> format must be a fixed point");
    }
}
