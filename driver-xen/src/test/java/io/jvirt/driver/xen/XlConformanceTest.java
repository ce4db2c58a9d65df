package io.jvirt.driver.xen;

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
 * libvirt's xlconfigtest vectors (tests/xlconfigtest.c), read from the shared conformance folder.
 * libvirt's names are from the XML's side: DO_TEST_PARSE reads the XML and writes xl.cfg, compared
 * byte for byte (virTestCompareToFile); DO_TEST_FORMAT reads xl.cfg and writes the XML, compared
 * as documents; DO_TEST does both. Every XML written must be valid against libvirt's domain.rng.
 * Every case runs, what fails is printed, and the test asserts the share of the corpus that
 * matches libvirt, whatever the corpus holds.
 */
class XlConformanceTest {

    private static final double MIN_SHARE = 1.0;

    private static final Pattern CASE = Pattern.compile("^(DO_TEST\\w*)\\t\"([^\"]+)\"");

    /** replaceVars: DO_TEST_REPLACE_VARS, the XML names the firmware directory as {@code /LIBXL_FIRMWARE_DIR}. */
    private record Case(String name, boolean xmlToCfg, boolean cfgToXml, boolean replaceVars) {
    }

    private static List<Case> cases(Path dir) throws Exception {
        List<Case> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("MANIFEST"))) {
            Matcher m = CASE.matcher(line);
            if (m.find()) {
                String macro = m.group(1);
                out.add(new Case(m.group(2), !macro.equals("DO_TEST_FORMAT"), !macro.equals("DO_TEST_PARSE"),
                    macro.equals("DO_TEST_REPLACE_VARS")));
            }
        }
        return out;
    }

    private static Path dir() {
        Path dir = Conformance.dir().resolve("xen-xl");
        Prerequisite.require(Files.isDirectory(dir), "no conformance data at " + dir);
        return dir;
    }

    @Test
    void cfgToXml() throws Exception {
        Path dir = dir();
        LibvirtSchemas.require();
        int total = 0;
        int ok = 0;
        List<String> failures = new ArrayList<>();
        for (Case c : cases(dir)) {
            if (!c.cfgToXml()) {
                continue;
            }
            total++;
            String failure = cfgToXml(dir.resolve("xlconfigdata/test-" + c.name()), c.replaceVars());
            if (failure == null) {
                ok++;
            } else {
                failures.add(c.name() + ": " + failure);
            }
        }
        report("xl.cfg -> XML", ok, total, failures);
    }

    /** Null when the case at {@code base} (.cfg and .xml) converts as libvirt's does, else why not. */
    static String cfgToXml(Path base, boolean replaceVars) throws Exception {
        String cfg = Files.readString(Path.of(base + ".cfg"));
        String expected = xml(base, replaceVars);
        String xml;
        try {
            xml = XlConfig.toDomainXml(cfg);
        } catch (VirtException e) {
            return e.getMessage();
        }
        String diff = Conformance.diff(expected, xml);
        if (diff != null) {
            return diff;
        }
        List<String> problems = LibvirtSchemas.available() ? LibvirtSchemas.problems("domain.rng", xml) : List.of();
        return problems.isEmpty() ? null : "not valid against domain.rng: " + problems;
    }

    @Test
    void xmlToCfg() throws Exception {
        Path dir = dir();
        int total = 0;
        int ok = 0;
        List<String> failures = new ArrayList<>();
        for (Case c : cases(dir)) {
            if (!c.xmlToCfg()) {
                continue;
            }
            total++;
            String failure = xmlToCfg(dir.resolve("xlconfigdata/test-" + c.name()), c.replaceVars());
            if (failure == null) {
                ok++;
            } else {
                failures.add(c.name() + ": " + failure);
            }
        }
        report("XML -> xl.cfg", ok, total, failures);
    }

    static String xmlToCfg(Path base, boolean replaceVars) throws Exception {
        String xml = xml(base, replaceVars);
        String expected = Files.readString(Path.of(base + ".cfg"));
        String cfg;
        try {
            cfg = XlConfig.fromDomainXml(xml);
        } catch (VirtException e) {
            return e.getMessage();
        }
        if (expected.equals(cfg)) {
            return null;
        }
        String[] e = expected.split("\n", -1);
        String[] a = cfg.split("\n", -1);
        for (int i = 0; i < Math.min(e.length, a.length); i++) {
            if (!e[i].equals(a[i])) {
                return "line " + (i + 1) + ": expected [" + e[i] + "] got [" + a[i] + "]";
            }
        }
        return e.length > a.length ? "missing [" + e[a.length] + "]" : "extra [" + a[e.length] + "]";
    }

    /** The case's XML; with replaceVars, as xlconfigtest.c's testReplaceVarsXML makes it (jvirt's firmware directory). */
    private static String xml(Path base, boolean replaceVars) throws Exception {
        String xml = Files.readString(Path.of(base + ".xml"));
        return replaceVars ? xml.replace("/LIBXL_FIRMWARE_DIR", XenDefaults.FIRMWARE_DIR) : xml;
    }

    private static void report(String what, int ok, int total, List<String> failures) {
        System.out.println("CONFORMANCE " + what + ": " + ok + "/" + total + " cases match libvirt");
        failures.forEach(f -> System.out.println("  " + what + " differs: " + f));
        assertTrue(total > 0, what + ": no cases in the manifest");
        assertTrue((double) ok / total >= MIN_SHARE, what + ": " + ok + "/" + total + " match libvirt: " + failures);
    }
}
