package io.jvirt.driver.vbox;

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
 * The test suite's stand-in VBoxManage: the POSIX sh script {@code src/test/vbox/VBoxManage},
 * copied into a directory of the test's, its state in {@code state} next to it (the driver runs it
 * without any environment of the test's: it finds its state from its own path). A test reads and
 * edits the state here: what was called, making the next call of a subcommand fail, aborting a
 * machine as a VM process that died would.
 */
public final class VBoxStandIn implements AutoCloseable {

    private final Path dir;

    private VBoxStandIn(Path dir) {
        this.dir = dir;
    }

    /**
     * The stand-in in {@code dir}, copied from the module's {@code src/test/vbox} or from the
     * directory the system property {@code jvirt.vbox.standin} names (another module's tests).
     */
    public static VBoxStandIn create(Path dir) throws IOException {
        String named = System.getProperty("jvirt.vbox.standin");
        Path src = named != null ? Path.of(named) : Path.of(System.getProperty("basedir", ".")).resolve("src/test/vbox");
        Files.createDirectories(dir);
        Path to = dir.resolve("VBoxManage");
        Files.copy(src.resolve("VBoxManage"), to);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
        return new VBoxStandIn(dir);
    }

    public Path vboxManage() {
        return dir.resolve("VBoxManage");
    }

    public Path state() {
        return dir.resolve("state");
    }

    /** Makes the next call of {@code subcommand} fail with a VBoxManage error. */
    public void failNext(String subcommand) throws IOException {
        Files.createDirectories(state());
        Files.writeString(state().resolve("fail"), subcommand);
    }

    /** Whether a failure set with {@link #failNext} is still waiting for its call. */
    public boolean failPending() {
        return Files.exists(state().resolve("fail"));
    }

    /** The calls so far, one line each ("startvm UUID --type headless"). */
    public List<String> calls() throws IOException {
        Path log = state().resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    /** Aborts a machine, as VirtualBox sees a VM process that died (VMState "aborted"). */
    public void abort(UUID uuid) throws IOException {
        Path settings = state().resolve("vm/" + uuid + "/settings");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(settings, StandardCharsets.UTF_8));
        lines.replaceAll(l -> l.startsWith("VMState\t") ? "VMState\taborted" : l);
        Files.write(settings, lines, StandardCharsets.UTF_8);
    }

    /** The registered machines' UUIDs. */
    public List<String> registered() throws IOException {
        Path order = state().resolve("order");
        return Files.exists(order) ? Files.readAllLines(order) : List.of();
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
