package io.jvirt.api.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.jvirt.api.VirtException;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.api.testing.Conformance;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.api.xml.SafeXmlReader;

/**
 * Mutated conformance inputs (every network document of network-xml2xml and network-xml2conf;
 * attributes dropped or set to awkward values, texts replaced, elements dropped or repeated): the
 * parser either accepts a document or refuses it with a VirtException (never
 * another exception), and what it accepts is written as a document that reads back to the same
 * text.
 */
class NetworkXmlFuzzTest {

    private static final String[] VALUES = {"", " ", "-1", "0", "1", "2", "7", "65535", "65536", "4096", "4294967296",
        "18446744073709551616", "yes", "no", "on", "off", "x", "a/b", "a b", "a,b", "1.2.3.4", "10.1", "0x10", "010",
        "::1", "ff02::1", "fe80::1%lo", "192.168.122.0", "192.168.122.255", "255.255.255.0", "255.0.255.0",
        "fd00::", "00:16:3e:77:e2:ed", "01:00:5e:00:00:01", "ipv4", "ipv6", "nat", "route", "bridge", "hostdev",
        "open", "passthrough", "minutes", "seconds", "hours", "pci", "netdev", "kvm", "vfio", "802.1Qbg",
        "openvswitch", "\u00e9", "\n"};

    @Test
    void mutatedInputsAreAcceptedConsistentlyOrRefusedWithVirtException() throws IOException {
        // every network document of both corpora: networkxml2xml's inputs and networkxml2conf's
        List<Path> dirs = List.of(Conformance.dir().resolve("network-xml2xml").resolve("networkxml2xmlin"),
            Conformance.dir().resolve("network-xml2conf").resolve("networkxml2confdata"));
        List<String> inputs = new ArrayList<>();
        for (Path dir : dirs) {
            Prerequisite.require(Files.isDirectory(dir), "conformance data not available at " + dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                    inputs.add(Conformance.read(p));
                }
            }
        }
        Random random = new Random(22);
        List<String> problems = new ArrayList<>();
        int accepted = 0;
        int refused = 0;
        for (int round = 0; round < 4000; round++) {
            XmlElement root = SafeXmlReader.read(inputs.get(random.nextInt(inputs.size())));
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                mutate(root, random);
            }
            String xml = root.toString();
            NetworkDef def;
            try {
                def = NetworkXml.parse(xml);
            } catch (VirtException e) {
                refused++;
                continue;
            } catch (RuntimeException e) {
                problems.add(e + " for\n" + xml);
                continue;
            }
            accepted++;
            try {
                String out = NetworkXml.format(def, false);
                String again = NetworkXml.format(NetworkXml.parse(out), false);
                if (!again.equals(out)) {
                    problems.add("output does not read back to itself for\n" + xml + "\n" + out + "\n" + again);
                }
            } catch (RuntimeException e) {
                problems.add("its output fails: " + e + " for\n" + xml);
            }
        }
        System.out.printf("network XML fuzz: %d accepted, %d refused, %d problems%n", accepted, refused,
            problems.size());
        problems.stream().limit(5).forEach(p -> System.out.println("  " + p));
        assertEquals(List.of(), problems);
    }

    private static void mutate(XmlElement root, Random random) {
        List<XmlElement> all = new ArrayList<>();
        collect(root, all);
        XmlElement e = all.get(random.nextInt(all.size()));
        List<String> attrs = new ArrayList<>(e.attributes().keySet());
        switch (random.nextInt(6)) {
            case 0 -> {
                if (!attrs.isEmpty()) {
                    e.attr(attrs.get(random.nextInt(attrs.size())), null);
                }
            }
            case 1, 2 -> {
                if (!attrs.isEmpty()) {
                    e.attr(attrs.get(random.nextInt(attrs.size())), VALUES[random.nextInt(VALUES.length)]);
                }
            }
            case 3 -> {
                if (!e.children().isEmpty()) {
                    e.children().remove(random.nextInt(e.children().size()));
                }
            }
            case 4 -> {
                // a text-only element's text (name, hostname, bridge and route texts...)
                if (e.children().isEmpty() && e.text() != null && !e.text().isBlank()) {
                    e.text(VALUES[random.nextInt(VALUES.length)]);
                }
            }
            default -> {
                if (!e.children().isEmpty()) {
                    e.children().add(e.children().get(random.nextInt(e.children().size())).copy());
                }
            }
        }
    }

    private static void collect(XmlElement e, List<XmlElement> out) {
        out.add(e);
        for (XmlElement c : e.children()) {
            collect(c, out);
        }
    }
}
