package io.jvirt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorDomain;
import io.jvirt.api.testing.GoBuild;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;

/**
 * go-libvirt (github.com/digitalocean/go-libvirt, the library of Terraform's libvirt provider),
 * Debian's package built offline in GOPATH mode, drives jvirt's server over the UNIX socket: connect,
 * list all domains with their states, destroy, start, a failed lookup's error, disconnect.
 */
class GoLibvirtClientTest {

    static final Path GO_LIBVIRT = Path.of("/usr/share/gocode/src/github.com/digitalocean/go-libvirt");

    @TempDir
    Path tmp;
    private RemoteServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void goLibvirtConnectsListsStartsAndDestroys() throws Exception {
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/go")) && Files.isDirectory(GO_LIBVIRT),
            "go-libvirt cannot be built: needs Debian's golang-go and golang-github-digitalocean-go-libvirt-dev");
        Path bin = GoBuild.build(Path.of("src/test/go/golibvirt").toAbsolutePath(), Path.of("target/go").toAbsolutePath(), "golibvirt");
        Path socket = tmp.resolve("run/libvirt-sock");
        server = RemoteServer.start(StandaloneConnector.create(null, new TestDriver()), ServerSettings.defaults(socket));
        HostCommand.Result r = run(bin, socket.toString(), "test:///default", "test");
        assertEquals(List.of(
            "connected",
            "domain test id=1 state=1",
            "destroyed test state=5",
            "started test state=1",
            // go-libvirt prints remote_error's message as it came
            "lookup nosuch: Domain not found",
            "disconnected"), r.output().lines().toList(), r.output());
        assertEquals(0, r.status(), r.output());
    }

    private static HostCommand.Result run(Path bin, String... args) throws IOException {
        List<String> argv = new java.util.ArrayList<>(List.of(bin.toAbsolutePath().toString()));
        argv.addAll(List.of(args));
        return HostCommand.run(argv, Map.of("PATH", "/usr/bin:/bin"), 60_000, ErrorDomain.NONE);
    }
}
