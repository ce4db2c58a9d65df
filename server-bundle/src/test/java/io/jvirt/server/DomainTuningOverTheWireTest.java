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
 * Real virsh 9.0's tuning commands (domcontrol, vcpucount, vcpupin, schedinfo) against jvirt's
 * test driver over the wire give what the same virsh gives on libvirt's own test:///default:
 * the successful paths the transcripts do not reach (pin tables, a pin in the live XML, typed
 * scheduler parameters set and read back) and the refusals.
 */
class DomainTuningOverTheWireTest {

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

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void sameAsLibvirt(String... args) throws IOException {
        HostCommand.Result libvirt = LibvirtVirsh.run(tmp.resolve("home"), "test:///default", args);
        HostCommand.Result ours = LibvirtVirsh.run(tmp.resolve("home"), "test+unix:///default?socket=" + socket, args);
        LibvirtVirsh.assertSame(libvirt, ours, "virsh " + String.join(" ", args));
    }

    @Test
    void domcontrol() throws IOException {
        sameAsLibvirt("domcontrol test; destroy test; domcontrol test");
    }

    @Test
    void vcpuCounts() throws IOException {
        sameAsLibvirt("vcpucount test; vcpucount test --maximum --live; vcpucount test --current --config;"
            + " setvcpus test 1 --live; vcpucount test; maxvcpus");
    }

    @Test
    void vcpuCountFromTheGuestIsRefusedAsLibvirtRefusesIt() throws IOException {
        sameAsLibvirt("vcpucount test --guest");
    }

    @Test
    void pinningAndThePinTable() throws IOException {
        sameAsLibvirt("vcpupin test; vcpupin test 1 0-1; vcpupin test; vcpupin test 1; vcpupin test --config;"
            + " vcpupin test 0 r; vcpupin test 0; dumpxml test");
    }

    @Test
    void pinningRefusals() throws IOException {
        sameAsLibvirt("vcpupin test 0 0 --live");
        sameAsLibvirt("vcpupin test 0 99");
        sameAsLibvirt("setvcpus test 1 --live; vcpupin test 1 0");
        sameAsLibvirt("destroy test; vcpupin test 0 0");
        sameAsLibvirt("vcpupin test --live --config");
    }

    @Test
    void schedulerParameters() throws IOException {
        sameAsLibvirt("schedinfo test; schedinfo test --set weight=10; schedinfo test --weight 20");
        sameAsLibvirt("schedinfo test --live");
        sameAsLibvirt("schedinfo test --set weight=x");
        sameAsLibvirt("schedinfo test --set cap=1");
    }
}
