package io.jvirt.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The core bundle's package rules, read from what bnd built (target/classes and its manifest): no
 * exported package depends on a package the bundle keeps private (the SPI once handed out
 * StandaloneConnector from the private package, so a driver compiled against the SPI could not
 * resolve it), and the contract (io.jvirt.core.spi) depends on no toolkit package, so that the
 * toolkit can change without touching the contract.
 */
class ExportedPackagesTest {

    private static final Path CLASSES = Path.of("target", "classes");

    @Test
    void noExportedPackageDependsOnAPrivateOne() throws IOException {
        Set<String> exported = exported();
        Set<String> all = packages();
        Set<String> privates = new TreeSet<>(all);
        privates.removeAll(exported);
        assertTrue(exported.contains("io.jvirt.core.spi") && exported.contains("io.jvirt.core.kit"), exported.toString());
        assertTrue(privates.contains("io.jvirt.core.internal"), privates.toString());
        List<String> wrong = new ArrayList<>();
        for (String p : exported) {
            for (String other : privates) {
                classesReferring(p, other).forEach(c -> wrong.add(c + " (exported) uses " + other + " (private)"));
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void theContractDependsOnNoToolkitPackage() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (String other : packages()) {
            if (!other.equals("io.jvirt.core.spi")) {
                classesReferring("io.jvirt.core.spi", other).forEach(c -> wrong.add(c + " uses " + other));
            }
        }
        assertEquals(List.of(), wrong);
    }

    private static Set<String> exported() throws IOException {
        try (InputStream in = Files.newInputStream(CLASSES.resolve("META-INF/MANIFEST.MF"))) {
            String header = new Manifest(in).getMainAttributes().getValue("Export-Package");
            Set<String> out = new TreeSet<>();
            // package;version="..";uses:="a,b",next;...: names are the clauses' first parts
            for (String clause : header.replaceAll("\"[^\"]*\"", "\"\"").split(",")) {
                out.add(clause.split(";")[0].strip());
            }
            return out;
        }
    }

    private static Set<String> packages() throws IOException {
        try (Stream<Path> files = Files.walk(CLASSES.resolve("io/jvirt/core"))) {
            Set<String> out = new TreeSet<>();
            files.filter(f -> f.toString().endsWith(".class"))
                .forEach(f -> out.add(CLASSES.relativize(f.getParent()).toString().replace('/', '.')));
            return out;
        }
    }

    /** The classes of package {@code p} whose constant pool names a class of package {@code other}. */
    private static List<String> classesReferring(String p, String other) throws IOException {
        String internal = other.replace('.', '/') + "/";
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(CLASSES.resolve(p.replace('.', '/')))) {
            for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".class"))::iterator) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                // a class reference is "pkg/Name" (CONSTANT_Class) or "Lpkg/Name;" (descriptors): the
                // package must be followed by a class name, not by a subpackage
                if (refersTo(text, internal)) {
                    out.add(f.getFileName().toString());
                }
            }
        }
        return out;
    }

    private static boolean refersTo(String text, String prefix) {
        for (int i = text.indexOf(prefix); i >= 0; i = text.indexOf(prefix, i + 1)) {
            int j = i + prefix.length();
            while (j < text.length() && Character.isJavaIdentifierPart(text.charAt(j))) {
                j++;
            }
            boolean subpackage = j < text.length() && text.charAt(j) == '/';
            if (!subpackage) {
                return true;
            }
        }
        return false;
    }
}
