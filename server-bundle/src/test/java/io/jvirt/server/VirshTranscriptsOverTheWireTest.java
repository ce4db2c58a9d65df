package io.jvirt.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.jvirt.api.testing.Prerequisite;
import io.jvirt.api.testing.VirshManifest;
import io.jvirt.api.testing.VirshManifest.Case;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;

/**
 * The virsh transcripts of libvirt's tests/virshtest.c (../shared/conformance/libvirt/virsh):
 * each case's commands run by real virsh 9.0 in one session against jvirt's test driver over the
 * wire and against libvirt's own test driver (test:///default, or the case's custom node file),
 * and the outputs compared. The transcripts' .out files were made by a newer virsh whose script
 * mode virsh 9.0 lacks, so the oracle is virsh 9.0 on libvirt's driver, not the .out text; the
 * MANIFEST's filter (e.g. "\nCPU time:") is applied to both.
 */
class VirshTranscriptsOverTheWireTest {

    private static final Path DIR = Path.of(System.getProperty("jvirt.conformance.dir", "../../shared/conformance/libvirt"));
    private static final Path DATA = DIR.resolve("virsh/virshtestdata");
    private static Path tmp;
    private RemoteServer server;
    private static Path socket;

    @BeforeAll
    static void start() throws IOException {
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/virsh")), "virsh (libvirt-clients) is not installed");
        Prerequisite.require(Files.isRegularFile(DIR.resolve("virsh/MANIFEST")), "the shared conformance data is missing: " + DIR);
        tmp = Files.createTempDirectory("jvirt-transcripts");
        socket = tmp.resolve("libvirt-sock");
    }

    /**
     * A fresh server (and test driver) per case: libvirt's side is a new virsh process with its own
     * test:///default each time, so a case must not see what an earlier one left (a snapshot tree).
     */
    @BeforeEach
    void freshServer() throws IOException {
        server = RemoteServer.start(StandaloneConnector.create(null, new TestDriver()), ServerSettings.defaults(socket));
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (tmp != null) {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Cases that need what the jvirt API does not have; for them jvirt must say so with libvirt's
     * NO_SUPPORT (virsh prints "this function is not supported by the connection driver").
     */
    static final java.util.Map<String, String> API_GAPS = java.util.Map.of();

    static List<Case> cases() throws IOException {
        if (!Files.isRegularFile(DIR.resolve("virsh/MANIFEST"))) {
            return List.of(new Case("(no conformance data)", null, false, List.of(), List.of()));
        }
        return VirshManifest.read(DIR.resolve("virsh"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameOutputAsLibvirtsTestDriver(Case c) throws IOException {
        Prerequisite.require(Files.isDirectory(DATA), "the shared conformance data is missing: " + DIR);
        String node = DIR.resolve("test-driver/testnode.xml").toAbsolutePath().normalize().toString();
        String libvirtUri = c.custom() ? "test://" + node : "test:///default";
        String oursUri = (c.custom() ? "test+unix://" + node : "test+unix:///default") + "?socket=" + socket;
        List<String> args = new ArrayList<>(c.options());
        if (!c.argv().isEmpty()) {
            args.addAll(c.argv());
        } else {
            // the script's commands as one virsh command string: virsh parses it as it parses its script lines
            List<String> lines = Files.readAllLines(DATA.resolve(c.name() + ".in"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
            args.add(String.join(";\n", lines));
        }
        Path home = tmp.resolve("home");
        var libvirt = LibvirtVirsh.run(home, libvirtUri, args.toArray(String[]::new));
        var ours = LibvirtVirsh.run(home, oursUri, args.toArray(String[]::new));
        if (API_GAPS.containsKey(c.name())) {
            org.junit.jupiter.api.Assertions.assertTrue(
                ours.output().contains("this function is not supported by the connection driver: vir"),
                c.name() + " (" + API_GAPS.get(c.name()) + "): jvirt must answer NO_SUPPORT:\n" + ours.output());
            return;
        }
        LibvirtVirsh.assertSame(new io.jvirt.core.kit.HostCommand.Result(libvirt.status(), c.filter(libvirt.output()), false),
            new io.jvirt.core.kit.HostCommand.Result(ours.status(), c.filter(ours.output()), false), "transcript " + c.name());
    }
}
