package io.jvirt.driver.vmware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The test suite's stand-in vmrun: the POSIX sh script {@code src/test/vmware/vmrun} and its
 * version programs ({@code vmware}, {@code vmplayer}, {@code vmware-vmx}: one script answering by
 * its name), copied into a directory of the test's, their state in {@code state} next to them.
 * A test reads and edits the state here. {@link #close()} ends the VM processes the stand-in
 * started (each by its pid, only those) and removes the directory.
 */
public final class VmrunStandIn implements AutoCloseable {

    private final Path dir;

    private VmrunStandIn(Path dir) {
        this.dir = dir;
    }

    /**
     * The stand-in in {@code dir}, copied from the module's {@code src/test/vmware} or from the
     * directory the system property {@code jvirt.vmware.standin} names (another module's tests).
     */
    public static VmrunStandIn create(Path dir) throws IOException {
        String named = System.getProperty("jvirt.vmware.standin");
        Path src = named != null ? Path.of(named) : Path.of(System.getProperty("basedir", ".")).resolve("src/test/vmware");
        Files.createDirectories(dir);
        copy(src.resolve("vmrun"), dir.resolve("vmrun"));
        for (String name : List.of("vmware", "vmplayer", "vmware-vmx")) {
            copy(src.resolve("vmware"), dir.resolve(name));
        }
        Files.createDirectories(dir.resolve("state"));
        return new VmrunStandIn(dir);
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
    }

    public Path vmrun() {
        return dir.resolve("vmrun");
    }

    public Path state() {
        return dir.resolve("state");
    }

    /** The {@code -T} the stand-in accepts from now on (ws, player, fusion). */
    public void expectProduct(String hostType) throws IOException {
        Files.writeString(state().resolve("product"), hostType);
    }

    /** The version the version programs print. */
    public void version(String v) throws IOException {
        Files.writeString(state().resolve("version"), v);
    }

    /** Makes the next call of {@code command} fail with a vmrun error. */
    public void failNext(String command) throws IOException {
        Files.writeString(state().resolve("fail"), command);
    }

    /** Makes the next call of {@code command} hang (until its caller's timeout kills it). */
    public void hangNext(String command) throws IOException {
        Files.writeString(state().resolve("hang"), command);
    }

    /** Makes the next start write a vmware.log without a pid. */
    public void noPidNext() throws IOException {
        Files.writeString(state().resolve("nopid"), "");
    }

    /** The calls so far, one line each ("-T ws start /x/vm.vmx nogui"). */
    public List<String> calls() throws IOException {
        Path log = state().resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    /** The running VMs: "PID TAB PAUSED TAB VMX" lines. */
    public List<String[]> running() throws IOException {
        Path f = state().resolve("running");
        List<String[]> out = new ArrayList<>();
        if (Files.exists(f)) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(line.split("\t", 3));
                }
            }
        }
        return out;
    }

    /** The pid of the process standing for the VM of {@code vmx}, if it runs. */
    public Optional<Long> pidOf(Path vmx) throws IOException {
        return running().stream().filter(r -> r[2].equals(vmx.toString())).map(r -> Long.parseLong(r[0])).findFirst();
    }

    /** Ends the process of a running VM, as a VM process that died (vmrun no longer lists it). */
    public void crash(Path vmx) throws IOException {
        pidOf(vmx).flatMap(ProcessHandle::of).ifPresent(VmrunStandIn::end);
    }

    private static void end(ProcessHandle h) {
        h.destroy();
        try {
            h.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            h.destroyForcibly();
        }
    }

    @Override
    public void close() throws IOException {
        for (String[] r : running()) {
            try {
                ProcessHandle.of(Long.parseLong(r[0]))
                    .filter(h -> h.info().command().map(c -> c.endsWith("sleep")).orElse(true))
                    .ifPresent(VmrunStandIn::end);
            } catch (NumberFormatException e) {
                // not a pid line
            }
        }
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
