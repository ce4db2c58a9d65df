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
                // with secrets, as libvirt's xml2xml tests format (FORMAT_SECURE): a password's validity needs the password
                String once = DomainXml.format(def, -1, true);
                String twice = DomainXml.format(DomainXml.parse(once, true, GenericXml2XmlConformanceTest.TEST_DRIVER), -1, true);
                if (once.equals(twice)) {
                    fixed++;
                } else if (consolePortsOnly(once, twice)) {
                    fixed++; // libvirt 9.0 is no fixed point there either (its console-compat2 output)
                    System.out.println("  " + name + ": console ports renumbered on the reparse, as libvirt 9.0's");
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

    /**
     * Whether two documents differ only in the ports of consoles that do not stand for a serial
     * port. libvirt's parser numbers console n as port n whatever the XML says, and a first
     * virtio console in front of a serial port gets a stub console inserted before it: the next
     * parse numbers it one higher (libvirt 9.0's own console-compat2 output has port 0, its
     * reparse 1).
     */
    static boolean consolePortsOnly(String once, String twice) {
        java.util.regex.Pattern port = java.util.regex.Pattern.compile("(<target type='(?!serial')[a-z]+') port='\\d+'/>");
        return port.matcher(once).replaceAll("$1/>").equals(port.matcher(twice).replaceAll("$1/>"));
    }

    /**
     * libvirt's schema as the oracle: every document jvirt formats from these inputs validates
     * against libvirt 9.0's domain.rng, except where {@link SchemaExceptions}' features newer than
     * 9.0 (or libvirt's own invalid inputs) explain each of the schema's complaints.
     */
    @Test
    void everyFormattedDocumentIsValidAgainstLibvirtsSchema() throws Exception {
        io.jvirt.api.testing.LibvirtSchemas.require();
        Path dir = Conformance.dir().resolve("qemu-xml");
        Prerequisite.require(Files.isDirectory(dir), "no conformance data at " + dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        int valid = 0;
        int excepted = 0;
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString().replace(".xml", "");
            String xml = DomainXml.format(DomainXml.parse(Conformance.read(f), false,
                GenericXml2XmlConformanceTest.TEST_DRIVER), -1, true);
            String verdict = SchemaExceptions.verdict(name, xml);
            if (verdict != null) {
                problems.add(name + ": " + verdict);
            } else if (!io.jvirt.api.testing.LibvirtSchemas.problems("domain.rng", xml).isEmpty()) {
                excepted++; // invalid only where features newer than 9.0's schema explain it
            } else {
                valid++;
            }
        }
        System.out.printf("qemu-xml schema: %d/%d formatted documents valid against libvirt 9.0's domain.rng, "
            + "%d invalid only where features newer than 9.0 explain it (or libvirt's own invalid inputs), %d problems%n", valid,
            files.size(), excepted, problems.size());
        problems.forEach(p -> System.out.println("  " + p));
        assertEquals(List.of(), problems, "every formatted document must be valid against libvirt's schema");
    }
}
