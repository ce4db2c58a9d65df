package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The distribution as a user runs it: unpacked, started with bin/start, driven by bin/virt from a
 * script with no terminal, stopped with bin/stop. Ends the Karaf process it started, by its pid.
 */
public class DistributionScriptIT {

    private static Path home;
    private static int sshPort;
    private static long karafPid = -1;

    @BeforeClass
    public static void startDistribution() throws Exception {
        Path archive = Path.of(System.getProperty("jvirt.dist.archive", "../karaf-dist/target/karaf-dist-"
            + JvirtTestSupport.JVIRT_VERSION + ".tar.gz"));
        assertTrue("distribution archive " + archive, Files.isRegularFile(archive));
        Path dir = Path.of("target/script-it").toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        assertEquals(0, run(dir, List.of("tar", "xzf", archive.toAbsolutePath().toString()), Map.of()).rc);
        try (var entries = Files.list(dir)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        sshPort = JvirtTestSupport.freePort();
        setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(sshPort));
        setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort",
            Integer.toString(JvirtTestSupport.freePort()));
        setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort",
            Integer.toString(JvirtTestSupport.freePort()));
        assertEquals(0, run(home, List.of("bin/start"), Map.of()).rc);
        Path pidFile = home.resolve("karaf.pid");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.isRegularFile(pidFile) || Files.readString(pidFile).isBlank()) {
            assertTrue("karaf.pid written", System.nanoTime() < end);
            Thread.sleep(100);
        }
        karafPid = Long.parseLong(Files.readString(pidFile).trim());
        // bin/start returns at once: wait until the virt: commands answer
        Result r;
        do {
            r = virt("uri");
            if (r.rc == 0) {
                break;
            }
            assertTrue("container ready within 90 s; last: " + r.out, System.nanoTime() < end + TimeUnit.SECONDS.toNanos(30));
            Thread.sleep(500);
        } while (true);
    }

    @AfterClass
    public static void stopDistribution() throws Exception {
        if (home == null) {
            return;
        }
        run(home, List.of("bin/stop"), Map.of());
        if (karafPid > 0) {
            ProcessHandle.of(karafPid).ifPresent(p -> {
                try {
                    p.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            });
        }
    }

    @Test
    public void listWorksWithoutTerminalAndExitsZero() throws Exception {
        Result r = virt("list", "--all");
        assertEquals(r.out, 0, r.rc);
        assertEquals(" Id   Name   State\n----------------------\n 1    test   running\n", r.out);
    }

    @Test
    public void failedCommandExitsNonZeroWithVirshError() throws Exception {
        Result r = virt("dominfo", "no such domain");
        assertNotEquals(r.out, 0, r.rc);
        assertEquals("error: failed to get domain 'no such domain'\n", r.out);
    }

    @Test
    public void unknownCommandExitsNonZero() throws Exception {
        Result r = virt("nosuchcommand");
        assertNotEquals(r.out, 0, r.rc);
    }

    private static Result virt(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bin/virt"));
        cmd.addAll(List.of(args));
        return run(home, cmd, Map.of("JVIRT_PORT", Integer.toString(sshPort)));
    }

    private record Result(int rc, String out) {
    }

    /** Runs a command with stdin at end-of-file and no terminal, as a script in CI does. */
    private static Result run(Path dir, List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Result(p.exitValue(), out.replace("\r\n", "\n"));
    }

    private static void setProperty(Path cfg, String key, String value) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(cfg));
        lines.removeIf(l -> l.trim().startsWith(key + " ") || l.trim().startsWith(key + "="));
        lines.add(key + " = " + value);
        Files.write(cfg, lines);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
