package io.jvirt.server;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real virsh 9.0's blkiotune against jvirt's test driver over the wire gives what the same virsh
 * gives on libvirt's own test driver: get, set, get again, with the XML's {@code <blkiotune>} in
 * step; device lists merged by path; the live and persistent definitions; virsh's and libvirt's
 * refusals; a read-only socket.
 */
class BlkioOverTheWireTest {

    @RegisterExtension
    final VirshWire wire = new VirshWire().freshPerRun();

    @Test
    void getSetGet() throws IOException {
        wire.sameAsLibvirt("blkiotune test; blkiotune test --weight 500; blkiotune test; blkiotune test --config;"
            + " blkiotune test --device-weights /dev/sda,200,/dev/sdb,300 --device-read-bytes-sec /dev/sda,18446744073709551615;"
            + " blkiotune test --live; dumpxml test; blkiotune test --weight 700 --config; blkiotune test --config;"
            + " dumpxml test --inactive");
    }

    @Test
    void devicesMergeByPath() throws IOException {
        wire.sameOnNodeFile("blkiotune fv0; blkiotune fv0 --device-weights /dev/sda,200; blkiotune fv0;"
            + " blkiotune fv0 --device-weights /dev/hda,0; blkiotune fv0 --device-read-iops-sec /dev/sdb,0,/dev/sdc,5;"
            + " blkiotune fv0 --device-write-iops-sec /dev/hda,0 --device-read-bytes-sec /dev/hda,0; blkiotune fv0;"
            + " blkiotune fv0 --config; blkiotune fc4");
        wire.sameAsLibvirt("blkiotune test --device-weights /dev/sda,200 --device-read-iops-sec /dev/sda,1,/dev/sdb,2 --config;"
            + " blkiotune test --device-weights /dev/sda,0 --device-read-iops-sec /dev/sdb,0 --config; dumpxml test --inactive");
        wire.sameAsLibvirt("blkiotune test --device-weights /dev/sda,5,,3; blkiotune test --device-weights ,5; blkiotune test");
    }

    @Test
    void refusals() throws IOException {
        wire.sameAsLibvirt("blkiotune test --device-weights /dev/sda");
        wire.sameAsLibvirt("blkiotune test --device-weights /dev/sda,x");
        wire.sameAsLibvirt("blkiotune test --device-weights /dev/sda,5,/dev/sdb");
        wire.sameAsLibvirt("blkiotune test --device-weights /dev/sda,5,");
        wire.sameAsLibvirt("blkiotune test --device-write-iops-sec /dev/sda,4294967296");
        wire.sameAsLibvirt("blkiotune test --weight 0; blkiotune test --weight -1; blkiotune test --weight x");
        wire.sameAsLibvirt("blkiotune test --weight 10 --live --config");
        wire.sameAsLibvirt("blkiotune test --live --config");
        wire.sameAsLibvirt("blkiotune test --current --live");
        // a device list that fails after the weight was taken: libvirt keeps the weight
        wire.sameAsLibvirt("blkiotune test --weight 20 --device-weights /dev/sda; blkiotune test");
        wire.sameAsLibvirt("destroy test; blkiotune test --live; blkiotune test --weight 30; blkiotune test --config");
    }

    @Test
    void readOnlySocketsReadButDoNotChange() throws IOException {
        wire.sameAsLibvirt("-r", "blkiotune test; blkiotune test --weight 10");
    }
}
