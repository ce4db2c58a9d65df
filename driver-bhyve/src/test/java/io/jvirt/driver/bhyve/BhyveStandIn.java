package io.jvirt.driver.bhyve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The test suite's stand-ins for FreeBSD's bhyve, bhyveload, grub-bhyve and bhyvectl: the POSIX sh
 * scripts of {@code src/test/bhyve}, copied into a directory of the test's, where they keep what
 * they record and read what the test tells them (see the scripts' heads). The driver runs them
 * without any environment of the test's: they find their directory from their own path.
 */
public final class BhyveStandIn {

    static final List<String> SCRIPTS = List.of("standin.sh", "bhyve", "bhyveload", "grub-bhyve", "bhyvectl");

    private final Path dir;

    private BhyveStandIn(Path dir) {
        this.dir = dir;
    }

    /**
     * The stand-ins in {@code dir}, copied from the module's {@code src/test/bhyve} or from the
     * directory the system property {@code jvirt.bhyve.standins} names (another module's tests).
     */
    public static BhyveStandIn create(Path dir) throws IOException {
        String named = System.getProperty("jvirt.bhyve.standins");
        Path src = named != null ? Path.of(named) : Path.of(System.getProperty("basedir", ".")).resolve("src/test/bhyve");
        Files.createDirectories(dir);
        for (String s : SCRIPTS) {
            Path to = dir.resolve(s);
            Files.copy(src.resolve(s), to);
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString(s.endsWith(".sh") ? "rw-------" : "rwx------"));
        }
        return new BhyveStandIn(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path bhyve() {
        return dir.resolve("bhyve");
    }

    public Path bhyveload() {
        return dir.resolve("bhyveload");
    }

    public Path grubBhyve() {
        return dir.resolve("grub-bhyve");
    }

    public Path bhyvectl() {
        return dir.resolve("bhyvectl");
    }

    /** The argv of {@code program}'s last call for VM {@code name} (element 0 the path it ran as), null if none. */
    public List<String> recorded(String program, String name) throws IOException {
        Path f = dir.resolve("calls").resolve(program + "." + name);
        if (!Files.exists(f)) {
            return null;
        }
        String s = Files.readString(f, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        return out;
    }

    /** The device map grub-bhyve was given for VM {@code name} (as it read it), null if none. */
    public String deviceMap(String name) throws IOException {
        Path f = dir.resolve("calls").resolve("grub-bhyve." + name + ".devmap");
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : null;
    }

    /** Every call so far, one line each ("PROGRAM ARGS..."). */
    public List<String> calls() throws IOException {
        Path f = dir.resolve("calls.log");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    /** Steers VM {@code name}'s bhyve "from inside": "exit N", "segv", "abrt". */
    public void control(String name, String what) throws IOException {
        Files.createDirectories(dir.resolve("control"));
        Path tmp = dir.resolve("control").resolve("." + name);
        Files.writeString(tmp, what + "\n");
        Files.move(tmp, dir.resolve("control").resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Makes {@code program}'s next calls fail with {@code message} on stderr (null: succeed again). */
    public void fail(String program, String message) throws IOException {
        Files.createDirectories(dir.resolve("fail"));
        Path f = dir.resolve("fail").resolve(program);
        if (message == null) {
            Files.deleteIfExists(f);
        } else {
            Files.writeString(f, message + "\n");
        }
    }

    /** Makes bhyve answer its probes as one without these (utc topology ahci e1000 bootrom fbuf xhci hda password virtio-9p). */
    public void missing(String... words) throws IOException {
        Files.writeString(dir.resolve("caps-missing"), words.length == 0 ? "" : String.join("\n", words) + "\n");
    }

    /** The pid VM {@code name}'s bhyve wrote, -1 if none. */
    public long pid(String name) throws IOException {
        Path f = dir.resolve("run").resolve(name + ".pid");
        try {
            return Files.exists(f) ? Long.parseLong(Files.readString(f).trim()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Waits until VM {@code name}'s bhyve with {@code pid} runs its loop (it has recorded its argv and
     * pid and reads its control file): a started process may not have got there yet.
     */
    public void awaitRunning(String name, long pid) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (pid(name) != pid) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the stand-in bhyve of " + name + " (pid " + pid + ") did not come up within a minute");
            }
            Thread.sleep(10);
        }
    }

    /** Whether VM {@code name}'s vmm instance exists (made by a loader or bhyve, removed by bhyvectl --destroy). */
    public boolean vmm(String name) {
        return Files.exists(dir.resolve("vmm").resolve(name));
    }
}
