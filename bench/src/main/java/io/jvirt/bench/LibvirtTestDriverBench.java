package io.jvirt.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 1, libvirt's side: runs bench/src/main/c/testdriver_bench.c (built by bench/run.sh
 * when libvirt's development files are installed; its path comes in -Djvirt.bench.libvirt.testdriver)
 * with the same sizes as the Java side and reads its "phase ops_per_s" lines.
 */
final class LibvirtTestDriverBench {

    static final String BINARY_PROPERTY = "jvirt.bench.libvirt.testdriver";

    /** The C side's figures, or why there are none. */
    record Outcome(Map<String, Double> opsPerSecond, String missing) {
        boolean measured() {
            return missing == null;
        }
    }

    private LibvirtTestDriverBench() {
    }

    static Outcome run(TestDriverScenario.Size size) throws IOException, InterruptedException {
        String binary = System.getProperty(BINARY_PROPERTY);
        if (binary == null || binary.isBlank() || !Files.isExecutable(Path.of(binary))) {
            return new Outcome(Map.of(), "libvirt not installed (no libvirt-dev / pkg-config libvirt): C side not built");
        }
        List<String> cmd = new ArrayList<>(List.of(binary));
        cmd.addAll(size.args());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            return new Outcome(Map.of(), "the C side failed (exit status " + rc + ")");
        }
        Map<String, Double> ops = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 2) {
                ops.put(f[0], Double.parseDouble(f[1]));
            }
        }
        if (!ops.keySet().containsAll(TestDriverScenario.PHASES)) {
            return new Outcome(Map.of(), "the C side printed no figure for some phases: " + out.strip());
        }
        return new Outcome(ops, null);
    }
}
