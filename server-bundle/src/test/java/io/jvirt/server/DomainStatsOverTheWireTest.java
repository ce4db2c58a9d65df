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
 * Real virsh 9.0's domstats against jvirt's test driver over the wire gives what the same virsh
 * gives on libvirt's own test driver (test:///default and the conformance data's node file, whose
 * fc4 has I/O threads): the groups the test driver reports and those it ignores or, enforced,
 * refuses, the list filters, domain lists, and a read-only connection.
 */
class DomainStatsOverTheWireTest {

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
    void everyGroupTheDriverReports() throws IOException {
        sameAsLibvirt("domstats; domstats --raw; domstats test; domstats test test");
        sameRecordsOnNodeFile("", "domstats");
        sameRecordsOnNodeFile("", "domstats --iothread");
        sameOnNodeFile("domstats --state fc4 fv0; domstats --iothread --state fc5 fc4");
    }

    @Test
    void groupsTheDriverDoesNotReportAreLeftOutOrEnforced() throws IOException {
        sameAsLibvirt("domstats --cpu-total; domstats --balloon --vcpu --interface --block --perf --memory --dirtyrate --vm;"
            + " domstats --state --block; domstats --enforce --state --iothread; domstats --enforce; domstats --backing --nowait");
        sameAsLibvirt("domstats --enforce --vcpu --balloon");
        sameAsLibvirt("domstats --enforce --state --cpu-total test");
    }

    @Test
    void listFilters() throws IOException {
        sameAsLibvirt("domstats --list-active; domstats --list-inactive; domstats --list-persistent; domstats --list-transient;"
            + " domstats --list-running; domstats --list-paused; domstats --list-shutoff; domstats --list-other;"
            + " domstats --list-active --list-inactive; domstats --list-inactive test");
        sameAsLibvirt("suspend test; domstats --list-paused; domstats --list-running; domstats --list-other;"
            + " destroy test; domstats; domstats --list-shutoff --state; domstats --list-active test; domstats --list-inactive test");
        sameRecordsOnNodeFile("destroy fc5", "domstats --list-active");
        sameRecordsOnNodeFile("destroy fc5", "domstats --list-active --iothread");
        sameOnNodeFile("destroy fc5; domstats --list-inactive; domstats --list-inactive fc5 fv0");
    }

    @Test
    void namedDomains() throws IOException {
        sameAsLibvirt("domstats nope");
        sameAsLibvirt("domstats test nope");
        sameOnNodeFile("domstats fc5 fv0 fc4; domstats --list-running fc4 2 fv0");
    }

    @Test
    void readOnlyConnectionsReadStatistics() throws IOException {
        // (jvirt reads no node file for a read-only connection unless its administrator allows it)
        sameAsLibvirt("-r", "domstats; domstats --iothread test");
    }
}
