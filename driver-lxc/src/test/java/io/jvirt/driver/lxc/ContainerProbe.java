package io.jvirt.driver.lxc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jvirt.api.testing.Poll;

/**
 * Checks run BY a container's own init: each named check is a shell command the container runs
 * with its own privileges; its exit status and output are written to a results file the test then
 * reads from the host. Nothing is checked from the host's side of the namespaces, so the results
 * show what a hostile root inside the container can and cannot do.
 */
final class ContainerProbe {

    /** One check's outcome. */
    record Result(int rc, String output) {
        boolean failed() {
            return rc != 0;
        }

        @Override
        public String toString() {
            return "rc=" + rc + " " + output;
        }
    }

    private final Map<String, String> checks = new LinkedHashMap<>();
    private final List<String> copies = new ArrayList<>();

    /** Adds a check: {@code command} runs in the container as {@code sh -c command}. */
    ContainerProbe check(String name, String command) {
        checks.put(name, command);
        return this;
    }

    /** Copies a file of the container (e.g. /proc/self/mountinfo) into the results directory. */
    ContainerProbe copy(String containerPath) {
        copies.add(containerPath);
        return this;
    }

    /**
     * Writes the probe script to {@code hostDir}, which the container sees as {@code containerDir};
     * returns the init script to run it (then wait for SIGTERM, as the tests' containers do).
     */
    String install(Path hostDir, String containerDir) throws IOException {
        Files.createDirectories(hostDir);
        StringBuilder s = new StringBuilder();
        s.append("R=").append(containerDir).append('\n');
        s.append(": > \"$R/results\"\n");
        s.append("c() { o=$(sh -c \"$2\" 2>&1 </dev/null); rc=$?; printf '%s rc=%s %s\\n' \"$1\" \"$rc\" \"$(echo \"$o\" | tr '\\n' ' ')\" >> \"$R/results\"; }\n");
        for (Map.Entry<String, String> c : checks.entrySet()) {
            s.append("c ").append(LauncherScript.q(c.getKey())).append(' ').append(LauncherScript.q(c.getValue())).append('\n');
        }
        int i = 0;
        for (String f : copies) {
            s.append("cat ").append(LauncherScript.q(f)).append(" > \"$R/copy").append(i++).append("\"\n");
        }
        s.append("echo done > \"$R/done\"\n");
        Files.writeString(hostDir.resolve("probe.sh"), s.toString());
        return ". " + containerDir + "/probe.sh; " + LxcFixture.LOOP;
    }

    /** Waits until the container has run every check; then returns the results by name. */
    static Map<String, Result> results(Path hostDir) throws IOException {
        Poll.until("the container to finish its checks", Duration.ofSeconds(20), () -> Files.exists(hostDir.resolve("done")),
            () -> "results so far: " + read(hostDir.resolve("results")));
        Map<String, Result> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(hostDir.resolve("results"), StandardCharsets.UTF_8)) {
            int sp = line.indexOf(" rc=");
            int end = line.indexOf(' ', sp + 4);
            out.put(line.substring(0, sp), new Result(Integer.parseInt(line.substring(sp + 4, end < 0 ? line.length() : end)),
                end < 0 ? "" : line.substring(end + 1).trim()));
        }
        return out;
    }

    /** The i-th copied file. */
    static String copied(Path hostDir, int i) throws IOException {
        return Files.readString(hostDir.resolve("copy" + i));
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }
}
