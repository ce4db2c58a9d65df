package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Poll;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * What a misbehaving container or a damaged state directory must not do to the driver or the host:
 * fill the disk with output, restart itself forever, run without a status file, disable the driver
 * through one bad config, or make a new domain of the same name kill it; and a domain name that is
 * data for socat, never options.
 */
class LxcRobustnessTest {

    /** Prints about 200 KB, then a marker, then waits for SIGTERM. */
    private static final String CHATTY = "i=0; while [ $i -lt 2000 ]; do echo \"line $i ................................"
        + "..........................................................\"; i=$((i+1)); done; echo OUTPUT-DONE; "
        + LxcFixture.LOOP;
    private static final long CAP = 16 * 1024;

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

    private Connection open(LxcSettings settings) {
        LxcDriver d = new LxcDriver(settings);
        drivers.add(d);
        return StandaloneConnector.create(null, d).open("lxc:///");
    }

    @Test
    void theDomainLogIsCappedWhateverTheContainerPrints() throws Exception {
        Connection conn = open(fx.settings().withLogMaxBytes(CAP));
        Domain d = conn.createXml(fx.xml("chatty", CHATTY));
        Path log = fx.stateDir.resolve("log/chatty.log");
        Poll.until("the end marker in " + log, Duration.ofSeconds(30), () -> read(log).contains("OUTPUT-DONE"));
        assertTrue(Files.size(log) < 2 * CAP, "log " + Files.size(log) + " bytes, cap " + CAP);
        Path old = fx.stateDir.resolve("log/chatty.log.1");
        assertTrue(Files.exists(old) && Files.size(old) < 2 * CAP, "rotated log: " + (Files.exists(old) ? Files.size(old) : -1));
        d.destroy();
    }

    @Test
    void aFileConsoleIsCappedToo() throws Exception {
        Connection conn = open(fx.settings().withLogMaxBytes(CAP));
        Path out = fx.tmp.resolve("console.out");
        Domain d = conn.createXml(fx.xml("chattyfile", CHATTY).replace("</devices>",
            "<console type='file'><source path='" + out + "'/></console>\n</devices>"));
        Poll.until("the end marker in " + out, Duration.ofSeconds(30), () -> read(out).contains("OUTPUT-DONE"));
        assertTrue(Files.size(out) < 2 * CAP, "console file " + Files.size(out) + " bytes, cap " + CAP);
        d.destroy();
    }

    @Test
    void aContainerThatKeepsRebootingItselfIsStopped() throws Exception {
        Connection conn = open(fx.settings().withRebootLimit(3, 60_000));
        BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
        conn.addDomainEventListener((c, dom, e) -> events.add(e));
        Domain d = conn.defineXml(fx.xml("looper", "sleep 1; reboot -f; " + LxcFixture.LOOP));
        d.create();
        int started = 0;
        DomainEvent stopped = null;
        while (stopped == null) {
            DomainEvent e = events.poll(30, TimeUnit.SECONDS);
            assertNotNull(e, "still restarting after " + started + " starts");
            if (e.type() == DomainEventType.STARTED) {
                started++;
                assertTrue(started <= 10, "restarted " + started + " times and counting");
            } else if (e.type() == DomainEventType.STOPPED) {
                stopped = e;
            }
        }
        assertEquals(1 + 3, started, "the first start and three restarts");
        assertEquals(DomainEvent.STOPPED_FAILED, stopped.detail());
        assertEquals(DomainState.SHUTOFF, d.state().state());
        assertEquals(StateReason.SHUTOFF_FAILED, d.state().reason());
        assertFalse(fx.cgroup(d).exists());
        assertFalse(Files.exists(fx.stateDir.resolve("status/looper.status")));
        // an administrator's start is not limited
        d.create();
        assertEquals(DomainState.RUNNING, d.state().state());
        d.destroy();
    }

    @Test
    void aStatusThatCannotBeCommittedLeavesNothingRunning() throws Exception {
        Connection conn = open(fx.settings());
        Files.createDirectories(fx.stateDir);
        Path status = fx.stateDir.resolve("status");
        if (Files.isDirectory(status)) {
            Files.delete(status);
        }
        Files.writeString(status, "not a directory"); // every status write now fails
        String xml = fx.xml("nocommit", LxcFixture.LOOP);
        UUID uuid = UUID.fromString(xml.replaceFirst("(?s).*<uuid>([^<]+)</uuid>.*", "$1"));
        assertThrows(VirtException.class, () -> conn.createXml(xml));
        Cgroup cg = fx.layout.at(fx.cgroupParent + "/" + uuid);
        assertFalse(cg.exists() && !cg.pids().isEmpty(), "the container runs on without a status: " + cg.pids());
        assertEquals(0, conn.numOfDomains());
        Files.delete(status);
    }

    @Test
    void oneBadConfigDoesNotDisableTheDriver() throws Exception {
        Path config = Files.createDirectories(fx.stateDir.resolve("config"));
        String one = fx.xml("one", LxcFixture.LOOP);
        Files.writeString(config.resolve("one.xml"), one);
        // valid on its own, but it claims the UUID of "one": the two cannot both be domains
        Files.writeString(config.resolve("two.xml"), one.replace("<name>one</name>", "<name>two</name>"));
        Files.writeString(config.resolve("three.xml"), fx.xml("three", LxcFixture.LOOP));
        Connection conn = open(fx.settings());
        assertEquals(List.of("one", "three"), conn.listAllDomains().stream().map(Domain::name).sorted().toList());
        assertTrue(Files.exists(config.resolve("two.xml")), "the bad config is left for the administrator");
    }

    @Test
    void aNewDomainWithAnOldDomainsNameNeverTouchesTheOldOnesContainer() throws Exception {
        Connection conn = open(fx.settings());
        Domain old = conn.createXml(fx.xml("same", LxcFixture.LOOP));
        long oldInit = statusPid("same");
        // the driver loses track of it (its status file is gone), then restarts
        drivers.get(0).deactivate();
        Files.delete(fx.stateDir.resolve("status/same.status"));
        Connection again = open(fx.settings());
        Domain fresh = again.createXml(fx.xml("same", LxcFixture.LOOP));
        assertNotEquals(old.uuid(), fresh.uuid());
        assertTrue(ProcFs.alive(oldInit), "the new domain killed the old one's container");
        assertTrue(fx.cgroup(old).pids().contains(oldInit), "the old container's cgroup was taken over");
        assertNotEquals(oldInit, statusPid("same"));
        fresh.destroy();
        assertTrue(ProcFs.alive(oldInit), "destroying the new domain killed the old one's container");
    }

    @Test
    void aPtyConsoleWorksForNamesAndPathsThatSocatWouldParse() throws Exception {
        LxcFixture.assumeProgram("socat", "socat");
        Path state = fx.tmp.resolve("st,a:te!!dir");
        Connection conn = open(new LxcSettings(state, fx.cgroupParent, 10_000, 10_000, 10_000, false));
        for (String name : List.of("c,rawer", "d!!e", "f:g", "h'i\"j (k) [l] {m}")) {
            Domain d = conn.createXml(fx.xml(name.replace("&", "&amp;").replace("'", "&apos;"), LxcFixture.LOOP)
                .replace("</devices>", "<console type='pty'/>\n</devices>"));
            assertEquals(DomainState.RUNNING, d.state().state(), name);
            assertTrue(Files.isSymbolicLink(state.resolve("run/" + name + ".pty")), name + ": " + list(state.resolve("run")));
            d.destroy();
        }
    }

    private long statusPid(String name) throws IOException {
        return Long.parseLong(Files.readAllLines(fx.stateDir.resolve("status/" + name + ".status")).stream()
            .filter(l -> l.startsWith("pid=")).findFirst().orElseThrow().substring(4));
    }

    private static List<String> list(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }
}
