package io.jvirt.driver.esx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.HostnameFlag;
import io.jvirt.api.ListFilter;
import io.jvirt.api.MemoryStatTag;
import io.jvirt.api.MemoryStats;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.kit.remote.XmlDom;

/**
 * Guest reports and autostart against a simulator that has what a real ESX host has and vcsim
 * lacks (main.go's -guest and -autostart): memory figures in summary.quickStats, a host name from
 * VMware Tools on the first VM, and a HostAutoStartManager. Every check reads through a fresh
 * connection, so what it sees is the server's state.
 */
class EsxGuestAndAutostartIT {

    @TempDir
    static Path tmp;
    static Vcsim sim;
    static Connector connector;
    static String uri;
    /** The simulator's two VMs by name: the first reports a host name, the second none. */
    static String first;
    static String second;

    @BeforeAll
    static void start() throws Exception {
        sim = Vcsim.start("-mode", "esx", "-guest", "-autostart");
        Path auth = tmp.resolve("auth.conf");
        Files.writeString(auth, """
            [credentials-vcsim]
            username=user
            password=pass

            [auth-esx-127.0.0.1]
            credentials=vcsim
            """);
        connector = EsxVcsimIT.connector(auth, sim.settings());
        uri = "esx://127.0.0.1:" + sim.port() + "/?transport=http";
        List<String> names = fresh(c -> c.listAllDomains().stream().map(Domain::name).sorted().toList());
        assertEquals(2, names.size(), names.toString());
        first = names.get(0);
        second = names.get(1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sim != null) {
            sim.close();
        }
    }

    static <T> T fresh(Function<Connection, T> f) {
        try (Connection c = connector.open(uri)) {
            return f.apply(c);
        }
    }

    static void onDomain(String name, Consumer<Domain> action) {
        fresh(c -> {
            action.accept(c.lookupByName(name));
            return null;
        });
    }

    /** A raw connection for what the API does not do: reading or resetting the host's autostart list. */
    static <T> T raw(Function<EsxConnection, T> f) {
        EsxDriver driver = EsxVcsimIT.driver(tmp.resolve("auth.conf"), sim.settings());
        EsxConnection c = (EsxConnection) driver.open(new ConnectRequest(URI.create(uri), false));
        try {
            return f.apply(c);
        } finally {
            c.close();
        }
    }

    static boolean autostartOf(String name) {
        try (Connection c = connector.open(uri)) {
            return c.lookupByName(name).autostart();
        }
    }

    static VmInfo vm(EsxConnection c, String name) {
        return c.vm(c.lookupByName(name));
    }

    // ---------- memory statistics ----------

    @Test
    void memoryStatsMapTheQuickStats() {
        for (String name : List.of(first, second)) {
            long mb = fresh(c -> c.lookupByName(name).info().maxMemoryKiB()) / 1024;
            MemoryStats s = fresh(c -> c.lookupByName(name).memoryStats());
            // main.go reports ballooned = memory/8, active guest memory = memory/4, consumed host memory = memory/2 + 7
            MemoryStats expected = MemoryStats.builder()
                .add(MemoryStatTag.ACTUAL_BALLOON, (mb - mb / 8) * 1024)
                .add(MemoryStatTag.AVAILABLE, mb * 1024)
                .add(MemoryStatTag.UNUSED, (mb - mb / 4) * 1024)
                .add(MemoryStatTag.RSS, (mb / 2 + 7) * 1024)
                .build();
            assertEquals(expected, s, name);
        }
    }

    @Test
    void aPoweredOffVmHasNoMemoryStatsNorHostname() {
        onDomain(second, Domain::destroy);
        try {
            VirtException e = assertThrows(VirtException.class, () -> fresh(c -> c.lookupByName(second).memoryStats()));
            assertEquals(ErrorCode.OPERATION_INVALID, e.code());
            assertEquals("Requested operation is not valid: Domain is not powered on", e.getMessage());
            VirtException h = assertThrows(VirtException.class, () -> fresh(c -> c.lookupByName(second).hostname()));
            assertEquals(ErrorCode.OPERATION_INVALID, h.code());
        } finally {
            onDomain(second, d -> d.create());
        }
    }

    @Test
    void aReadOnlyConnectionReadsBoth() {
        try (Connection c = connector.openReadOnly(uri)) {
            assertEquals(4, c.lookupByName(first).memoryStats().size());
            assertFalse(c.lookupByName(first).hostname().isEmpty());
        }
    }

    // ---------- host name ----------

    @Test
    void hostnameIsWhatVmwareToolsReport() {
        String expected = first.toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ".guest.example";
        assertEquals(expected, fresh(c -> c.lookupByName(first).hostname()));
        VirtException none = assertThrows(VirtException.class, () -> fresh(c -> c.lookupByName(second).hostname()));
        assertEquals(ErrorCode.NO_HOSTNAME, none.code());
        assertEquals("no hostname found: VMware Tools of domain '" + second + "' report no host name", none.getMessage());
        VirtException flag = assertThrows(VirtException.class,
            () -> fresh(c -> c.lookupByName(first).hostname(HostnameFlag.LEASE)));
        assertEquals(ErrorCode.INVALID_ARG, flag.code());
        assertTrue(flag.getMessage().contains("unsupported flags (0x1) in function esxDomainGetHostname"), flag.getMessage());
    }

    // ---------- autostart ----------

    /** Each autostart test starts from a fresh host's state: host autostart off, nobody listed. */
    @BeforeEach
    void hostAutostartOff() {
        raw(c -> {
            SoapWriter w = new SoapWriter("ReconfigureAutostart", autostartManager(c)).open("spec")
                .open("defaults").text("enabled", "false").close("defaults");
            for (String n : List.of(first, second)) {
                w.open("powerInfo").ref("key", vm(c, n).ref()).text("startOrder", -1).text("startDelay", -1)
                    .text("waitForHeartbeat", "systemDefault").text("startAction", "none").text("stopDelay", -1)
                    .text("stopAction", "none").close("powerInfo");
            }
            c.session.call(w.close("spec"));
            return null;
        });
    }

    static MoRef autostartManager(EsxConnection c) {
        return c.session.retrieve(c.inventory.hostSystem(), "configManager.autoStartManager")
            .ref("configManager.autoStartManager");
    }

    static boolean hostAutostartEnabled() {
        return raw(c -> "true".equals(XmlDom.text(XmlDom.child(c.session.retrieve(autostartManager(c), "config").get("config"),
            "defaults"), "enabled")));
    }

    static List<MoRef> listed() {
        return raw(c -> new HostAutostart(c.session, c.inventory).listed());
    }

    @Test
    void setGetInAFreshConnectionAndUnset() {
        assertFalse(autostartOf(first));
        onDomain(first, d -> d.setAutostart(true));
        assertTrue(autostartOf(first));
        assertFalse(autostartOf(second));
        // libvirt switches the host's autostart on with the first VM's
        assertTrue(hostAutostartEnabled());
        MoRef firstRef = raw(c -> vm(c, first).ref());
        assertEquals(List.of(firstRef), listed());

        onDomain(first, d -> d.setAutostart(false));
        assertFalse(autostartOf(first));
        // start and stop action none: the VM leaves the host's list; the host's switch stays on
        assertEquals(List.of(), listed());
        assertTrue(hostAutostartEnabled());
    }

    @Test
    void theHostSwitchIsNotTurnedOnUnderAnotherListedVm() {
        onDomain(first, d -> d.setAutostart(true));
        // an administrator switches the host's autostart off; the first VM stays listed with powerOn
        raw(c -> c.session.call(new SoapWriter("ReconfigureAutostart", autostartManager(c)).open("spec")
            .open("defaults").text("enabled", "false").close("defaults").close("spec")));
        assertFalse(autostartOf(first), "the host's switch is off");

        VirtException e = assertThrows(VirtException.class, () -> onDomain(second, d -> d.setAutostart(true)));
        assertEquals(ErrorCode.OPERATION_INVALID, e.code());
        assertEquals("Requested operation is not valid: Cannot enable general autostart option without affecting "
            + "other domains", e.getMessage());
        assertFalse(hostAutostartEnabled());

        // the listed VM itself may switch it on again
        onDomain(first, d -> d.setAutostart(true));
        assertTrue(autostartOf(first));
        assertTrue(hostAutostartEnabled());
    }

    @Test
    void disablingNeedsNoHostSwitch() {
        onDomain(second, d -> d.setAutostart(false));
        assertFalse(hostAutostartEnabled());
        assertFalse(autostartOf(second));
    }

    // ---------- listing filters ----------

    static List<String> names(ListFilter... filters) {
        return fresh(c -> c.listAllDomains(filters).stream().map(Domain::name).sorted().toList());
    }

    /**
     * libvirt's esxConnectListAllDomains filters on autostart (the host's switch and the VM's start
     * action, as esxDomainGetAutostart) and on snapshots (the VM's root snapshot list) too: a
     * listing that ignored them would answer {@code list --autostart} with every VM.
     */
    @Test
    void listingsFilterOnAutostartAndSnapshots() {
        assertEquals(List.of(), names(ListFilter.AUTOSTART), "nothing autostarts yet");
        assertEquals(List.of(first, second), names(ListFilter.NO_AUTOSTART));
        onDomain(first, d -> d.setAutostart(true));
        assertEquals(List.of(first), names(ListFilter.AUTOSTART));
        assertEquals(List.of(second), names(ListFilter.NO_AUTOSTART));

        assertEquals(List.of(), names(ListFilter.HAS_SNAPSHOT));
        assertEquals(List.of(first, second), names(ListFilter.NO_SNAPSHOT));
        raw(c -> {
            c.session.runTask(new SoapWriter("CreateSnapshot_Task", vm(c, second).ref()).text("name", "s1")
                .text("memory", false).text("quiesce", false), "snapshot");
            return null;
        });
        try {
            assertEquals(List.of(second), names(ListFilter.HAS_SNAPSHOT));
            assertEquals(List.of(first), names(ListFilter.NO_SNAPSHOT));
            assertEquals(List.of(first), names(ListFilter.AUTOSTART, ListFilter.NO_SNAPSHOT), "groups combine with AND");
            assertEquals(List.of(first), names(ListFilter.AUTOSTART, ListFilter.HAS_SNAPSHOT, ListFilter.NO_SNAPSHOT),
                "both flags of a group: no filter on it");
        } finally {
            raw(c -> {
                c.session.runTask(new SoapWriter("RemoveAllSnapshots_Task", vm(c, second).ref()), "remove snapshots");
                return null;
            });
        }
        // the host's switch off: no VM autostarts, whatever its entry says
        raw(c -> c.session.call(new SoapWriter("ReconfigureAutostart", autostartManager(c)).open("spec")
            .open("defaults").text("enabled", "false").close("defaults").close("spec")));
        assertEquals(List.of(), names(ListFilter.AUTOSTART));
    }

    @Test
    void aDomainRefThatIsGoneIsNoDomain() {
        VirtException e = assertThrows(VirtException.class, () -> raw(c -> c.domainMemoryStats(
            new DomainRef("gone", java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"), 1))));
        assertEquals(ErrorCode.NO_DOMAIN, e.code());
    }
}
