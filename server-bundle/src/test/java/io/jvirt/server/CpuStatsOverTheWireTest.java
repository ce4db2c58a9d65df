package io.jvirt.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;

/**
 * Real virsh 9.0's cpu-stats against jvirt's test driver over the wire gives what the same virsh
 * gives on libvirt's own test driver (whose numbers are made up and fixed, so nothing needs
 * masking): per CPU and total, --start and --count in and out of range, an inactive domain.
 */
class CpuStatsOverTheWireTest {

    private static final Path NODE = Path.of(System.getProperty("jvirt.conformance.dir", "../../shared/conformance/libvirt"))
        .resolve("test-driver/testnode.xml").toAbsolutePath().normalize();

    @TempDir
    Path tmp;
    private RemoteServer server;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/virsh")), "virsh (libvirt-clients) is not installed");
        socket = tmp.resolve("run/libvirt-sock");
        server = RemoteServer.start(StandaloneConnector.create(null, new TestDriver()), ServerSettings.defaults(socket));
    }

    /** Each virsh run on libvirt's side starts from a fresh test driver: so does jvirt's. */
    private void fresh() throws IOException {
        stop();
        server = null;
        start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void sameAsLibvirt(String... args) throws IOException {
        fresh();
        HostCommand.Result libvirt = LibvirtVirsh.run(tmp.resolve("home"), "test:///default", args);
        HostCommand.Result ours = LibvirtVirsh.run(tmp.resolve("home"), "test+unix:///default?socket=" + socket, args);
        LibvirtVirsh.assertSame(libvirt, ours, "virsh " + String.join(" ", args));
    }

    private void sameOnNodeFile(String... args) throws IOException {
        fresh();
        Prerequisite.require(Files.isRegularFile(NODE), "the shared conformance data is missing: " + NODE);
        HostCommand.Result libvirt = LibvirtVirsh.run(tmp.resolve("home"), "test://" + NODE, args);
        HostCommand.Result ours = LibvirtVirsh.run(tmp.resolve("home"), "test+unix://" + NODE + "?socket=" + socket, args);
        LibvirtVirsh.assertSame(libvirt, ours, "virsh (node file) " + String.join(" ", args));
    }

    /**
     * One listing of several domains on the node file, its records compared in any order: libvirt
     * lists them in the order of its hash table, whose key is seeded at random per process.
     */
    private void sameRecordsOnNodeFile(String setUp, String domstats) throws IOException {
        fresh();
        Prerequisite.require(Files.isRegularFile(NODE), "the shared conformance data is missing: " + NODE);
        String script = setUp.isEmpty() ? domstats : setUp + "; echo --; " + domstats;
        HostCommand.Result libvirt = LibvirtVirsh.run(tmp.resolve("home"), "test://" + NODE, script);
        HostCommand.Result ours = LibvirtVirsh.run(tmp.resolve("home"), "test+unix://" + NODE + "?socket=" + socket, script);
        org.junit.jupiter.api.Assertions.assertEquals(records(libvirt.output()), records(ours.output()), "virsh (node file) " + script);
        org.junit.jupiter.api.Assertions.assertEquals(libvirt.status(), ours.status(), "exit status of " + script);
    }

    /** What the set-up printed, then the listing's records ("Domain: " blocks) sorted. */
    private static java.util.List<String> records(String output) {
        int cut = output.indexOf("--\n");
        java.util.List<String> out = new java.util.ArrayList<>();
        out.add(cut < 0 ? "" : output.substring(0, cut));
        String listing = cut < 0 ? output : output.substring(cut + 3);
        java.util.List<String> blocks = new java.util.ArrayList<>(java.util.List.of(listing.split("(?=Domain: ')")));
        java.util.Collections.sort(blocks);
        out.addAll(blocks);
        return out;
    }

    @Test
    void perCpuAndTotal() throws IOException {
        sameAsLibvirt("cpu-stats test; cpu-stats test --total; cpu-stats test --start 1; cpu-stats test --start 0 --count 1;"
            + " cpu-stats test --count 10; cpu-stats test --count 0; cpu-stats test --start 1 --total");
        sameOnNodeFile("cpu-stats fv0; cpu-stats fc4 --start 2 --count 1; cpu-stats fc5 --total");
    }

    @Test
    void badStartsAndCounts() throws IOException {
        sameAsLibvirt("cpu-stats test --start -1");
        sameAsLibvirt("cpu-stats test --start 2");
        sameAsLibvirt("cpu-stats test --start 5 --count 1");
        sameAsLibvirt("cpu-stats test --start x");
        sameAsLibvirt("cpu-stats test --count -1");
        sameAsLibvirt("cpu-stats test --count y");
        sameOnNodeFile("cpu-stats fv0 --start 4");
    }

    @Test
    void anInactiveDomainHasNone() throws IOException {
        sameAsLibvirt("destroy test; cpu-stats test");
        sameAsLibvirt("destroy test; cpu-stats test --total");
        sameAsLibvirt("cpu-stats nope");
    }

    @Test
    void readOnlySocketsReadThem() throws IOException {
        sameAsLibvirt("-r", "cpu-stats test");
    }
}
