package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.NetworkResolver;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * The LXC driver on the local driver kit: what it used to do its own way, checked with real
 * containers (a createXml that fails rolls back inside its job, isUpdated, the status file's own
 * cgroup key and the reconnect from a file of the previous format).
 */
class LxcKitTest {

    private LxcFixture fx;
    private final List<LxcDriver> drivers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fx = LxcFixture.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        drivers.forEach(LxcDriver::deactivate);
        if (fx != null) {
            fx.close();
        }
    }

    private Connection open(NetworkResolver networks) {
        LxcDriver d = new LxcDriver(fx.settings(), networks);
        drivers.add(d);
        return StandaloneConnector.create(null, d).open("lxc:///");
    }

    private String xml(String name, UUID uuid, String devices) {
        return fx.xml(name, LxcFixture.LOOP).replaceFirst("<uuid>[^<]*</uuid>", "<uuid>" + uuid + "</uuid>")
            .replace("</devices>", devices + "</devices>");
    }

    /**
     * A createXml whose start fails while a define of the same domain waits for its job: the
     * rollback (the new domain leaves) must happen inside the create's job, so the define, which
     * gets the job next, defines the domain anew. Before the kit, LXC removed the domain after the
     * job had ended: the define either failed (NO_DOMAIN) or returned a domain that was then
     * removed under it, its config on disk but unknown to the driver.
     */
    @Test
    void aCreateXmlThatFailsRollsBackInsideItsJobSoAWaitingDefineKeepsTheDomain() throws Exception {
        CountDownLatch inStart = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the start asks for the networks before it makes anything: hold it there, then fail it
        NetworkResolver blocking = () -> {
            inStart.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new VirtException(ErrorCode.NO_NETWORK, ErrorDomain.NETWORK, "Network not found: no network with matching name 'held'");
        };
        Connection c = open(blocking);
        UUID uuid = UUID.randomUUID();
        String transientXml = xml("racer", uuid, "<interface type='network'><source network='held'/></interface>");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Domain> create = pool.submit(() -> c.createXml(transientXml));
            assertTrue(inStart.await(60, TimeUnit.SECONDS), "the create reached its start");
            Thread[] definer = new Thread[1];
            Future<Domain> define = pool.submit(() -> {
                definer[0] = Thread.currentThread();
                return c.defineXml(xml("racer", uuid, ""));
            });
            // the define waits for the create's job (a bounded wait on the job's lock)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (definer[0] == null || definer[0].getState() != Thread.State.TIMED_WAITING) {
                assertTrue(System.nanoTime() < deadline, "the define never waited for the job");
                Thread.onSpinWait();
            }
            release.countDown();
            java.util.concurrent.ExecutionException failed = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> create.get(60, TimeUnit.SECONDS));
            assertEquals(ErrorCode.NO_NETWORK, ((VirtException) failed.getCause()).code());
            Domain defined = define.get(60, TimeUnit.SECONDS);
            assertEquals("racer", defined.name());
            Domain found = c.lookupByUuid(uuid);
            assertTrue(found.isPersistent(), "the define's domain is the driver's");
            assertFalse(found.isActive());
            assertTrue(Files.exists(fx.stateDir.resolve("config/racer.xml")));
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /**
     * isUpdated says the persistent definition changed while the domain ran; LXC compared the
     * formatted live and persistent definitions instead, and the live one of every container with a
     * pty console (the pty's path) or without a root filesystem (the host's, made explicit)
     * differs from the persistent one from its start: such a container was always "updated".
     */
    @Test
    void aContainerWithAPtyConsoleIsNotUpdatedUntilItsDefinitionChanges() {
        LxcFixture.assumeProgram("socat", "socat");
        Connection c = open(NetworkResolver.NONE);
        UUID uuid = UUID.randomUUID();
        Domain d = c.defineXml(xml("ptycon", uuid, "<console type='pty'/>"));
        d.create();
        assertTrue(d.xmlDesc().contains("/dev/pts/"), "the live definition shows the pty");
        assertFalse(d.isUpdated(), "nothing was redefined");
        c.defineXml(xml("ptycon", uuid, "<console type='pty'/>").replace("</domain>", "<description>new</description></domain>"));
        assertTrue(d.isUpdated());
        d.destroy();
        assertFalse(d.isUpdated());
    }

    /**
     * The status file keeps the container's cgroup under LXC's own key ({@code data.cgroup}), not
     * in the {@code monitor} field, which is QEMU's monitor socket; a status file of the previous
     * format (the cgroup in {@code monitor}) still finds its container again.
     */
    @Test
    void theStatusKeepsTheCgroupUnderItsOwnKeyAndAnOldStatusStillReconnects() throws Exception {
        Connection c = open(NetworkResolver.NONE);
        Domain d = c.createXml(xml("keeper", UUID.randomUUID(), ""));
        Path status = fx.stateDir.resolve("status/keeper.status");
        String text = Files.readString(status);
        String cgroup = fx.cgroupParent + "/" + d.uuidString();
        assertTrue(text.contains("\ndata.cgroup=" + cgroup + "\n"), text);
        assertTrue(text.contains("\nmonitor=\n"), "the monitor field is not LXC's: " + text);

        drivers.remove(0).deactivate();
        // the format before driver data: the cgroup in the monitor field
        Files.writeString(status, text.replace("\ndata.cgroup=" + cgroup + "\n", "\n").replace("\nmonitor=\n", "\nmonitor=" + cgroup + "\n"));
        Connection again = open(NetworkResolver.NONE);
        Domain back = again.lookupByName("keeper");
        assertEquals(DomainState.RUNNING, back.state().state(), "found running again");
        assertTrue(Files.readString(status).contains("\ndata.cgroup=" + cgroup + "\n"), "rewritten in the new format");
        back.destroy();
        assertFalse(fx.cgroup(back).exists());
    }
}
