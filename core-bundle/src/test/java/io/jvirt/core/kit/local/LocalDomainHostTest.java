package io.jvirt.core.kit.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.XmlFlag;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.core.kit.DomainEventBus;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.DomainRegistry;
import io.jvirt.core.kit.DomainStatus;
import io.jvirt.core.kit.StateStore;
import io.jvirt.core.spi.DomainRef;

/**
 * The kit's local host with a made-up hypervisor whose "guests" are real {@code sleep} processes of
 * this test: definitions with their secrets, rollbacks inside the job, the start and stop commits
 * with their events, the status file with driver data, and the lifecycle (load, reconnect,
 * autostart once per boot).
 */
class LocalDomainHostTest {

    @TempDir
    Path dir;

    private final List<Process> processes = new CopyOnWriteArrayList<>();

    @AfterEach
    void killWhatTheTestStarted() {
        processes.forEach(Process::destroyForcibly);
    }

    /** A run of a sleep process, with a driver fact for the status file. */
    static final class SleepRun extends ProcessRun {
        SleepRun(long pid, long start) {
            super(pid, start);
        }

        @Override
        public Map<String, String> statusData() {
            return Map.of("socket", "/run/sleep-" + pid());
        }
    }

    static final class Slot implements RunSlot<SleepRun> {
        volatile SleepRun run;

        @Override
        public SleepRun run() {
            return run;
        }

        @Override
        public void setRun(SleepRun run) {
            this.run = run;
        }
    }

    /** The made-up driver: a start runs `sleep`, a reconnect takes the process back when it is still the same. */
    final class SleepHost extends LocalDomainHost<Slot> {
        volatile Consumer<DomainObject<Slot>> beforeStart = d -> { };
        /** What the made-up hypervisor gives a run's live definition (a tap's name...). */
        volatile Consumer<DomainDef> onLive = def -> { };
        /** The id the made-up hypervisor gives a started domain (Xen's domid), -1: the registry's next. */
        volatile int hypervisorId = -1;
        final List<String> reconnected = new CopyOnWriteArrayList<>();

        SleepHost(StateStore store) {
            super("sleep:///", ErrorDomain.TEST, new DomainRegistry<>(), new DomainEventBus("sleep:///"), store, Slot::new);
        }

        @Override
        protected DomainDef parse(String xml, boolean validate) {
            return DomainXml.parse(xml, validate);
        }

        @Override
        protected void start(DomainObject<Slot> d, boolean paused) {
            beforeStart.accept(d);
            Process p;
            try {
                p = new ProcessBuilder("sleep", "600").start();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            processes.add(p);
            d.runtime().run = new SleepRun(p.pid(), HostProcFs.startTime(p.pid()).orElseThrow());
            DomainDef live = d.def().copy();
            onLive.accept(live);
            commitStart(d, live, hypervisorId, paused ? DomainState.PAUSED : DomainState.RUNNING,
                paused ? StateReason.PAUSED_USER : StateReason.RUNNING_BOOTED);
            publishStarted(d, paused);
        }

        void destroy(DomainObject<Slot> d) {
            d.runtime().run.terminate(5_000);
            commitStop(d, StateReason.SHUTOFF_DESTROYED, DomainEvent.STOPPED_DESTROYED);
        }

        @Override
        protected void reconnect(DomainObject<Slot> d, DomainStatus st) {
            reconnected.add(d.name() + " " + st.data().get("socket"));
            SleepRun run = new SleepRun(st.pid(), st.pidStartTime());
            if (run.isAlive()) {
                d.runtime().run = run;
                return;
            }
            commitStop(d, StateReason.UNKNOWN, DomainEvent.STOPPED_FAILED);
        }
    }

    private static String xml(String name, UUID uuid, String extra) {
        return "<domain type='test'><name>" + name + "</name><uuid>" + uuid + "</uuid><memory>8192</memory>"
            + "<os><type>hvm</type></os><devices>" + extra + "</devices></domain>";
    }

    private SleepHost host() {
        return new SleepHost(new StateStore(dir));
    }

    /** A hypervisor that numbers its domains itself (Xen's domid): the start commits its id, later ids go above it. */
    @Test
    void aStartCommitsTheIdTheHypervisorGave() throws Exception {
        SleepHost h = host();
        h.hypervisorId = 42;
        DomainRef a = h.createXml(h.parse(xml("xen-like", UUID.randomUUID(), ""), false), false);
        DomainObject<Slot> d = h.domains().getByUuid(a.uuid());
        assertEquals(42, d.id());
        assertEquals(d, h.domains().getById(42));
        assertTrue(Files.readString(dir.resolve("status/xen-like.status")).contains("42"), "the status file has the id");
        h.hypervisorId = -1;
        DomainRef b = h.createXml(h.parse(xml("next", UUID.randomUUID(), ""), false), false);
        assertEquals(43, h.domains().getByUuid(b.uuid()).id(), "the registry's own ids go on above it");
        h.domains().run(d, "destroy", h::destroy);
        h.domains().run(h.domains().getByUuid(b.uuid()), "destroy", h::destroy);
    }

    @Test
    void aDefinitionIsStoredWithItsSecretsAndDumpedWithThemOnlyOnRequest() throws Exception {
        SleepHost h = host();
        DomainRef ref = h.define(h.parse(xml("vnc", UUID.randomUUID(), "<graphics type='vnc' port='-1' passwd='s3cr3t'/>"), false));
        assertTrue(Files.readString(dir.resolve("config/vnc.xml")).contains("s3cr3t"), "the stored definition is whole");
        DomainObject<Slot> d = h.domains().getByUuid(ref.uuid());
        assertFalse(h.xmlDesc(d, 0).contains("s3cr3t"));
        assertTrue(h.xmlDesc(d, XmlFlag.SECURE.bit()).contains("s3cr3t"));
        assertTrue(h.xmlDesc(d, XmlFlag.SECURE.bit() | XmlFlag.INACTIVE.bit()).contains("s3cr3t"));
    }

    @Test
    void aDefineThatCannotBeWrittenLeavesNoDomainAndARedefineLeavesTheOldOne() throws Exception {
        SleepHost h = host();
        UUID uuid = UUID.randomUUID();
        h.define(h.parse(xml("kept", uuid, ""), false));
        Files.delete(dir.resolve("config/kept.xml"));
        Files.createDirectory(dir.resolve("config/kept.xml")); // every write of it now fails
        assertThrows(VirtException.class, () -> h.define(h.parse(xml("kept", uuid, "<graphics type='vnc'/>"), false)));
        assertFalse(h.domains().getByUuid(uuid).def().graphics().iterator().hasNext(), "the old definition stays");
        Files.createDirectory(dir.resolve("config/new.xml"));
        assertThrows(VirtException.class, () -> h.define(h.parse(xml("new", UUID.randomUUID(), ""), false)));
        assertNull(h.domains().findByName("new"), "a failed define of a new domain leaves nothing");
    }

    @Test
    void aCreateXmlThatFailsLeavesNothingOrTheDefinitionItFound() {
        SleepHost h = host();
        h.beforeStart = d -> {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.TEST, "no start today");
        };
        UUID fresh = UUID.randomUUID();
        assertThrows(VirtException.class, () -> h.createXml(h.parse(xml("gone", fresh, ""), false), false));
        assertNull(h.domains().findByUuid(fresh));
        UUID uuid = UUID.randomUUID();
        h.define(h.parse(xml("persistent", uuid, ""), false));
        DomainDef before = h.domains().getByUuid(uuid).def();
        assertThrows(VirtException.class, () -> h.createXml(h.parse(xml("persistent", uuid, "<graphics type='vnc'/>"), false), false));
        DomainObject<Slot> d = h.domains().getByUuid(uuid);
        assertEquals(before, d.def());
        assertNull(d.newDef());
        assertFalse(d.isActive());
    }

    /**
     * The rollback of a failed createXml runs inside its job: a define of the same domain that
     * waits for that job finds the domain gone and defines it anew, instead of failing or having
     * its domain removed under it.
     */
    @Test
    void aDefineWaitingForAFailingCreateXmlDefinesTheDomain() throws Exception {
        SleepHost h = host();
        CountDownLatch inStart = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        h.beforeStart = d -> {
            inStart.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.TEST, "no start today");
        };
        UUID uuid = UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<DomainRef> create = pool.submit(() -> h.createXml(h.parse(xml("racer", uuid, ""), false), false));
            assertTrue(inStart.await(30, TimeUnit.SECONDS));
            Thread[] definer = new Thread[1];
            Future<DomainRef> define = pool.submit(() -> {
                definer[0] = Thread.currentThread();
                return h.define(h.parse(xml("racer", uuid, ""), false));
            });
            while (definer[0] == null || definer[0].getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
            release.countDown();
            assertThrows(java.util.concurrent.ExecutionException.class, () -> create.get(30, TimeUnit.SECONDS));
            assertEquals(uuid, define.get(30, TimeUnit.SECONDS).uuid());
            DomainObject<Slot> d = h.domains().getByUuid(uuid);
            assertTrue(d.isPersistent());
            assertFalse(d.isRemoved());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aStopIsPublishedAfterTheStateChangeWithTheIdTheDomainHad() {
        SleepHost h = host();
        List<String> seen = new CopyOnWriteArrayList<>();
        h.events().subscribe(e -> {
            if (e.type() == DomainEventType.STOPPED) {
                DomainObject<Slot> now = h.domains().findByUuid(e.uuid());
                seen.add(e.id() + " " + (now == null ? "gone" : now.state().state() + " " + now.id()));
            }
        });
        DomainRef t = h.createXml(h.parse(xml("transient", UUID.randomUUID(), ""), false), false);
        DomainRef p = h.define(h.parse(xml("persistent", UUID.randomUUID(), ""), false));
        h.domains().run(h.domains().getByUuid(p.uuid()), "start", d -> h.start(d, false));
        int pid = h.domains().getByUuid(p.uuid()).id();
        h.domains().run(h.domains().getByUuid(t.uuid()), "destroy", h::destroy);
        h.domains().run(h.domains().getByUuid(p.uuid()), "destroy", h::destroy);
        assertEquals(List.of(t.id() + " gone", pid + " SHUTOFF -1"), seen);
        assertFalse(Files.exists(dir.resolve("status/persistent.status")));
    }

    @Test
    void aRunningDomainIsFoundAgainByANewHostAndAGoneOneIsShutOff() throws Exception {
        SleepHost h = host();
        DomainRef keep = h.define(h.parse(xml("keep", UUID.randomUUID(), ""), false));
        h.domains().run(h.domains().getByUuid(keep.uuid()), "start", d -> h.start(d, false));
        DomainRef lost = h.createXml(h.parse(xml("lost", UUID.randomUUID(), ""), false), false);
        SleepRun keepRun = h.domains().getByUuid(keep.uuid()).runtime().run;
        String status = Files.readString(dir.resolve("status/keep.status"));
        assertTrue(status.contains("\ndata.socket=/run/sleep-" + keepRun.pid() + "\n"), status);
        int keepId = h.domains().getByUuid(keep.uuid()).id();
        h.domains().getByUuid(lost.uuid()).runtime().run.terminate(5_000);
        h.close();

        SleepHost again = host();
        again.load();
        assertEquals(2, again.reconnected.size(), again.reconnected.toString());
        DomainObject<Slot> k = again.domains().getByUuid(keep.uuid());
        assertTrue(k.isActive());
        assertEquals(keepId, k.id());
        assertTrue(k.isPersistent());
        assertNotNull(k.newDef(), "the persistent definition waits aside");
        assertNull(again.domains().findByUuid(lost.uuid()), "the transient domain whose process is gone is gone");
        assertFalse(Files.exists(dir.resolve("status/lost.status")));
    }

    @Test
    void aStatusFileIsReadAsLiveXmlAndAConfigFileAsADefinition() throws Exception {
        SleepHost h = host();
        String nic = "<interface type='bridge'><mac address='52:54:00:00:00:01'/><source bridge='br0'/></interface>";
        DomainRef tapped = h.define(h.parse(xml("tapped", UUID.randomUUID(), nic), false));
        // the run names its tap as a hypervisor does (vnetN)
        h.onLive = live -> live.interfaces().get(0).targetDev("vnet0");
        h.domains().run(h.domains().getByUuid(tapped.uuid()), "start", d -> h.start(d, false));
        assertTrue(Files.readString(dir.resolve("status/tapped.status")).contains("<target dev='vnet0'/>"));
        // a config written by hand with a generated name, as a caller could write it
        UUID handUuid = UUID.randomUUID();
        Files.writeString(dir.resolve("config/hand.xml"), xml("hand", handUuid,
            "<interface type='bridge'><mac address='52:54:00:00:00:02'/><source bridge='br0'/><target dev='vnet5'/></interface>"));
        h.close();

        SleepHost again = host();
        again.load();
        DomainObject<Slot> t = again.domains().getByUuid(tapped.uuid());
        assertTrue(t.isActive());
        assertEquals("vnet0", t.def().interfaces().get(0).targetDev(), "the live definition keeps the tap's name");
        assertNull(t.newDef().interfaces().get(0).targetDev());
        assertTrue(again.xmlDesc(t, 0).contains("<target dev='vnet0'/>"));
        assertFalse(again.xmlDesc(t, XmlFlag.INACTIVE.bit()).contains("vnet0"));
        assertNull(again.domains().getByUuid(handUuid).def().interfaces().get(0).targetDev(),
            "a config file is read as a definition: the generated name is blanked");
        again.domains().run(t, "destroy", again::destroy);
    }

    @Test
    void autostartRunsOncePerHostBoot() {
        SleepHost h = host();
        DomainRef a = h.define(h.parse(xml("auto", UUID.randomUUID(), ""), false));
        h.domains().run(h.domains().getByUuid(a.uuid()), "autostart", d -> h.setAutostart(d, true));
        assertTrue(Files.exists(dir.resolve("autostart/auto.xml")));
        h.close();

        SleepHost first = host();
        first.load();
        first.autostart();
        DomainObject<Slot> d = first.domains().getByUuid(a.uuid());
        assertTrue(d.isActive(), "started at the first load of this boot");
        first.domains().run(d, "destroy", first::destroy);
        first.close();

        SleepHost second = host();
        second.load();
        second.autostart();
        assertFalse(second.domains().getByUuid(a.uuid()).isActive(), "not again in the same boot");
    }

    @Test
    void anUndefinedRunningDomainRunsOnAsTransientAndGoesWhenItStops() {
        SleepHost h = host();
        DomainRef ref = h.define(h.parse(xml("fleeting", UUID.randomUUID(), ""), false));
        DomainObject<Slot> d = h.domains().getByUuid(ref.uuid());
        h.domains().run(d, "start", x -> h.start(x, false));
        h.domains().run(d, "undefine", h::undefine);
        assertFalse(d.isPersistent());
        assertTrue(d.isActive());
        assertFalse(Files.exists(dir.resolve("config/fleeting.xml")));
        h.domains().run(d, "destroy", h::destroy);
        assertNull(h.domains().findByUuid(ref.uuid()));
    }

    @Test
    void updatedMeansTheDefinitionChangedWhileRunning() {
        SleepHost h = host();
        UUID uuid = UUID.randomUUID();
        DomainRef ref = h.define(h.parse(xml("upd", uuid, ""), false));
        DomainObject<Slot> d = h.domains().getByUuid(ref.uuid());
        h.domains().run(d, "start", x -> h.start(x, false));
        assertFalse(h.isUpdated(d));
        h.define(h.parse(xml("upd", uuid, "<graphics type='vnc'/>"), false));
        assertTrue(h.isUpdated(d));
        h.domains().run(d, "destroy", h::destroy);
        assertFalse(h.isUpdated(d));
        assertTrue(d.def().graphics().iterator().hasNext(), "the new definition is in force");
    }
}
