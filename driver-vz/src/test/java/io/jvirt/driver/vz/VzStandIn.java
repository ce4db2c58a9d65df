package io.jvirt.driver.vz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The test suite's stand-in prlctl and prlsrvctl: the POSIX sh scripts of {@code src/test/vz},
 * copied into a directory of the test's, their state in {@code state} next to them (the driver
 * runs them without any environment of the test's). A test reads and edits the state here: what
 * was called, making the next call of a subcommand fail, moving an environment into another state
 * as another Virtuozzo client would.
 */
public final class VzStandIn implements AutoCloseable {

    private final Path dir;

    private VzStandIn(Path dir) {
        this.dir = dir;
    }

    /**
     * The stand-ins in {@code dir}, copied from the module's {@code src/test/vz} or from the
     * directory the system property {@code jvirt.vz.standin} names (another module's tests).
     */
    public static VzStandIn create(Path dir) throws IOException {
        String named = System.getProperty("jvirt.vz.standin");
        Path src = named != null ? Path.of(named) : Path.of(System.getProperty("basedir", ".")).resolve("src/test/vz");
        Files.createDirectories(dir);
        for (String tool : List.of("prlctl", "prlsrvctl")) {
            Path to = dir.resolve(tool);
            Files.copy(src.resolve(tool), to);
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
        }
        return new VzStandIn(dir);
    }

    public Path prlctl() {
        return dir.resolve("prlctl");
    }

    public Path prlsrvctl() {
        return dir.resolve("prlsrvctl");
    }

    public Path state() {
        return dir.resolve("state");
    }

    /** Makes the next call of {@code subcommand} fail with an error of prlctl's. */
    public void failNext(String subcommand) throws IOException {
        Files.createDirectories(state());
        Files.writeString(state().resolve("fail"), subcommand);
    }

    /** The prlctl calls so far, one line each ("start UUID"). */
    public List<String> calls() throws IOException {
        Path log = state().resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    /** Moves an environment into {@code state} ("running", "mounted"...), as another client would. */
    public void setState(UUID uuid, String state) throws IOException {
        Files.writeString(state().resolve("env/" + uuid + "/state"), state + "\n");
    }

    /** The disk images an environment still had when prlctl deleted it (null: never deleted). */
    public List<String> deletedWithImages(UUID uuid) throws IOException {
        Path p = state().resolve("deleted/" + uuid);
        return Files.exists(p) ? Files.readAllLines(p) : null;
    }

    /** The registered environments' UUIDs. */
    public List<String> registered() throws IOException {
        Path order = state().resolve("order");
        return Files.exists(order) ? Files.readAllLines(order) : List.of();
    }

    /** Replaces prlctl by a script that prints {@code output} and exits 0 (a hostile or broken tool). */
    public void replacePrlctl(String output) throws IOException {
        Path out = dir.resolve("prlctl.out");
        Files.writeString(out, output);
        Files.writeString(prlctl(), "#!/bin/sh\ncat '" + out + "'\n");
    }

    @Override
    public void close() throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
