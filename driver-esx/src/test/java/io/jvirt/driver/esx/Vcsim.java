package io.jvirt.driver.esx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.jvirt.api.testing.BoundedProcess;
import io.jvirt.api.testing.GoBuild;
import io.jvirt.core.kit.remote.RemoteAccessPolicy;

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

    final Process process;
    final String url;
    private final Path log;

    private Vcsim(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** host:port of the simulator. */
    String hostPort() {
        return java.net.URI.create(url).getAuthority();
    }

    int port() {
        return java.net.URI.create(url).getPort();
    }

    /**
     * What an administrator would configure to reach this simulator (plain HTTP, or TLS with its
     * self-signed certificate): this host:port only. The tests name it explicitly; without it the
     * driver refuses transport=http and no_verify=1.
     */
    RemoteAccessPolicy insecureAllowed(String... defaultCredentialHosts) {
        return RemoteAccessPolicy.of(defaultCredentialHosts, new String[] {hostPort()}, new String[] {hostPort()},
            new String[] {hostPort()});
    }

    /** Driver settings for tests against this simulator: short timeouts, {@link #insecureAllowed}. */
    EsxSettings settings(String... defaultCredentialHosts) {
        return EsxSettings.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30))
            .withPolicy(insecureAllowed(defaultCredentialHosts));
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
        return new Vcsim(p, line.substring(4).strip(), log);
    }

    @Override
    public void close() throws Exception {
        // the end of its input is main.go's signal to stop: it then closes the server and removes the
        // temporary datastore directories the simulator made (/tmp/govcsim-*), which a SIGTERM would leave
        BoundedProcess.endByClosingInput(process, Duration.ofSeconds(10));
        reportCrashes();
    }

    /**
     * Copies what the simulator logged of its own failures (a handler's panic, after which Go's
     * server closes the connection unanswered; a fatal error) into the test output, where a CI log
     * shows it next to the test that saw the closed connection.
     */
    private void reportCrashes() throws IOException {
        for (String l : Files.readString(log, StandardCharsets.ISO_8859_1).split("\n")) {
            if (l.contains("panic") || l.contains("fatal error")) {
                System.err.println("vcsim (" + log.getFileName() + "): " + l);
            }
        }
    }

    private static Path dir() throws IOException {
        Path d = Path.of(System.getProperty("jvirt.vcsim.dir", "target/vcsim"));
        Files.createDirectories(d);
        return d.toAbsolutePath();
    }

    /** The simulator binary, built when missing or older than main.go. */
    static synchronized Path binary() throws Exception {
        GoBuild.require("vcsim");
        Path src = Path.of(System.getProperty("jvirt.vcsim.src", "src/test/vcsim")).toAbsolutePath();
        return GoBuild.build(src, dir(), "vcsim");
    }
}
