package io.jvirt.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;

/**
 * The fixture of the tests that run real virsh against libvirt's own test driver (in virsh's
 * process) and against jvirt's test driver behind a jvirt server on a temporary socket, and
 * compare the two outputs ({@link LibvirtVirsh}). Registered as
 * {@code @RegisterExtension final VirshWire wire = new VirshWire();}: before each test it needs
 * virsh, makes a temporary directory and starts the server in it; after the test it stops the
 * server and removes the directory.
 *
 * <p>{@link #freshPerRun()}: every comparison restarts the server first, as each virsh run on
 * libvirt's side starts from a fresh test driver (a session of one virsh run).
 */
final class VirshWire implements BeforeEachCallback, AfterEachCallback {

    /** libvirt's test driver's node file, in the shared conformance data. */
    static final Path NODE = Path.of(System.getProperty("jvirt.conformance.dir", "../../shared/conformance/libvirt"))
        .resolve("test-driver/testnode.xml").toAbsolutePath().normalize();

    private boolean freshPerRun;
    private Path tmp;
    private Path socket;
    private RemoteServer server;

    /** Every comparison starts from a fresh server (and test driver), as libvirt's side does. */
    VirshWire freshPerRun() {
        freshPerRun = true;
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/virsh")), "virsh (libvirt-clients) is not installed");
        tmp = Files.createTempDirectory("jvirt-virsh-wire");
        socket = tmp.resolve("run/libvirt-sock");
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            stop();
        } finally {
            if (tmp != null) {
                try (Stream<Path> s = Files.walk(tmp)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> {
                        try {
                            Files.deleteIfExists(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
                tmp = null;
            }
        }
    }

    private void start() throws IOException {
        server = RemoteServer.start(StandaloneConnector.create(null, new TestDriver()), ServerSettings.defaults(socket));
    }

    private void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Stops the server and starts a new one (a new test driver) on the same socket. */
    void restart() throws IOException {
        stop();
        start();
    }

    /** The test's temporary directory (removed after it). */
    Path tmp() {
        return tmp;
    }

    /** The server's read-write socket ({@code libvirt-sock-ro} is its sibling). */
    Path socket() {
        return socket;
    }

    RemoteServer server() {
        return server;
    }

    /** jvirt's test:///default through the server. */
    String jvirt() {
        return "test+unix:///default?socket=" + socket;
    }

    /** jvirt's test driver on {@code node} (a node file) through the server. */
    String jvirt(Path node) {
        return "test+unix://" + node + "?socket=" + socket;
    }

    /** Real virsh on {@code uri}, its HOME in the temporary directory. */
    HostCommand.Result virsh(String uri, String... args) throws IOException {
        return LibvirtVirsh.run(tmp.resolve("home"), uri, args);
    }

    /** The same virsh arguments on libvirt's test:///default and on jvirt's over the wire: the same output ({@link LibvirtVirsh#assertSame}). */
    void sameAsLibvirt(String... args) throws IOException {
        if (freshPerRun) {
            restart();
        }
        LibvirtVirsh.assertSame(virsh("test:///default", args), virsh(jvirt(), args), "virsh " + String.join(" ", args));
    }

    /** {@link #sameAsLibvirt} on the node file {@link #NODE} (skipped, or failed in CI, where the conformance data is missing). */
    void sameOnNodeFile(String... args) throws IOException {
        if (freshPerRun) {
            restart();
        }
        requireNodeFile();
        LibvirtVirsh.assertSame(virsh("test://" + NODE, args), virsh(jvirt(NODE), args),
            "virsh (node file) " + String.join(" ", args));
    }

    static void requireNodeFile() {
        Prerequisite.require(Files.isRegularFile(NODE), "the shared conformance data is missing: " + NODE);
    }
}
