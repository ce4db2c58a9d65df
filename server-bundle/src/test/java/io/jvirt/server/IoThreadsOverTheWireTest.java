package io.jvirt.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real virsh 9.0's iothreadinfo, iothreadadd, iothreaddel, iothreadset and iothreadpin against
 * jvirt's test driver over the wire give what the same virsh gives on libvirt's own test driver:
 * sequences with the XML and the domstats iothread group in step, the refusals (missing and
 * duplicate ids, threads still used by a disk, flags the test driver refuses), read-only sockets.
 */
class IoThreadsOverTheWireTest {

    @RegisterExtension
    final VirshWire wire = new VirshWire().freshPerRun();

    @Test
    void addInfoDeleteInTheLiveAndPersistentDefinitions() throws IOException {
        wire.sameAsLibvirt("iothreadinfo test; iothreadadd test 3; iothreadadd test 1; iothreadinfo test; iothreadinfo test --config;"
            + " iothreadadd test 7 --config; iothreadinfo test --config; iothreadinfo test --live; dumpxml test;"
            + " dumpxml test --inactive; domstats --iothread; iothreaddel test 3; iothreadinfo test; domstats;"
            + " iothreaddel test 7 --config; dumpxml test --inactive; iothreaddel test 1; dumpxml test");
        wire.sameAsLibvirt("iothreadadd test 2 --current; destroy test; iothreadinfo test; iothreadadd test 4; iothreadinfo test;"
            + " start test; iothreadinfo test; domstats --iothread; iothreaddel test 4; dumpxml test --inactive");
    }

    @Test
    void refusals() throws IOException {
        wire.sameAsLibvirt("iothreadadd test 3; iothreadadd test 3");
        wire.sameAsLibvirt("iothreadadd test 0; iothreadadd test -1; iothreadadd test x; iothreadadd test 4294967297");
        wire.sameAsLibvirt("iothreaddel test 5; iothreaddel test 5 --config; iothreaddel test 0");
        wire.sameAsLibvirt("iothreadadd test 1 --live --config");
        wire.sameAsLibvirt("iothreadinfo test --live --config");
        wire.sameAsLibvirt("iothreadinfo test --current --live");
        wire.sameAsLibvirt("destroy test; iothreadadd test 1 --live");
        wire.sameAsLibvirt("iothreadinfo nope");
    }

    @Test
    void aThreadADiskUsesStays() throws IOException {
        String xml = wire.tmp().resolve("disk.xml").toString();
        Files.writeString(Path.of(xml), "<domain type='test'><name>io</name><uuid>4ead062b-85b0-47cf-9226-a5c321c8774c</uuid><memory>1024</memory><vcpu>1</vcpu>"
            + "<iothreads>2</iothreads><os><type>hvm</type></os><devices><disk type='file' device='disk'>"
            + "<driver name='qemu' iothread='2'/><source file='/guest/io.img'/><target dev='vdb' bus='virtio'/></disk>"
            + "</devices></domain>");
        wire.sameAsLibvirt("define " + xml + "; iothreaddel io 2; iothreaddel io 1; iothreadinfo io; dumpxml io");
    }

    @Test
    void pollingParameters() throws IOException {
        wire.sameAsLibvirt("iothreadadd test 3; iothreadset test 3 --poll-max-ns 100 --poll-grow 2 --poll-shrink 3; domstats --iothread;"
            + " iothreadset test 3 --poll-grow 7 --live; domstats; iothreadset test 3 --poll-max-ns 18446744073709551615;"
            + " domstats --iothread test");
        wire.sameAsLibvirt("iothreadadd test 3; iothreadset test 3");
        wire.sameAsLibvirt("iothreadadd test 3; iothreadset test 3 --poll-grow 1 --config");
        wire.sameAsLibvirt("iothreadadd test 3; iothreadset test 3 --thread-pool-max 5");
        wire.sameAsLibvirt("iothreadadd test 3; iothreadset test 3 --poll-grow 4294967296");
        wire.sameAsLibvirt("iothreadadd test 3; iothreadset test 3 --poll-max-ns -1");
        wire.sameAsLibvirt("iothreadset test 9 --poll-grow 1");
        wire.sameAsLibvirt("iothreadset test 0 --poll-grow 1");
        wire.sameAsLibvirt("iothreadadd test 3; destroy test; iothreadset test 3 --poll-grow 1 --live");
    }

    @Test
    void pinning() throws IOException {
        wire.sameAsLibvirt("iothreadadd test 3; iothreadadd test 5; iothreadpin test 5 0,2; iothreadinfo test; iothreadpin test 3 1;"
            + " dumpxml test; iothreadadd test 6 --config; iothreadpin test 6 0-3 --config; dumpxml test --inactive;"
            + " iothreadinfo test --config; iothreaddel test 5; dumpxml test");
        wire.sameAsLibvirt("iothreadpin test 8 1");
        wire.sameAsLibvirt("iothreadadd test 3; iothreadpin test 3 100");
        wire.sameAsLibvirt("iothreadpin test x 0; iothreadpin test -1 0");
        wire.sameAsLibvirt("iothreadadd test 3; iothreadpin test 3 0 --live --config");
    }

    @Test
    void theNodeFilesThreads() throws IOException {
        wire.sameOnNodeFile("iothreadinfo fc4; iothreadinfo fv0; domstats --iothread fc4; iothreadset fc4 4 --poll-max-ns 9 --poll-shrink 1;"
            + " domstats --iothread fc4; iothreaddel fc4 2; domstats --iothread fc4; iothreaddel fc4 4 --config;"
            + " iothreadinfo fc4 --config; domstats --iothread fc4; iothreadadd fc4 2; domstats --iothread fc4 fv0;"
            + " iothreadadd fv0 3; iothreadinfo fv0; destroy fc4; iothreadadd fc4 8; iothreadinfo fc4; iothreaddel fc4 8;"
            + " iothreadpin fc4 4 1");
    }

    @Test
    void threadsAParsedDefinitionNumbers() throws IOException {
        String xml = wire.tmp().resolve("io.xml").toString();
        Files.writeString(Path.of(xml), "<domain type='test'><name>io</name><uuid>4ead062b-85b0-47cf-9226-a5c321c8774c</uuid><memory>1024</memory>"
            + "<vcpu current='2'>4</vcpu><iothreads>3</iothreads><iothreadids><iothread id='2'/></iothreadids>"
            + "<os><type>hvm</type></os></domain>");
        wire.sameAsLibvirt("define " + xml + "; iothreadinfo io; dumpxml io; start io; domstats --iothread io; iothreadset io 2 --poll-grow 1");
    }

    @Test
    void readOnlySocketsRefuseChanges() throws IOException {
        wire.sameAsLibvirt("-r", "iothreadinfo test; iothreadadd test 1; iothreaddel test 1; iothreadset test 1 --poll-grow 1;"
            + " iothreadpin test 1 0");
    }

    @Test
    void namedOptionsOnTheNodeFile() throws IOException {
        wire.sameOnNodeFile("iothreadinfo --domain fc4; iothreadadd --domain fc4 --id 6; iothreadinfo --domain fc4 --live;"
            + " iothreaddel --domain fc4 --id 2 --current; iothreadset --domain fc4 --id 4 --poll-max-ns 100 --poll-grow 2"
            + " --poll-shrink 3; domstats --iothread fc4; iothreadset --domain fc4 --id 4 --thread-pool-min 1;"
            + " iothreadpin --domain fc4 --iothread 6 --cpulist 0-1 --config; iothreadpin --domain fc4 --iothread 4 --cpulist 0;"
            + " iothreadinfo --domain fc4; iothreadinfo --domain fc4 --config; cpu-stats --domain fc4;"
            + " blkiotune --domain fc4 --weight 100; blkiotune fc4");
    }
}
