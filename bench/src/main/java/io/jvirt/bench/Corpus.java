package io.jvirt.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** libvirt's conformance vectors, read where the project keeps them (never copied into it). */
final class Corpus {

    private Corpus() {
    }

    /** The conformance folder: -Djvirt.conformance.dir, else ../shared beside the checkout. */
    static Path conformanceDir() {
        String prop = System.getProperty("jvirt.conformance.dir");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        for (Path p : List.of(Path.of("../shared/conformance/libvirt"), Path.of("../../shared/conformance/libvirt"))) {
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("libvirt conformance vectors not found: set -Djvirt.conformance.dir");
    }

    /** Every document of the qemu-xml corpus, in name order. */
    static List<String> qemuXml() {
        try (var files = Files.list(conformanceDir().resolve("qemu-xml"))) {
            return files.filter(f -> f.toString().endsWith(".xml")).sorted().map(Corpus::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
