package io.jvirt.itests;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Assert;
import org.junit.Assume;

/**
 * The project's small Go test programs (the vcsim main of driver-esx, the independent vSphere
 * client of this module), built offline with Debian's Go and govmomi in GOPATH mode, cached under
 * target/go until their main.go changes. Without Go or govmomi the calling test is skipped with a
 * message naming what is missing; with {@code CI=true} it fails instead.
 */
final class GoProgram {

    static final Path GOVMOMI = Path.of("/usr/share/gocode/src/github.com/vmware/govmomi");

    private GoProgram() {
    }

    /** The binary of {@code srcDir}/main.go, named {@code name}, built when missing or stale. */
    static synchronized Path build(Path srcDir, String name) throws Exception {
        Path go = findGo();
        List<String> missing = new ArrayList<>();
        if (go == null) {
            missing.add("the Go compiler (Debian package golang-go)");
        }
        if (!Files.isDirectory(GOVMOMI)) {
            missing.add("govmomi's sources at " + GOVMOMI + " (Debian package golang-github-vmware-govmomi-dev)");
        }
        if (!missing.isEmpty()) {
            String msg = name + " cannot be built: missing " + String.join(" and ", missing);
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assert.fail("CI=true: " + msg);
            }
            Assume.assumeTrue(msg, false);
        }
        Path dir = Path.of("target", "go").toAbsolutePath();
        Files.createDirectories(dir);
        Path bin = dir.resolve(name);
        Path main = srcDir.resolve("main.go");
        Assert.assertTrue("Go source " + main, Files.isRegularFile(main));
        // one build at a time, also across test JVMs
        try (FileChannel ch = FileChannel.open(dir.resolve(".build.lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            if (Files.isExecutable(bin) && Files.getLastModifiedTime(bin).compareTo(Files.getLastModifiedTime(main)) > 0) {
                return bin;
            }
            ProcessBuilder pb = new ProcessBuilder(go.toString(), "build", "-o", bin.toString(), "main.go")
                .directory(srcDir.toFile()).redirectErrorStream(true);
            pb.environment().put("GO111MODULE", "off");
            pb.environment().put("GOPROXY", "off");
            pb.environment().put("GOFLAGS", "");
            pb.environment().put("GOPATH", dir.resolve("gopath") + ":/usr/share/gocode");
            pb.environment().put("GOCACHE", dir.resolve("gocache").toString());
            Process p = pb.start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return e.toString();
                }
            });
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("go build of " + name + " took more than 10 minutes");
            }
            Assert.assertEquals("go build of " + name + ":\n" + output.get(), 0, p.exitValue());
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
