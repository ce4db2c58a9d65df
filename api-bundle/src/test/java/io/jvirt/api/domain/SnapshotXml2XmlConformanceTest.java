package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Conformance;
import io.jvirt.api.testing.LibvirtSchemas;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.api.xml.SafeXmlReader;

/**
 * libvirt's qemudomainsnapshotxml2xmltest, case by case from the conformance folder's MANIFEST:
 * each DO_TEST macro sets the parse and format flags, the mocked creation time and the UUID as the
 * C test does, and the output is compared with the expected file as a document. The files named
 * {@code *-invalid.xml} are the ones libvirt's virschematest expects domainsnapshot.rng to refuse:
 * the VALIDATE parse refuses them, and accepts every other file of both folders.
 */
class SnapshotXml2XmlConformanceTest {

    /** qemudomainsnapshotxml2xmltest's flags. */
    private static final int TEST_INTERNAL = 1;
    private static final int TEST_REDEFINE = 2;
    private static final int TEST_RUNNING = 4;

    private static final String IN = "qemudomainsnapshotxml2xmlin";
    private static final String OUT = "qemudomainsnapshotxml2xmlout";

    private static Path dir() {
        Path dir = Conformance.dir().resolve("snapshot-xml2xml");
        Prerequisite.require(Files.isDirectory(dir), "the conformance data is missing: " + dir);
        return dir;
    }

    /** One DO_TEST line: DO_TEST_IN(name, uuid), DO_TEST_OUT(name, uuid, internal), DO_TEST_INOUT(name, uuid, time, flags). */
    record Case(String macro, String name, String inDir, String outDir, String uuid, long time, int flags) {

        static Case of(String macro, String args) {
            List<String> a = new ArrayList<>();
            for (String s : args.split(",")) {
                a.add(s.strip());
            }
            String name = unquote(a.get(0));
            String uuid = a.size() > 1 ? unquote(a.get(1)) : null;
            return switch (macro) {
                case "DO_TEST_IN" -> new Case(macro, name, IN, IN, uuid, 0, 0);
                case "DO_TEST_OUT" -> new Case(macro, name, OUT, OUT, uuid, 0, flags(a.get(2)) | TEST_REDEFINE);
                case "DO_TEST_INOUT" -> new Case(macro, name, IN, OUT, uuid, Long.parseLong(a.get(2)), flags(a.get(3)));
                default -> throw new IllegalArgumentException("unknown macro " + macro);
            };
        }

        private static String unquote(String s) {
            return s.equals("NULL") ? null : s.replace("\"", "");
        }

        private static int flags(String expr) {
            int f = 0;
            for (String part : expr.split("\\|")) {
                f |= switch (part.strip()) {
                    case "0" -> 0;
                    case "TEST_INTERNAL" -> TEST_INTERNAL;
                    case "TEST_REDEFINE" -> TEST_REDEFINE;
                    case "TEST_RUNNING" -> TEST_RUNNING;
                    default -> throw new IllegalArgumentException("unknown flag " + part);
                };
            }
            return f;
        }

        @Override
        public String toString() {
            return macro + " " + name;
        }
    }

    static List<Case> manifest(Path dir) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("MANIFEST"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            cases.add(Case.of(parts[0].strip(), parts[1]));
        }
        return cases;
    }

    /** The domain parser of libvirt's test: the x86_64 defaults of its capabilities. */
    private static DomainDef parseDomain(String xml) {
        return DomainXml.parse(xml, false, GenericXml2XmlConformanceTest.TEST_DRIVER);
    }

    /** testCompareXMLToXMLFiles: parse with the case's flags, the post-parse's mocked time, format, compare. */
    static String run(Path dir, Case c) {
        String input = Conformance.read(dir.resolve(c.inDir()).resolve(c.name() + ".xml"));
        String expected = Conformance.read(dir.resolve(c.outDir()).resolve(c.name() + ".xml"));
        boolean internal = (c.flags() & TEST_INTERNAL) != 0;
        long mocktime = c.time();
        SnapshotXml.Options options = new SnapshotXml.Options(SnapshotXml2XmlConformanceTest::parseDomain)
            .redefine((c.flags() & TEST_REDEFINE) != 0)
            .internal(internal)
            .saveCookie(SnapshotXml.QEMU_SAVE_COOKIE)
            .postParse(def -> {
                // testSnapshotPostParse
                if (mocktime == 0) {
                    return;
                }
                if (def.creationTime() != 0) {
                    throw new IllegalStateException("a creation time before the post-parse");
                }
                def.creationTime(mocktime);
                if (def.name() == null) {
                    def.name(Long.toString(mocktime));
                }
            });
        SnapshotDef def;
        try {
            def = SnapshotXml.parse(input, options);
        } catch (VirtException e) {
            return "refused: " + e.getMessage();
        }
        boolean current = Boolean.TRUE.equals(def.current());
        if (current && !internal) {
            return "current without TEST_INTERNAL";
        }
        if ((c.flags() & TEST_RUNNING) != 0) {
            if (def.state() != null) {
                return "TEST_RUNNING on a snapshot with a state";
            }
            def.state("running");
        }
        String actual = SnapshotXml.format(def, c.uuid(), true, internal, current);
        return Conformance.diff(expected, actual);
    }

    @Test
    void everyManifestCaseGivesLibvirtsOutput() throws IOException {
        Path dir = dir();
        List<Case> cases = manifest(dir);
        List<String> problems = new ArrayList<>();
        for (Case c : cases) {
            String d = run(dir, c);
            if (d != null) {
                problems.add(c + ": " + d);
            }
        }
        System.out.printf("snapshot-xml2xml: %d/%d cases give libvirt's output (%s)%n", cases.size() - problems.size(),
            cases.size(), dir);
        problems.forEach(p -> System.out.println("  " + p));
        assertEquals(List.of(), problems);
    }

    /** virschematest over both folders: only the -invalid files are refused, each by the VALIDATE parse. */
    @Test
    void theValidateParseRefusesWhatTheSchemaRefuses() throws IOException {
        Path dir = dir();
        List<String> problems = new ArrayList<>();
        int invalid = 0;
        for (String sub : List.of(IN, OUT)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir.resolve(sub))) {
                files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
            }
            for (Path f : files) {
                String xml = Conformance.read(f);
                boolean shouldFail = f.getFileName().toString().endsWith("-invalid.xml");
                String verdict;
                try {
                    SnapshotSchema.validate(SafeXmlReader.read(xml));
                    verdict = null;
                } catch (VirtException e) {
                    verdict = e.getMessage();
                }
                if (shouldFail != (verdict != null)) {
                    problems.add(sub + "/" + f.getFileName() + ": " + (shouldFail ? "accepted" : verdict));
                }
                if (shouldFail) {
                    invalid++;
                    VirtException e = org.junit.jupiter.api.Assertions.assertThrows(VirtException.class,
                        () -> SnapshotXml.parse(xml, new SnapshotXml.Options(SnapshotXml2XmlConformanceTest::parseDomain)
                            .validate(true)), f.toString());
                    assertEquals(ErrorCode.XML_INVALID_SCHEMA, e.code());
                    // without VALIDATE libvirt's parser reads it (what the schema forbids is not read)
                    SnapshotXml.parse(xml, new SnapshotXml.Options(SnapshotXml2XmlConformanceTest::parseDomain));
                }
                // the installed schema is libvirt 9.0's: a newer corpus's embedded domains may use what it lacks,
                // and those are the domain parser's to check, not the snapshot's
                boolean embedsDomain = xml.contains("<domain type=") || xml.contains("<inactiveDomain");
                if (LibvirtSchemas.available() && !embedsDomain) {
                    boolean schemaRefuses = !LibvirtSchemas.problems("domainsnapshot.rng", xml).isEmpty();
                    if (schemaRefuses != shouldFail) {
                        problems.add(sub + "/" + f.getFileName() + ": libvirt's schema " + (schemaRefuses ? "refuses" : "accepts")
                            + " it");
                    }
                }
            }
        }
        System.out.printf("snapshot-xml2xml schema: %d invalid files refused, %d problems%n", invalid, problems.size());
        assertEquals(List.of(), problems);
    }
}
