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
 * Real virsh 9.0's iothreadinfo, iothreadadd, iothreaddel, iothreadset and iothreadpin against
 * jvirt's test driver over the wire give what the same virsh gives on libvirt's own test driver:
 * sequences with the XML and the domstats iothread group in step, the refusals (missing and
 * duplicate ids, threads still used by a disk, flags the test driver refuses), read-only sockets.
 */
class IoThreadsOverTheWireTest {

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
    void addInfoDeleteInTheLiveAndPersistentDefinitions() throws IOException {
        sameAsLibvirt("iothreadinfo test; iothreadadd test 3; iothreadadd test 1; iothreadinfo test; iothreadinfo test --config;"
            + " iothreadadd test 7 --config; iothreadinfo test --config; iothreadinfo test --live; dumpxml test;"
            + " dumpxml test --inactive; domstats --iothread; iothreaddel test 3; iothreadinfo test; domstats;"
            + " iothreaddel test 7 --config; dumpxml test --inactive; iothreaddel test 1; dumpxml test");
        sameAsLibvirt("iothreadadd test 2 --current; destroy test; iothreadinfo test; iothreadadd test 4; iothreadinfo test;"
            + " start test; iothreadinfo test; domstats --iothread; iothreaddel test 4; dumpxml test --inactive");
    }

    @Test
    void refusals() throws IOException {
        sameAsLibvirt("iothreadadd test 3; iothreadadd test 3");
        sameAsLibvirt("iothreadadd test 0; iothreadadd test -1; iothreadadd test x; iothreadadd test 4294967297");
        sameAsLibvirt("iothreaddel test 5; iothreaddel test 5 --config; iothreaddel test 0");
        sameAsLibvirt("iothreadadd test 1 --live --config");
        sameAsLibvirt("iothreadinfo test --live --config");
        sameAsLibvirt("iothreadinfo test --current --live");
        sameAsLibvirt("destroy test; iothreadadd test 1 --live");
        sameAsLibvirt("iothreadinfo nope");
    }

    @Test
    void aThreadADiskUsesStays() throws IOException {
        String xml = tmp.resolve("disk.xml").toString();
        java.nio.file.Files.writeString(Path.of(xml), "<domain type='test'><name>io</name><uuid>4ead062b-85b0-47cf-9226-a5c321c8774c</uuid><memory>1024</memory><vcpu>1</vcpu>"
            + "<iothreads>2</iothreads><os><type>hvm</type></os><devices><disk type='file' device='disk'>"
            + "<driver name='qemu' iothread='2'/><source file='/guest/io.img'/><target dev='vdb' bus='virtio'/></disk>"
            + "</devices></domain>");
        sameAsLibvirt("define " + xml + "; iothreaddel io 2; iothreaddel io 1; iothreadinfo io; dumpxml io");
    }

    @Test
    void pollingParameters() throws IOException {
        sameAsLibvirt("iothreadadd test 3; iothreadset test 3 --poll-max-ns 100 --poll-grow 2 --poll-shrink 3; domstats --iothread;"
            + " iothreadset test 3 --poll-grow 7 --live; domstats; iothreadset test 3 --poll-max-ns 18446744073709551615;"
            + " domstats --iothread test");
        sameAsLibvirt("iothreadadd test 3; iothreadset test 3");
        sameAsLibvirt("iothreadadd test 3; iothreadset test 3 --poll-grow 1 --config");
        sameAsLibvirt("iothreadadd test 3; iothreadset test 3 --thread-pool-max 5");
        sameAsLibvirt("iothreadadd test 3; iothreadset test 3 --poll-grow 4294967296");
        sameAsLibvirt("iothreadadd test 3; iothreadset test 3 --poll-max-ns -1");
        sameAsLibvirt("iothreadset test 9 --poll-grow 1");
        sameAsLibvirt("iothreadset test 0 --poll-grow 1");
        sameAsLibvirt("iothreadadd test 3; destroy test; iothreadset test 3 --poll-grow 1 --live");
    }

    @Test
    void pinning() throws IOException {
        sameAsLibvirt("iothreadadd test 3; iothreadadd test 5; iothreadpin test 5 0,2; iothreadinfo test; iothreadpin test 3 1;"
            + " dumpxml test; iothreadadd test 6 --config; iothreadpin test 6 0-3 --config; dumpxml test --inactive;"
            + " iothreadinfo test --config; iothreaddel test 5; dumpxml test");
        sameAsLibvirt("iothreadpin test 8 1");
        sameAsLibvirt("iothreadadd test 3; iothreadpin test 3 100");
        sameAsLibvirt("iothreadpin test x 0; iothreadpin test -1 0");
        sameAsLibvirt("iothreadadd test 3; iothreadpin test 3 0 --live --config");
    }

    @Test
    void theNodeFilesThreads() throws IOException {
        sameOnNodeFile("iothreadinfo fc4; iothreadinfo fv0; domstats --iothread fc4; iothreadset fc4 4 --poll-max-ns 9 --poll-shrink 1;"
            + " domstats --iothread fc4; iothreaddel fc4 2; domstats --iothread fc4; iothreaddel fc4 4 --config;"
            + " iothreadinfo fc4 --config; domstats --iothread fc4; iothreadadd fc4 2; domstats --iothread fc4 fv0;"
            + " iothreadadd fv0 3; iothreadinfo fv0; destroy fc4; iothreadadd fc4 8; iothreadinfo fc4; iothreaddel fc4 8;"
            + " iothreadpin fc4 4 1");
    }

    @Test
    void threadsAParsedDefinitionNumbers() throws IOException {
        String xml = tmp.resolve("io.xml").toString();
        java.nio.file.Files.writeString(Path.of(xml), "<domain type='test'><name>io</name><uuid>4ead062b-85b0-47cf-9226-a5c321c8774c</uuid><memory>1024</memory>"
            + "<vcpu current='2'>4</vcpu><iothreads>3</iothreads><iothreadids><iothread id='2'/></iothreadids>"
            + "<os><type>hvm</type></os></domain>");
        sameAsLibvirt("define " + xml + "; iothreadinfo io; dumpxml io; start io; domstats --iothread io; iothreadset io 2 --poll-grow 1");
    }

    @Test
    void readOnlySocketsRefuseChanges() throws IOException {
        sameAsLibvirt("-r", "iothreadinfo test; iothreadadd test 1; iothreaddel test 1; iothreadset test 1 --poll-grow 1;"
            + " iothreadpin test 1 0");
    }

    @Test
    void namedOptionsOnTheNodeFile() throws IOException {
        sameOnNodeFile("iothreadinfo --domain fc4; iothreadadd --domain fc4 --id 6; iothreadinfo --domain fc4 --live;"
            + " iothreaddel --domain fc4 --id 2 --current; iothreadset --domain fc4 --id 4 --poll-max-ns 100 --poll-grow 2"
            + " --poll-shrink 3; domstats --iothread fc4; iothreadset --domain fc4 --id 4 --thread-pool-min 1;"
            + " iothreadpin --domain fc4 --iothread 6 --cpulist 0-1 --config; iothreadpin --domain fc4 --iothread 4 --cpulist 0;"
            + " iothreadinfo --domain fc4; iothreadinfo --domain fc4 --config; cpu-stats --domain fc4;"
            + " blkiotune --domain fc4 --weight 100; blkiotune fc4");
    }
}
