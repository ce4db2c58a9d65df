package io.jvirt.driver.esx;

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
 * libvirt's vmx2xml and xml2vmx vectors (tests/vmx2xmltest.c, tests/xml2vmxtest.c), read from the
 * shared conformance folder. Every case is run and the counts are printed; the test fails when
 * fewer cases pass than the floor recorded here, so the converter can only get better.
 */
class VmxConformanceTest {

    /** Cases that passed when this floor was last raised (see the printed counts). */
    private static final int VMX2XML_FLOOR = 55;
    private static final int XML2VMX_FLOOR = 30;

    private static final Pattern CASE = Pattern.compile("^(DO_TEST\\w*)\\t\"([^\"]+)\"(?:, \"([^\"]+)\", (\\d+))?");

    @Test
    void vmx2xml() throws Exception {
        Path dir = Conformance.dir().resolve("vmx2xml");
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
            String name = m.group(2);
            boolean fail = m.group(1).contains("FAIL");
            String vmx = Files.readString(dir.resolve("vmx2xmldata/" + name + ".vmx"));
            DatastorePaths paths = new DatastorePaths("datastore", "directory",
                "datacenterpath".equals(name) ? "folder1/folder2/datacenter1" : null);
            String result;
            try {
                result = VmxToDomain.toXml(VmxParser.parse(vmx), paths);
            } catch (VirtException | IllegalArgumentException e) {
                if (fail) {
                    ok++;
                } else {
                    failures.add(name + ": " + e.getMessage());
                }
                continue;
            }
            if (fail) {
                failures.add(name + ": expected a failure, got a domain");
                continue;
            }
            String diff = Conformance.diff(Files.readString(dir.resolve("vmx2xmldata/" + name + ".xml")), result);
            if (diff == null) {
                ok++;
            } else {
                failures.add(name + ": " + diff);
            }
        }
        report("vmx2xml", ok, total, failures);
        assertTrue(ok >= VMX2XML_FLOOR, "vmx2xml: " + ok + "/" + total + " below the floor " + VMX2XML_FLOOR);
    }

    @Test
    void xml2vmx() throws Exception {
        Path dir = Conformance.dir().resolve("xml2vmx");
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
            String name = m.group(2);
            int hw = m.group(4) == null ? 4 : Integer.parseInt(m.group(4));
            String xml = Files.readString(dir.resolve("xml2vmxdata/xml2vmx-" + name + ".xml"));
            String result;
            try {
                result = DomainToVmx.toVmx(xml, DatastorePaths.NONE, hw);
            } catch (VirtException | IllegalArgumentException e) {
                failures.add(name + ": " + e.getMessage());
                continue;
            }
            List<String> expected = lines(Files.readString(dir.resolve("xml2vmxdata/xml2vmx-" + name + ".vmx")));
            List<String> actual = lines(result);
            if (expected.equals(actual)) {
                ok++;
            } else {
                failures.add(name + ": " + firstDifference(expected, actual));
            }
        }
        report("xml2vmx", ok, total, failures);
        assertTrue(ok >= XML2VMX_FLOOR, "xml2vmx: " + ok + "/" + total + " below the floor " + XML2VMX_FLOOR);
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        for (String l : s.split("\r?\n")) {
            if (!l.isBlank()) {
                out.add(l.strip());
            }
        }
        return out;
    }

    private static String firstDifference(List<String> e, List<String> a) {
        for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
            if (!e.get(i).equals(a.get(i))) {
                return "line " + (i + 1) + ": expected [" + e.get(i) + "] got [" + a.get(i) + "]";
            }
        }
        return e.size() > a.size() ? "missing [" + e.get(a.size()) + "]" : "extra [" + a.get(e.size()) + "]";
    }

    private static void report(String what, int ok, int total, List<String> failures) {
        System.out.println("CONFORMANCE " + what + ": " + ok + "/" + total + " cases match libvirt");
        failures.forEach(f -> System.out.println("  " + what + " differs: " + f));
    }
}
