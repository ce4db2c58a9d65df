package io.jvirt.api.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Real {@code virsh console} (libvirt-clients) under a pseudo-terminal, as a user types into it:
 * virsh wants a controlling terminal, which the test's own process does not have, so the
 * {@code drive_console.py} beside this class (python3's pty module) runs it, types a line, waits
 * for the guest's answer, detaches with ^] and prints what the terminal showed followed by
 * {@code exit STATUS ok BOOL} (the answer was seen). Every module's over-the-wire console test and
 * the distribution's use this one driver.
 */
public final class VirshConsole {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Duration LIMIT = Duration.ofMinutes(3);

    private VirshConsole() {
    }

    /** Skips the calling test (fails it in CI) when virsh or python3 is missing. */
    public static void require() {
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/virsh")), "virsh (libvirt-clients) is not installed");
        Prerequisite.require(Files.isExecutable(PYTHON), "python3 is not installed");
    }

    /**
     * Waits for a login prompt ("login: "), types {@code line} and waits for "you typed: LINE"
     * (the server tests' fake guest).
     *
     * @param home virsh's HOME, a directory of the test's (virsh writes its cache there)
     */
    public static BoundedProcess.Result login(String uri, String domain, String line, Path home)
        throws IOException, InterruptedException {
        return run(home, List.of(uri, domain, line));
    }

    /**
     * Types {@code line} as soon as virsh is attached (again every few seconds) until
     * {@code answer + line} shows, with {@code options} for virsh's console command (--safe,
     * --force, --devname NAME).
     */
    public static BoundedProcess.Result type(String uri, String domain, String line, String answer, Path home,
                                             String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(uri, domain, line, "", answer));
        args.addAll(List.of(options));
        return run(home, args);
    }

    private static BoundedProcess.Result run(Path home, List<String> args) throws IOException, InterruptedException {
        Path script = home.resolve("drive_console.py");
        try (InputStream in = VirshConsole.class.getResourceAsStream("drive_console.py")) {
            if (in == null) {
                throw new IllegalStateException("drive_console.py is not beside " + VirshConsole.class.getName());
            }
            Files.createDirectories(home);
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("HOME", home.toString());
        pb.environment().put("LC_ALL", "C.UTF-8");
        return BoundedProcess.run(pb, LIMIT);
    }
}
