package io.jvirt.driver.bhyve;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.jvirt.core.kit.local.ProcessRun;

/**
 * One run of a bhyve VM: its bhyve process (pid and start time; the pid is the domain's id, as in
 * libvirt) and the argv it was started with, which the status file keeps so that a restarted driver
 * takes back only that VM's bhyve ({@link io.jvirt.core.kit.local.SessionProcess#isRunning}). The
 * {@link Process} is there when this JVM started it (its exit status is then known), null for a
 * bhyve taken back from a status file written by another JVM.
 */
final class BhyveRun extends ProcessRun {

    static final String ARGV_KEY = "bhyve.argv";

    private final List<String> argv;
    private final Process process;

    BhyveRun(long pid, long startTime, List<String> argv, Process process) {
        super(pid, startTime);
        this.argv = List.copyOf(argv);
        this.process = process;
    }

    List<String> argv() {
        return argv;
    }

    Process process() {
        return process;
    }

    @Override
    public Map<String, String> statusData() {
        return Map.of(ARGV_KEY, encode(argv));
    }

    /** Each argument base64 (an argument may hold any character but NUL), joined by ','. */
    static String encode(List<String> argv) {
        List<String> parts = new ArrayList<>();
        for (String a : argv) {
            parts.add(Base64.getEncoder().encodeToString(a.getBytes(StandardCharsets.UTF_8)));
        }
        return String.join(",", parts);
    }

    /** The argv of {@link #encode}; empty for anything else (a damaged file then matches no process). */
    static List<String> decode(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        try {
            for (String p : text.split(",", -1)) {
                out.add(new String(Base64.getDecoder().decode(p), StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        return out;
    }
}
