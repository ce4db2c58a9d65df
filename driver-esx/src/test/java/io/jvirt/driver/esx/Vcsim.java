package io.jvirt.driver.esx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
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

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * VMware's vSphere simulator for the tests: built once from src/test/vcsim/main.go with Debian's
 * Go and govmomi (offline, GOPATH mode), cached under target/vcsim, started on a free loopback
 * port and stopped by its pid. The simulator also exits when its standard input closes, so a test
 * JVM that dies leaves nothing behind.
 *
 * <p>Without Go or govmomi the tests are skipped with a message naming what is missing; with
 * {@code CI=true} that is a failure instead.
 */
final class Vcsim implements AutoCloseable {

    static final Path GOVMOMI = Path.of("/usr/share/gocode/src/github.com/vmware/govmomi/simulator");

    final Process process;
    final String url;
    private final OutputStream stdin;

    private Vcsim(Process process, String url) {
        this.process = process;
        this.url = url;
        this.stdin = process.getOutputStream();
    }

    /** host:port of the simulator. */
    String hostPort() {
        return java.net.URI.create(url).getAuthority();
    }

    int port() {
        return java.net.URI.create(url).getPort();
    }

    /** Starts a simulator; {@code args} are main.go's flags ("-mode", "vpx", "-tls", ...). */
    static Vcsim start(String... args) throws Exception {
        Path bin = binary();
        List<String> cmd = new ArrayList<>();
        cmd.add(bin.toString());
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(dir(), "vcsim-", ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = first.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("vcsim did not start within 30 s; see " + log, e);
        }
        if (line == null || !line.startsWith("URL ")) {
            p.destroyForcibly();
            throw new IllegalStateException("vcsim did not start: " + line + "; " + Files.readString(log));
        }
        return new Vcsim(p, line.substring(4).strip());
    }

    @Override
    public void close() throws Exception {
        stdin.close();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Path dir() throws IOException {
        Path d = Path.of(System.getProperty("jvirt.vcsim.dir", "target/vcsim"));
        Files.createDirectories(d);
        return d.toAbsolutePath();
    }

    /** The simulator binary, built when missing or older than main.go. */
    static synchronized Path binary() throws Exception {
        Path go = findGo();
        List<String> missing = new ArrayList<>();
        if (go == null) {
            missing.add("the Go compiler (Debian package golang-go)");
        }
        if (!Files.isDirectory(GOVMOMI)) {
            missing.add("govmomi's simulator sources at " + GOVMOMI + " (Debian package golang-github-vmware-govmomi-dev)");
        }
        if (!missing.isEmpty()) {
            String msg = "vcsim cannot be built: missing " + String.join(" and ", missing);
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(msg);
            }
            Assumptions.abort(msg);
        }
        Path src = Path.of(System.getProperty("jvirt.vcsim.src", "src/test/vcsim")).toAbsolutePath();
        Path d = dir();
        Path bin = d.resolve("vcsim");
        // one build at a time, also across test JVMs
        try (FileChannel ch = FileChannel.open(d.resolve(".build.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            if (Files.isExecutable(bin)
                && Files.getLastModifiedTime(bin).compareTo(Files.getLastModifiedTime(src.resolve("main.go"))) > 0) {
                return bin;
            }
            Path gopath = d.resolve("gopath");
            Files.createDirectories(gopath);
            ProcessBuilder pb = new ProcessBuilder(go.toString(), "build", "-o", bin.toString(), "main.go")
                .directory(src.toFile()).redirectErrorStream(true);
            pb.environment().put("GO111MODULE", "off");
            pb.environment().put("GOPROXY", "off");
            pb.environment().put("GOFLAGS", "");
            pb.environment().put("GOPATH", gopath + ":/usr/share/gocode");
            pb.environment().put("GOCACHE", d.resolve("gocache").toString());
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
                throw new IllegalStateException("go build of vcsim took more than 10 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("go build of vcsim failed:\n" + output.get());
            }
            return bin;
        }
    }

    private static Path findGo() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path g = Path.of(dir, "go");
            if (Files.isExecutable(g)) {
                return g;
            }
        }
        Path g = Path.of("/usr/lib/go/bin/go");
        return Files.isExecutable(g) ? g : null;
    }
}
