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
 * Real virsh 9.0's blkiotune against jvirt's test driver over the wire gives what the same virsh
 * gives on libvirt's own test driver: get, set, get again, with the XML's {@code <blkiotune>} in
 * step; device lists merged by path; the live and persistent definitions; virsh's and libvirt's
 * refusals; a read-only socket.
 */
class BlkioOverTheWireTest {

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
    void getSetGet() throws IOException {
        sameAsLibvirt("blkiotune test; blkiotune test --weight 500; blkiotune test; blkiotune test --config;"
            + " blkiotune test --device-weights /dev/sda,200,/dev/sdb,300 --device-read-bytes-sec /dev/sda,18446744073709551615;"
            + " blkiotune test --live; dumpxml test; blkiotune test --weight 700 --config; blkiotune test --config;"
            + " dumpxml test --inactive");
    }

    @Test
    void devicesMergeByPath() throws IOException {
        sameOnNodeFile("blkiotune fv0; blkiotune fv0 --device-weights /dev/sda,200; blkiotune fv0;"
            + " blkiotune fv0 --device-weights /dev/hda,0; blkiotune fv0 --device-read-iops-sec /dev/sdb,0,/dev/sdc,5;"
            + " blkiotune fv0 --device-write-iops-sec /dev/hda,0 --device-read-bytes-sec /dev/hda,0; blkiotune fv0;"
            + " blkiotune fv0 --config; blkiotune fc4");
        sameAsLibvirt("blkiotune test --device-weights /dev/sda,200 --device-read-iops-sec /dev/sda,1,/dev/sdb,2 --config;"
            + " blkiotune test --device-weights /dev/sda,0 --device-read-iops-sec /dev/sdb,0 --config; dumpxml test --inactive");
        sameAsLibvirt("blkiotune test --device-weights /dev/sda,5,,3; blkiotune test --device-weights ,5; blkiotune test");
    }

    @Test
    void refusals() throws IOException {
        sameAsLibvirt("blkiotune test --device-weights /dev/sda");
        sameAsLibvirt("blkiotune test --device-weights /dev/sda,x");
        sameAsLibvirt("blkiotune test --device-weights /dev/sda,5,/dev/sdb");
        sameAsLibvirt("blkiotune test --device-weights /dev/sda,5,");
        sameAsLibvirt("blkiotune test --device-write-iops-sec /dev/sda,4294967296");
        sameAsLibvirt("blkiotune test --weight 0; blkiotune test --weight -1; blkiotune test --weight x");
        sameAsLibvirt("blkiotune test --weight 10 --live --config");
        sameAsLibvirt("blkiotune test --live --config");
        sameAsLibvirt("blkiotune test --current --live");
        // a device list that fails after the weight was taken: libvirt keeps the weight
        sameAsLibvirt("blkiotune test --weight 20 --device-weights /dev/sda; blkiotune test");
        sameAsLibvirt("destroy test; blkiotune test --live; blkiotune test --weight 30; blkiotune test --config");
    }

    @Test
    void readOnlySocketsReadButDoNotChange() throws IOException {
        sameAsLibvirt("-r", "blkiotune test; blkiotune test --weight 10");
    }
}
