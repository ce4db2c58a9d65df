package io.jvirt.driver.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.VirtException;
import io.jvirt.api.network.NetworkDef;
import io.jvirt.api.network.NetworkXml;
import io.jvirt.api.testing.Conformance;
import io.jvirt.api.testing.Prerequisite;

/**
 * libvirt's tests/networkxml2conftest.c over network-xml2conf: each case's network is parsed and
 * its dnsmasq configuration built with the test's context (files under /var/lib/libvirt/dnsmasq, no
 * pid file) and compared line for line with libvirt's .conf; the DHCP hosts file must exist exactly
 * when libvirt's .hostsfile does and match it.
 */
class DnsmasqConfConformanceTest {

    @Test
    void networkXml2Conf() throws Exception {
        Path dir = Conformance.dir().resolve("network-xml2conf");
        Prerequisite.require(Files.isDirectory(dir), "conformance data not available at " + dir);
        Path data = dir.resolve("networkxml2confdata");
        int passed = 0;
        int total = 0;
        List<String> problems = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("MANIFEST"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            String name = parts[1].split(",")[0].replace("\"", "").strip();
            total++;
            String problem = parts[0].equals("DO_TEST") ? check(data, name) : "unknown macro " + parts[0];
            if (problem == null) {
                passed++;
            } else {
                problems.add(name + ": " + problem);
            }
        }
        System.out.printf("CONFORMANCE network xml2conf: %d/%d%n", passed, total);
        problems.forEach(p -> System.out.println("  " + p));
        assertEquals(List.of(), problems, "every case must give libvirt's files (" + passed + "/" + total + ")");
    }

    private static String check(Path data, String name) throws Exception {
        NetworkDef def;
        DnsmasqConfig.Files files;
        try {
            def = NetworkXml.parse(Conformance.read(data.resolve(name + ".xml")));
            files = DnsmasqConfig.build(def, def.bridge().name(),
                    DnsmasqConfig.Paths.in("/var/lib/libvirt/dnsmasq", def.name()), null);
        } catch (VirtException e) {
            return "refused: " + e.getMessage();
        }
        String expected = Files.readString(data.resolve(name + ".conf"));
        if (!expected.equals(files.conf())) {
            return "conf differs:\n" + lineDiff(expected, files.conf());
        }
        Path hosts = data.resolve(name + ".hostsfile");
        if (Files.exists(hosts)) {
            String want = Files.readString(hosts);
            if (!want.equals(files.hostsFile())) {
                return "hosts file differs:\n" + lineDiff(want, files.hostsFile() == null ? "" : files.hostsFile());
            }
        } else if (files.hostsFile() != null) {
            return "a hosts file libvirt does not write:\n" + files.hostsFile();
        }
        return null;
    }

    private static String lineDiff(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String x = i < e.size() ? e.get(i) : "<none>";
            String y = i < a.size() ? a.get(i) : "<none>";
            if (!x.equals(y)) {
                b.append("    line ").append(i + 1).append(": expected [").append(x).append("] got [").append(y).append("]\n");
            }
        }
        return b.toString();
    }
}
