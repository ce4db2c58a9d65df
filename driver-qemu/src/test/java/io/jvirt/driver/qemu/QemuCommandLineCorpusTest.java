package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.testing.Conformance;
import io.jvirt.api.testing.Prerequisite;

/**
 * Every domain XML of libvirt's qemu-xml corpus through the command-line builder: each either
 * gives a command line or is refused with a configuration error naming what is unsupported; no
 * other failure (a crash of the builder, or a device dropped without a word) is allowed. The
 * counts are printed; the floor only rises.
 */
class QemuCommandLineCorpusTest {

    /** Inputs that built when the floor was last raised (see the printed counts). */
    private static final int BUILT_FLOOR = 331;

    @Test
    void everyCorpusDomainBuildsOrIsRefusedClearly() throws IOException {
        Path dir = Conformance.dir().resolve("qemu-xml");
        Prerequisite.require(Files.isDirectory(dir), "no conformance data at " + dir);
        List<Path> inputs;
        try (Stream<Path> s = Files.list(dir)) {
            inputs = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        int parsed = 0;
        int built = 0;
        Map<String, Integer> refusals = new TreeMap<>();
        List<String> crashes = new ArrayList<>();
        for (Path p : inputs) {
            DomainDef def;
            try {
                def = DomainXml.parse(Conformance.read(p));
            } catch (VirtException e) {
                continue; // the parser's business, checked by api-bundle's own corpus tests
            }
            parsed++;
            try {
                List<String> argv = QemuCommandLine.build(def, "/usr/bin/qemu-system-x86_64", false, QemuCommandLineTest.FILES);
                assertTrue(argv.contains("-no-shutdown") && argv.contains("-nodefaults"), p + ": " + argv);
                built++;
            } catch (VirtException e) {
                if (e.code() == ErrorCode.CONFIG_UNSUPPORTED || e.code() == ErrorCode.XML_ERROR) {
                    refusals.merge(e.getMessage().replaceAll("'[^']*/[^']*'", "'...'"), 1, Integer::sum);
                } else {
                    crashes.add(p.getFileName() + ": " + e.code() + " " + e.getMessage());
                }
            } catch (RuntimeException e) {
                crashes.add(p.getFileName() + ": " + e);
            }
        }
        System.out.printf("qemu-xml corpus: %d inputs, %d parsed, %d command lines built, %d refused%n",
            inputs.size(), parsed, built, parsed - built - crashes.size());
        refusals.forEach((why, n) -> System.out.printf("  %4d x %s%n", n, why));
        assertEquals(List.of(), crashes);
        assertTrue(built >= BUILT_FLOOR, built + " built, floor " + BUILT_FLOOR);
    }
}
