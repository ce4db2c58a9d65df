package io.jvirt.driver.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ListFilter;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;

/** What only the Xen driver does: xl's commands, changes seen by the poll, the restart rule, bad input. */
class XenDriverTest {

    XenFixture fx;
    XenDriver driver;

    @BeforeEach
    void setUp() throws Exception {
        fx = XenFixture.create();
        driver = new XenDriver(fx.settings());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (driver != null) {
            driver.deactivate();
        }
        fx.close();
    }

    Connection open(XenDriver d) {
        return StandaloneConnector.create("xen:///system", d).open("xen:///system");
    }

    @Test
    void startRendersTheCfgAndTakesTheDomidFromXl() throws Exception {
        try (Connection c = open(driver)) {
            Domain d = c.defineXml(XenFixture.xml("web", UUID.randomUUID(), ""));
            d.create();
            XlStandIn.Dom x = fx.xl.domain("web");
            assertEquals(x.id, d.id(), "the domid is xl's");
            assertEquals(65536, x.memKb);
            assertEquals(d.uuidString(), x.uuid);
            assertTrue(Files.exists(fx.tmp.resolve("cfg/web.cfg")));
            assertTrue(fx.xl.calls().contains("create " + fx.tmp.resolve("cfg/web.cfg")), fx.xl.calls().toString());
            assertEquals(DomainState.RUNNING, d.state().state(), "xl's -b---- is running");
            d.suspend();
            assertEquals("--p---", fx.xl.domain("web").state);
            d.resume();
            d.destroy();
            assertNull(fx.xl.domain("web"));
            assertFalse(Files.exists(fx.tmp.resolve("cfg/web.cfg")), "the cfg goes with the run");
            Domain p = c.lookupByName("web");
            p.create(io.jvirt.api.CreateFlag.PAUSED);
            assertEquals("--p---", fx.xl.domain("web").state, "START_PAUSED is xl create -p");
            assertEquals(new StateReason(DomainState.PAUSED, StateReason.PAUSED_USER), p.state());
            assertEquals(65536, p.info().memoryKiB());
            fx.xl.edit("web", dom -> {
                dom.memKb = 32768; // ballooned down inside
                dom.cpuSeconds = 2.5;
            });
            assertEquals(32768, p.info().memoryKiB(), "the memory is Xen's (xl list -l)");
            assertEquals(65536, p.info().maxMemoryKiB());
            assertEquals(1, p.info().vcpus());
            assertEquals(2_500_000_000L, p.info().cpuTimeNs(), "the CPU time is xl list's");
        }
    }

    @Test
    void aCrashOrShutdownInsideIsSeenByThePollWithItsEvent() throws Exception {
        try (Connection c = open(driver)) {
            BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            c.addDomainEventListener((conn, dom, ev) -> events.add(ev));
            Domain d = c.defineXml(XenFixture.xml("g", UUID.randomUUID(), ""));
            d.create();
            fx.xl.edit("g", x -> x.state = "---sc-");
            assertEquals(DomainEventType.STOPPED, next(events, DomainEventType.STOPPED).type());
            assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_CRASHED), d.state());
            assertNull(fx.xl.domain("g"), "the crashed domain was destroyed");
            d.create();
            d.shutdown();
            DomainEvent e = next(events, DomainEventType.STOPPED);
            assertEquals(DomainEvent.STOPPED_SHUTDOWN, e.detail());
            assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_SHUTDOWN), d.state());
            d.create();
            fx.xl.edit("g", x -> x.state = "--p---");
            assertEquals(DomainEvent.SUSPENDED_PAUSED, next(events, DomainEventType.SUSPENDED).detail());
            int before = fx.xl.calls().size();
            fx.xl.remove("g");
            next(events, DomainEventType.STOPPED);
            assertFalse(d.isActive());
            List<String> polls = fx.xl.calls().subList(before, fx.xl.calls().size());
            assertTrue(polls.stream().allMatch(s -> s.equals("list")), "one xl list per poll, nothing per domain: " + polls);
        }
    }

    @Test
    void aRebootIsXlsAndTheNewDomidIsTakenFromThePoll() throws Exception {
        try (Connection c = open(driver)) {
            Domain d = c.defineXml(XenFixture.xml("r", UUID.randomUUID(), ""));
            d.create();
            int before = c.lookupByName("r").id();
            d.reboot();
            assertTrue(fx.xl.calls().contains("reboot " + before), fx.xl.calls().toString());
            int now = fx.xl.domain("r").id;
            assertTrue(now != before, "xl's daemon made the domain again");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (c.lookupByName("r").id() != now && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(now, c.lookupByName("r").id(), "the poll takes xl's new domid");
            assertEquals(DomainState.RUNNING, d.state().state());
        }
    }

    private static DomainEvent next(BlockingQueue<DomainEvent> q, DomainEventType type) throws InterruptedException {
        while (true) {
            DomainEvent e = q.poll(60, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no " + type + " event within a minute");
            }
            if (e.type() == type) {
                return e;
            }
        }
    }

    /** The seed's restart rule: a domain that vanished while the driver was away is shut off and still listed. */
    @Test
    void aDomainThatVanishedWhileTheDriverWasAwayIsShutOffAndStillListed() throws Exception {
        try (Connection c = open(driver)) {
            c.defineXml(XenFixture.xml("keep", UUID.randomUUID(), "")).create();
            c.defineXml(XenFixture.xml("gone", UUID.randomUUID(), "")).create();
            c.createXml(XenFixture.xml("temp", UUID.randomUUID(), ""));
        }
        int keepId = fx.xl.domain("keep").id;
        driver.deactivate();
        fx.xl.remove("gone");
        fx.xl.remove("temp");
        fx.xl.edit("keep", x -> x.state = "--p---");
        driver = new XenDriver(fx.settings());
        try (Connection c = open(driver)) {
            Domain keep = c.lookupByName("keep");
            assertTrue(keep.isActive());
            assertEquals(keepId, keep.id());
            assertEquals(DomainState.PAUSED, keep.state().state(), "the state is xl's");
            Domain gone = c.lookupByName("gone");
            assertFalse(gone.isActive());
            assertTrue(gone.isPersistent());
            assertEquals(DomainState.SHUTOFF, gone.state().state());
            assertEquals(StateReason.UNKNOWN, gone.state().reason(), "nobody saw how it ended");
            assertTrue(c.listAllDomains(ListFilter.INACTIVE).stream().anyMatch(x -> x.name().equals("gone")));
            VirtException e = assertThrows(VirtException.class, () -> c.lookupByName("temp"));
            assertEquals(ErrorCode.NO_DOMAIN, e.code(), "a transient domain that vanished is gone");
        }
    }

    @Test
    void xlsFailuresAreErrorsWithXlsWords() throws Exception {
        try (Connection c = open(driver)) {
            Domain d = c.defineXml(XenFixture.xml("dup", UUID.randomUUID(), ""));
            // a domain of the same name made with xl behind the driver's back
            Path other = fx.tmp.resolve("other.cfg");
            Files.writeString(other, "name = 'dup'\n");
            Process p = new ProcessBuilder(fx.xl.xl().toString(), "create", other.toString()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            VirtException e = assertThrows(VirtException.class, d::create);
            assertEquals(ErrorCode.OPERATION_FAILED, e.code());
            assertTrue(e.getMessage().contains("domain with name \"dup\" already exists."), e.getMessage());
            assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_FAILED), d.state());
            VirtException digits = assertThrows(VirtException.class, () -> c.defineXml(XenFixture.xml("123", UUID.randomUUID(), "")));
            assertEquals(ErrorCode.CONFIG_UNSUPPORTED, digits.code());
            VirtException device = assertThrows(VirtException.class,
                () -> c.defineXml(XenFixture.xml("w", UUID.randomUUID(), "<watchdog model='i6300esb'/>")));
            assertEquals(ErrorCode.CONFIG_UNSUPPORTED, device.code(), device.getMessage());
            assertTrue(device.getMessage().contains("watchdog"), device.getMessage());
        }
    }

    @Test
    void aMissingXlIsAClearErrorAtConnect() throws Exception {
        XenSettings s = fx.settings();
        XenDriver none = new XenDriver(new XenSettings(fx.tmp.resolve("no-xl"), s.configDir(), fx.tmp.resolve("state2"), 5000, 100, false));
        VirtException e = assertThrows(VirtException.class, () -> open(none));
        assertTrue(e.getMessage().contains("cannot find xl at " + fx.tmp.resolve("no-xl")), e.getMessage());
        none.deactivate();
    }

    @Test
    void nodeInfoAndVersionAreXensAndNativeFormatsAreXenXl() throws Exception {
        try (Connection c = open(driver)) {
            assertEquals(4, c.nodeInfo().cpus());
            assertEquals(8192L * 1024, c.nodeInfo().memoryKiB());
            assertEquals(4_017_002L, c.hypervisorVersion());
            String caps = c.capabilities();
            io.jvirt.api.testing.LibvirtSchemas.require();
            io.jvirt.api.testing.LibvirtSchemas.assertValid("capability.rng", caps, "the Xen capabilities");
            assertTrue(caps.contains("<os_type>xen</os_type>") && caps.contains("<os_type>hvm</os_type>")
                && caps.contains("<machine>xenfv</machine>") && caps.contains("<arch name='i686'>"), caps);
            String cfg = c.domainXmlToNative("xen-xl", XenFixture.xml("n", UUID.randomUUID(), ""));
            assertTrue(cfg.contains("name = \"n\""), cfg);
            assertTrue(c.domainXmlFromNative("xen-xl", cfg).contains("<name>n</name>"));
            assertEquals(ErrorCode.INVALID_ARG, assertThrows(VirtException.class, () -> c.domainXmlFromNative("xen-xm", cfg)).code());
        }
    }
}
