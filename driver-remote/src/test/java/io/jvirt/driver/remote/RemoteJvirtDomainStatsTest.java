package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;
import io.jvirt.server.RemoteServer;
import io.jvirt.server.ServerSettings;

/**
 * Domain statistics, I/O threads, blkio parameters and CPU statistics through driver-remote and
 * jvirt's own server give what jvirt's test driver gives locally, errors in the same words.
 */
class RemoteJvirtDomainStatsTest {

    @TempDir
    Path tmp;
    private RemoteServer server;
    private Connection local;
    private Connection remote;

    @BeforeEach
    void start() throws IOException {
        Path socket = tmp.resolve("libvirt-sock");
        Connector served = StandaloneConnector.create(null, new TestDriver());
        server = RemoteServer.start(served, ServerSettings.defaults(socket));
        local = served.open("test:///default");
        remote = StandaloneConnector.create(null, new RemoteDriver()).open("test+unix:///default?socket=" + socket);
    }

    @AfterEach
    void stop() {
        if (remote != null) {
            remote.close();
        }
        if (local != null) {
            local.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** The local answer and the remote one are the same value, or the same error in the same words. */
    private static void sameOutcome(java.util.concurrent.Callable<?> local, java.util.concurrent.Callable<?> remote) {
        Object l;
        try {
            l = local.call();
        } catch (Exception e) {
            VirtException le = (VirtException) e;
            VirtException re = assertThrows(VirtException.class, remote::call);
            assertEquals(le.code(), re.code());
            assertEquals(le.getMessage(), re.getMessage());
            return;
        }
        try {
            assertEquals(l, remote.call());
        } catch (Exception e) {
            throw new AssertionError("the remote call failed where the local one did not", e);
        }
    }

    @Test
    void domainStatsAreTheTestDrivers() {
        assertEquals(local.allDomainStats(java.util.Set.of()).toString().replace(local.toString(), ""),
            remote.allDomainStats(java.util.Set.of()).toString().replace(remote.toString(), ""));
        var records = remote.allDomainStats(java.util.Set.of(io.jvirt.api.DomainStatsType.STATE));
        assertEquals(1, records.size());
        assertEquals("test", records.get(0).domain().name());
        assertEquals(local.allDomainStats(java.util.Set.of()).get(0).params(), records.get(0).params());
        Domain test = remote.lookupByName("test");
        assertEquals(records.get(0).params(),
            remote.domainListStats(List.of(test), java.util.Set.of(io.jvirt.api.DomainStatsType.STATE)).get(0).params());
        assertEquals(List.of(), remote.allDomainStats(java.util.Set.of(), io.jvirt.api.DomainStatsFlag.INACTIVE));
        sameOutcome(() -> local.allDomainStats(java.util.Set.of(io.jvirt.api.DomainStatsType.VCPU), io.jvirt.api.DomainStatsFlag.ENFORCE_STATS),
            () -> remote.allDomainStats(java.util.Set.of(io.jvirt.api.DomainStatsType.VCPU), io.jvirt.api.DomainStatsFlag.ENFORCE_STATS));
    }

    @Test
    void ioThreadsChangeTheServersDomain() {
        Domain test = remote.lookupByName("test");
        Domain same = local.lookupByName("test");
        test.addIoThread(3);
        test.addIoThread(5, ModificationImpact.CONFIG);
        BitSet cpus = new BitSet();
        cpus.set(1);
        test.pinIoThread(3, cpus);
        assertEquals(same.ioThreadInfo(), test.ioThreadInfo());
        assertEquals(List.of(new io.jvirt.api.IoThreadInfo(3, cpus)), test.ioThreadInfo());
        assertEquals(5, test.ioThreadInfo(ModificationImpact.CONFIG).get(0).id());
        test.setIoThreadParameters(3, List.of(new TypedParameter("poll_max_ns", TypedParameter.Type.ULLONG, 7L)));
        assertTrue(remote.allDomainStats(java.util.Set.of(io.jvirt.api.DomainStatsType.IOTHREAD)).get(0).params()
            .contains(new TypedParameter("iothread.3.poll-max-ns", TypedParameter.Type.ULLONG, 7L)));
        sameOutcome(() -> {
            same.addIoThread(3);
            return null;
        }, () -> {
            test.addIoThread(3);
            return null;
        });
        sameOutcome(() -> {
            same.deleteIoThread(9);
            return null;
        }, () -> {
            test.deleteIoThread(9);
            return null;
        });
        test.deleteIoThread(3);
        assertEquals(List.of(), test.ioThreadInfo());
    }

    @Test
    void blkioParametersRoundTrip() {
        Domain test = remote.lookupByName("test");
        test.setBlkioParameters(List.of(TypedParameter.ofUint("weight", 300),
            new TypedParameter("device_weight", TypedParameter.Type.STRING, "/dev/sda,200")));
        assertEquals(local.lookupByName("test").blkioParameters(), test.blkioParameters());
        assertEquals(TypedParameter.ofUint("weight", 300), test.blkioParameters().get(0));
        assertEquals(new TypedParameter("device_weight", TypedParameter.Type.STRING, "/dev/sda,200"), test.blkioParameters().get(1));
        sameOutcome(() -> {
            local.lookupByName("test").setBlkioParameters(List.of(new TypedParameter("device_weight", TypedParameter.Type.STRING, "x")));
            return null;
        }, () -> {
            test.setBlkioParameters(List.of(new TypedParameter("device_weight", TypedParameter.Type.STRING, "x")));
            return null;
        });
    }

    @Test
    void cpuStatisticsAreTheTestDrivers() {
        Domain test = remote.lookupByName("test");
        Domain same = local.lookupByName("test");
        assertEquals(same.cpuStatsTotal(), test.cpuStatsTotal());
        assertEquals(same.cpuStatsCpuCount(), test.cpuStatsCpuCount());
        assertEquals(same.cpuStats(0, 2), test.cpuStats(0, 2));
        assertEquals(same.cpuStats(1, 1), test.cpuStats(1, 1));
        sameOutcome(() -> same.cpuStats(5, 1), () -> test.cpuStats(5, 1));
        test.destroy();
        sameOutcome(same::cpuStatsTotal, test::cpuStatsTotal);
    }
}
