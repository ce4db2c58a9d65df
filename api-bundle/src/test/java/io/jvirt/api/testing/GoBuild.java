package io.jvirt.api.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the project's small Go test programs (driver-esx's vcsim main, itests' independent
 * vSphere client) offline, with Debian's Go and govmomi in GOPATH mode, into an output directory,
 * again only when main.go is newer than the binary. {@link #require(String)} skips the calling
 * test (fails it under CI=true) when Go or govmomi is missing.
 */
public final class GoBuild {

    public static final Path GOVMOMI = Path.of("/usr/share/gocode/src/github.com/vmware/govmomi");

    private GoBuild() {
    }

    /** What this machine lacks to build the programs, as words for a skip message; empty when nothing. */
    public static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (findGo() == null) {
            missing.add("the Go compiler (Debian package golang-go)");
        }
        if (!Files.isDirectory(GOVMOMI)) {
            missing.add("govmomi's sources at " + GOVMOMI + " (Debian package golang-github-vmware-govmomi-dev)");
        }
        return missing;
    }

    /** Skips the calling test, or fails it in CI, when {@code program} cannot be built here ({@link Prerequisite}). */
    public static void require(String program) {
        List<String> missing = missing();
        Prerequisite.require(missing.isEmpty(), program + " cannot be built: missing " + String.join(" and ", missing));
    }

    /**
     * The binary {@code outDir/name} of {@code srcDir/main.go}, built when missing or stale; one
     * build at a time, also across test JVMs (a file lock in {@code outDir}).
     *
     * @throws IllegalStateException when the build fails (with go's output) or Go is missing
     */
    public static Path build(Path srcDir, Path outDir, String name) throws IOException, InterruptedException {
        Path go = findGo();
        if (go == null) {
            throw new IllegalStateException("no Go compiler: " + String.join(", ", missing()));
        }
        Path main = srcDir.resolve("main.go");
        if (!Files.isRegularFile(main)) {
            throw new IllegalStateException("no Go source " + main);
        }
        Files.createDirectories(outDir);
        Path bin = outDir.resolve(name);
        try (FileChannel ch = FileChannel.open(outDir.resolve(".build.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            if (Files.isExecutable(bin) && Files.getLastModifiedTime(bin).compareTo(Files.getLastModifiedTime(main)) > 0) {
                return bin;
            }
            Path gopath = outDir.resolve("gopath");
            Files.createDirectories(gopath);
            ProcessBuilder pb = new ProcessBuilder(go.toString(), "build", "-o", bin.toString(), "main.go")
                .directory(srcDir.toFile());
            pb.environment().put("GO111MODULE", "off");
            pb.environment().put("GOPROXY", "off");
            pb.environment().put("GOFLAGS", "");
            pb.environment().put("GOPATH", gopath + ":/usr/share/gocode");
            pb.environment().put("GOCACHE", outDir.resolve("gocache").toString());
            BoundedProcess.Result r = BoundedProcess.run(pb, Duration.ofMinutes(10));
            if (r.status() != 0) {
                throw new IllegalStateException("go build of " + name + " failed:\n" + r.output());
            }
            return bin;
        }
    }

    private static Path findGo() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path g = Path.of(d, "go");
            if (Files.isExecutable(g)) {
                return g;
            }
        }
        Path g = Path.of("/usr/lib/go/bin/go");
        return Files.isExecutable(g) ? g : null;
    }
}
