package io.jvirt.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Conformance;
import io.jvirt.api.testing.LibvirtSchemas;
import io.jvirt.api.testing.Prerequisite;

/**
 * libvirt's tests/storagepoolxml2xmltest.c over storagepool-xml2xml (its MANIFEST) and
 * tests/storagevolxml2xmltest.c over storagevol-xml2xml: each input is parsed and formatted and
 * compared as a document with the expected output, which must read back to itself and be valid
 * against libvirt's storagepool.rng / storagevol.rng. A volume is parsed for the type of the pool
 * libvirt's test pairs it with (its formats depend on it); the volume corpus' MANIFEST names no
 * case (libvirt's DO_TEST has two arguments), so the cases are those of libvirt's test whose files
 * are in the corpus.
 */
class StorageXml2XmlConformanceTest {

    /**
     * storagevolxml2xmltest.c's cases, in its order: the volume and the type of the pool libvirt's
     * test parses it for (its formats depend on it). Other files in the corpus belong to other
     * tests (storagevolxml2argvtest.c) and are not cases here.
     */
    private static final String[][] VOLUME_CASES = {
        {"vol-file", "dir"}, {"vol-file-naming", "dir"}, {"vol-file-backing", "dir"}, {"vol-file-iso", "dir"},
        {"vol-qcow2", "dir"}, {"vol-qcow2-1.1", "dir"}, {"vol-qcow2-lazy", "dir"}, {"vol-qcow2-0.10-lazy", "dir"},
        {"vol-qcow2-nobacking", "dir"}, {"vol-qcow2-encryption", "dir"}, {"vol-qcow2-luks", "dir"},
        {"vol-qcow2-clusterSize", "dir"}, {"vol-luks", "dir"}, {"vol-luks-cipher", "dir"}, {"vol-partition", "disk"},
        {"vol-logical", "logical"}, {"vol-logical-backing", "logical"}, {"vol-gluster-dir", "gluster"},
        {"vol-gluster-dir-neg-uid", "gluster"}, {"vol-qcow2-nocapacity", "dir", "NO_CAPACITY"}};

    @Test
    void storagePoolXml2Xml() throws Exception {
        Path dir = Conformance.dir().resolve("storagepool-xml2xml");
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
            String name = parts[1].replace("\"", "").strip();
            total++;
            String problem = checkPool(dir, macro, name);
            if (problem == null) {
                passed++;
            } else {
                problems.add(name + " (" + macro + "): " + problem);
            }
        }
        System.out.printf("CONFORMANCE storagepool xml2xml: %d/%d%n", passed, total);
        problems.forEach(p -> System.out.println("  " + p));
        assertEquals(List.of(), problems, "every case must behave as in libvirt (" + passed + "/" + total + ")");
    }

    static String checkPool(Path dir, String macro, String name) {
        Path in = dir.resolve("storagepoolxml2xmlin").resolve(name + ".xml");
        Path out = dir.resolve("storagepoolxml2xmlout").resolve(name + ".xml");
        if (!Files.exists(in)) {
            return "input missing";
        }
        String input = Conformance.read(in);
        if (macro.contains("FAIL") || macro.contains("ERROR")) {
            try {
                StoragePoolXml.parse(input);
                return "accepted but libvirt refuses it";
            } catch (VirtException e) {
                return null;
            }
        }
        if (!macro.equals("DO_TEST")) {
            return "unknown macro";
        }
        StoragePoolDef def;
        try {
            def = StoragePoolXml.parse(input);
        } catch (VirtException e) {
            return "refused: " + e.getMessage();
        }
        String actual = StoragePoolXml.format(def);
        String d = Conformance.diff(Conformance.read(out), actual);
        if (d != null) {
            return d + "\n" + actual;
        }
        String again = StoragePoolXml.format(StoragePoolXml.parse(actual));
        if (!again.equals(actual)) {
            return "output does not read back to itself:\n" + again;
        }
        if (LibvirtSchemas.available()) {
            List<String> schema = LibvirtSchemas.problems("storagepool.rng", actual);
            if (!schema.isEmpty()) {
                return "not valid against storagepool.rng: " + schema;
            }
        }
        return null;
    }

    @Test
    void storageVolXml2Xml() throws Exception {
        Path dir = Conformance.dir().resolve("storagevol-xml2xml");
        Prerequisite.require(Files.isDirectory(dir), "conformance data not available at " + dir);
        int passed = 0;
        int total = 0;
        List<String> problems = new ArrayList<>();
        for (String[] c : VOLUME_CASES) {
            Path in = dir.resolve("storagevolxml2xmlin").resolve(c[0] + ".xml");
            Path out = dir.resolve("storagevolxml2xmlout").resolve(c[0] + ".xml");
            if (!Files.exists(in) || !Files.exists(out)) {
                continue; // not in this sample of the corpus
            }
            total++;
            String problem = checkVolume(in, out, StoragePoolType.ofLabel(c[1]), c.length > 2);
            if (problem == null) {
                passed++;
            } else {
                problems.add(c[0] + ": " + problem);
            }
        }
        System.out.printf("CONFORMANCE storagevol xml2xml: %d/%d%n", passed, total);
        problems.forEach(p -> System.out.println("  " + p));
        assertEquals(List.of(), problems, "every case must behave as in libvirt (" + passed + "/" + total + ")");
    }

    static String checkVolume(Path in, Path out, StoragePoolType pool, boolean noCapacity) {
        StorageVolXml.ParseOption[] options = noCapacity
            ? new StorageVolXml.ParseOption[] {StorageVolXml.ParseOption.NO_CAPACITY}
            : new StorageVolXml.ParseOption[0];
        StorageVolDef def;
        try {
            def = StorageVolXml.parse(pool, Conformance.read(in), options);
        } catch (VirtException e) {
            return "refused: " + e.getMessage();
        }
        String actual = StorageVolXml.format(pool, def);
        String d = Conformance.diff(Conformance.read(out), actual);
        if (d != null) {
            return d + "\n" + actual;
        }
        String again = StorageVolXml.format(pool, StorageVolXml.parse(pool, actual));
        if (!again.equals(actual)) {
            return "output does not read back to itself:\n" + again;
        }
        if (LibvirtSchemas.available()) {
            List<String> schema = LibvirtSchemas.problems("storagevol.rng", actual);
            if (!schema.isEmpty()) {
                return "not valid against storagevol.rng: " + schema;
            }
        }
        return null;
    }
}
