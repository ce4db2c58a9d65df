package io.jvirt.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ListFilter;
import io.jvirt.api.Registration;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.XmlFlag;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.tck.DriverFixture.Capability;

/**
 * The driver contract (TCK), after jclouds' BaseComputeServiceLiveTest: what every jvirt driver
 * does the same way, checked against the real driver through the public API (and, for the flag
 * rule, through the SPI the core calls). A driver's test extends this class and gives its
 * {@link DriverFixture}; what the fixture does not declare is checked to be refused, never to
 * half-work.
 *
 * <p>Every domain the suite makes is named {@code tck-<run>-...}, so a driver's other domains
 * (test:///default's "test", vcsim's inventory) are ignored, and everything named so is destroyed
 * and undefined after each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DriverContractTest {

    /** The secret of {@link DriverFixture#domainXmlWithSecret}. */
    public static final String SECRET = "tck-s3cret";
    /** A flag bit no libvirt entry point defines. */
    private static final int UNKNOWN_FLAG = 1 << 30;
    private static final long EVENT_WAIT_MS = 30_000;

    private DriverFixture fixture;
    private Connector connector;
    private Set<Capability> can;
    private DriverFixture.OutOfBandDomains outOfBand;
    private final String run = "tck-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    private int serial;

    /** The fixture of the driver under test; called once per test class. */
    protected abstract DriverFixture createFixture() throws Exception;

    @BeforeAll
    void startFixture() throws Exception {
        fixture = createFixture();
        connector = StandaloneConnector.create(fixture.uri(), fixture.readOnlyFilesDir(), fixture.driver());
        can = fixture.capabilities();
        outOfBand = fixture.outOfBandDomains();
    }

    @AfterAll
    void stopFixture() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @AfterEach
    void removeWhatTheTestMade() {
        try (Connection c = connector.open(fixture.uri())) {
            for (Domain d : c.listAllDomains()) {
                if (!d.name().startsWith(run)) {
                    continue;
                }
                try {
                    if (d.isActive()) {
                        d.destroy();
                    }
                } catch (VirtException e) {
                    // a transient domain is gone with its destroy
                }
                try {
                    if (d.isPersistent()) {
                        d.undefine();
                    }
                } catch (VirtException e) {
                    // gone already
                }
                if (outOfBand != null) {
                    outOfBand.remove(d.name());
                }
            }
        }
    }

    private String name() {
        return run + "-" + (++serial);
    }

    private Domain define(Connection c, String name) {
        return define(c, name, UUID.randomUUID());
    }

    /** A persistent, shut-off domain: defined, or made without the driver when it has no define yet. */
    private Domain define(Connection c, String name, UUID uuid) {
        if (outOfBand != null) {
            outOfBand.create(name, uuid);
            return c.lookupByUuid(uuid);
        }
        return c.defineXml(fixture.domainXml(name, uuid));
    }

    /**
     * The UUID a test expects of a domain it defined asking for {@code asked}: that one, or with
     * {@link Capability#HOST_UUIDS} the hypervisor's (checked to be a UUID of its own).
     */
    private UUID uuidOf(Domain d, UUID asked) {
        if (can.contains(Capability.HOST_UUIDS) && outOfBand == null) {
            assertNotNull(d.uuid());
            return d.uuid();
        }
        assertEquals(asked, d.uuid());
        return asked;
    }

    /** Skips a check of define, undefine or XML descriptions themselves for a driver without define (yet). */
    private void assumeDefine() {
        assumeTrue(outOfBand == null, "the driver has no define yet");
    }

    private Connection open() {
        return connector.open(fixture.uri());
    }

    // ---------- definitions ----------

    @Test
    public void aDefinedDomainIsPersistentInactiveAndFoundEveryWay() {
        assumeDefine();
        try (Connection c = open()) {
            String name = name();
            UUID asked = UUID.randomUUID();
            Domain d = c.defineXml(fixture.domainXml(name, asked));
            assertEquals(name, d.name());
            UUID uuid = uuidOf(d, asked);
            assertTrue(d.isPersistent());
            assertFalse(d.isActive());
            assertEquals(-1, d.id());
            assertEquals(DomainState.SHUTOFF, d.state().state());
            assertEquals(uuid, c.lookupByName(name).uuid());
            assertEquals(name, c.lookupByUuid(uuid).name());
            assertEquals(name, c.lookupByUuidString(uuid.toString()).name());
            assertTrue(names(c.listAllDomains()).contains(name));
            assertTrue(d.xmlDesc().contains("<name>" + name + "</name>"));

            d.undefine();
            expect(ErrorCode.NO_DOMAIN, () -> c.lookupByName(name));
            expect(ErrorCode.NO_DOMAIN, () -> c.lookupByUuid(uuid));
            assertFalse(names(c.listAllDomains()).contains(name));
        }
    }

    @Test
    public void lookupsOfWhatDoesNotExistSayNoDomain() {
        try (Connection c = open()) {
            // libvirt's words: "Domain not found", with the name or UUID where the driver's libvirt
            // counterpart adds it (the test driver does not)
            VirtException byName = expect(ErrorCode.NO_DOMAIN, () -> c.lookupByName(run + "-nosuch"));
            assertTrue(byName.getMessage().startsWith("Domain not found"), byName.getMessage());
            UUID uuid = UUID.randomUUID();
            VirtException byUuid = expect(ErrorCode.NO_DOMAIN, () -> c.lookupByUuid(uuid));
            assertTrue(byUuid.getMessage().startsWith("Domain not found"), byUuid.getMessage());
            expect(ErrorCode.NO_DOMAIN, () -> c.lookupById(Integer.MAX_VALUE - 7));
            expect(ErrorCode.INVALID_ARG, () -> c.lookupByUuidString("not-a-uuid"));
        }
    }

    @Test
    public void aNameOrUuidTakenByAnotherDomainIsRefusedAndTheOtherKept() {
        assumeDefine();
        try (Connection c = open()) {
            String name = name();
            UUID asked = UUID.randomUUID();
            UUID uuid = uuidOf(c.defineXml(fixture.domainXml(name, asked)), asked);
            // a driver that edits definitions tells a taken name from an edit (libvirt's
            // virDomainObjListAdd: OPERATION_FAILED); one that edits none refuses both in its words
            ErrorCode taken = can.contains(Capability.REDEFINE) ? ErrorCode.OPERATION_FAILED : null;
            expect(taken, () -> c.defineXml(fixture.domainXml(name, UUID.randomUUID())));
            if (can.contains(Capability.HOST_UUIDS)) {
                // the hypervisor's UUID, never the definition's: the other domain keeps its own
                assertNotEquals(uuid, c.defineXml(fixture.domainXml(name(), uuid)).uuid());
            } else {
                expect(taken, () -> c.defineXml(fixture.domainXml(name(), uuid)));
            }
            assertEquals(uuid, c.lookupByName(name).uuid());
            assertEquals(name, c.lookupByUuid(uuid).name());
        }
    }

    /** libvirt's every define checks the name for a newline (virXMLCheckIllegalChars): nothing is defined. */
    @Test
    public void aNameWithANewlineIsRefusedAndNothingIsDefined() {
        assumeDefine();
        try (Connection c = open()) {
            String name = name() + "\nsecond-line";
            VirtException e = expect(ErrorCode.XML_DETAIL, () -> c.defineXml(fixture.domainXml(name, UUID.randomUUID())));
            assertTrue(e.getMessage().contains("invalid char in name: 0x0a"), e.getMessage());
            assertTrue(c.listAllDomains().stream().noneMatch(d -> d.name().equals(name)), "nothing defined");
        }
    }

    // ---------- the host ----------

    /** virNodeGetInfo and virConnectGetHostname: every driver describes its host, sanely. */
    /**
     * virConnectIsEncrypted / virConnectIsSecure: answered on every connection, read-only ones too,
     * an encrypted connection is secure, and a closed one fails with INVALID_CONN.
     */
    @Test
    public void theConnectionSaysWhetherItIsEncryptedAndSecure() {
        boolean encrypted;
        boolean secure;
        try (Connection c = open()) {
            encrypted = c.isEncrypted();
            secure = c.isSecure();
            assertTrue(!encrypted || secure, "an encrypted connection is secure");
        }
        Connection ro = connector.openReadOnly(fixture.uri());
        try {
            assertEquals(encrypted, ro.isEncrypted());
            assertEquals(secure, ro.isSecure());
        } finally {
            ro.close();
        }
        assertEquals(ErrorCode.INVALID_CONN, assertThrows(VirtException.class, ro::isEncrypted).code());
        assertEquals(ErrorCode.INVALID_CONN, assertThrows(VirtException.class, ro::isSecure).code());
    }

    @Test
    public void theHostDescribesItself() {
        try (Connection c = open()) {
            io.jvirt.api.NodeInfo n = c.nodeInfo();
            assertFalse(n.model() == null || n.model().isBlank(), "a CPU model: " + n);
            assertTrue(n.memoryKiB() > 0, "memory: " + n);
            assertTrue(n.cpus() > 0, "CPUs: " + n);
            assertTrue(n.mhz() >= 0, "MHz: " + n);
            assertTrue(n.nodes() >= 1 && n.sockets() >= 1 && n.cores() >= 1 && n.threads() >= 1, "topology: " + n);
            assertTrue((long) n.nodes() * n.sockets() * n.cores() * n.threads() >= n.cpus(),
                "the topology holds every active CPU: " + n);
            assertFalse(c.hostname().isBlank(), "a host name");
        }
    }

    @Test
    public void defineRedefineUndefineEmitTheirEvents() throws Exception {
        assumeDefine();
        assumeTrue(can.contains(Capability.EVENTS), "no events");
        try (Connection c = open(); Events events = new Events(c)) {
            String name = name();
            UUID uuid = UUID.randomUUID();
            c.defineXml(fixture.domainXml(name, uuid));
            if (can.contains(Capability.REDEFINE)) {
                c.defineXml(fixture.domainXml(name, uuid));
            }
            c.lookupByName(name).undefine();
            events.expect(name, DomainEventType.DEFINED, DomainEvent.DEFINED_ADDED);
            if (can.contains(Capability.REDEFINE)) {
                events.expect(name, DomainEventType.DEFINED, DomainEvent.DEFINED_UPDATED);
            }
            events.expect(name, DomainEventType.UNDEFINED, DomainEvent.UNDEFINED_REMOVED);
        }
    }

    // ---------- lifecycle ----------

    @Test
    public void aLifecycleGoesThroughLibvirtsStatesReasonsAndEventsInOrder() throws Exception {
        assumeTrue(can.contains(Capability.START), "cannot start domains");
        // a driver without events (libvirt's ESX driver) goes through the same states, unheard
        try (Connection c = open(); Events events = can.contains(Capability.EVENTS) ? new Events(c) : null) {
            String name = name();
            Domain d = define(c, name);
            d.create();
            assertTrue(d.isActive());
            assertTrue(d.id() > 0, "a running domain has an id");
            assertEquals(new StateReason(DomainState.RUNNING, reason(StateReason.RUNNING_BOOTED)), d.state());
            assertEquals(d.id(), c.lookupById(d.id()).id());
            expect(null, d::create); // already running: refused, whatever the driver's words
            assertTrue(d.isActive());
            if (can.contains(Capability.PAUSE)) {
                d.suspend();
                assertEquals(new StateReason(DomainState.PAUSED, reason(StateReason.PAUSED_USER)), d.state());
                d.resume();
                assertEquals(new StateReason(DomainState.RUNNING, reason(StateReason.RUNNING_UNPAUSED)), d.state());
            } else {
                expect(null, d::suspend);
            }
            d.destroy();
            assertFalse(d.isActive());
            assertEquals(-1, d.id());
            assertEquals(new StateReason(DomainState.SHUTOFF, reason(StateReason.SHUTOFF_DESTROYED)), d.state());
            expect(null, d::destroy); // not running
            if (events != null) {
                events.expect(name, DomainEventType.DEFINED, DomainEvent.DEFINED_ADDED);
                events.expect(name, DomainEventType.STARTED, DomainEvent.STARTED_BOOTED);
                if (can.contains(Capability.PAUSE)) {
                    events.expect(name, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
                    events.expect(name, DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED);
                }
                events.expect(name, DomainEventType.STOPPED, DomainEvent.STOPPED_DESTROYED);
            }
        }
    }

    @Test
    public void aTransientDomainVanishesWhenItStops() throws Exception {
        try (Connection c = open()) {
            String name = name();
            if (!can.contains(Capability.TRANSIENT)) {
                expect(null, () -> c.createXml(fixture.domainXml(name, UUID.randomUUID())));
                expect(ErrorCode.NO_DOMAIN, () -> c.lookupByName(name));
                return;
            }
            try (Events events = can.contains(Capability.EVENTS) ? new Events(c) : null) {
                Domain d = c.createXml(fixture.domainXml(name, UUID.randomUUID()));
                assertTrue(d.isActive());
                assertFalse(d.isPersistent());
                assertTrue(names(c.listAllDomains(ListFilter.TRANSIENT)).contains(name));
                d.destroy();
                expect(ErrorCode.NO_DOMAIN, () -> c.lookupByName(name));
                if (events != null) {
                    events.expect(name, DomainEventType.STARTED, DomainEvent.STARTED_BOOTED);
                    events.expect(name, DomainEventType.STOPPED, DomainEvent.STOPPED_DESTROYED);
                }
            }
        }
    }

    @Test
    public void aRunningDomainIsUpdatedWhenItsDefinitionChangesUntilItStopsAgain() {
        assumeDefine();
        assumeTrue(can.contains(Capability.START), "cannot start domains");
        try (Connection c = open()) {
            String name = name();
            UUID uuid = UUID.randomUUID();
            Domain d = c.defineXml(fixture.domainXml(name, uuid));
            assertFalse(d.isUpdated());
            d.create();
            assertFalse(d.isUpdated(), "freshly started");
            String changed = fixture.domainXml(name, uuid).replace("</domain>",
                "<description>changed while running</description></domain>");
            if (!can.contains(Capability.REDEFINE)) {
                // one definition only, and it stays as it is
                expect(null, () -> c.defineXml(changed));
                assertFalse(d.isUpdated(), "a refused define changes nothing");
                assertFalse(d.xmlDesc().contains("changed while running"));
                d.destroy();
                assertFalse(d.isUpdated());
                return;
            }
            c.defineXml(changed);
            assertTrue(d.isUpdated(), "the persistent definition differs from the running one");
            assertFalse(d.xmlDesc().contains("changed while running"), "the live definition is the running one");
            assertTrue(d.xmlDesc(XmlFlag.INACTIVE).contains("changed while running"));
            d.destroy();
            assertFalse(d.isUpdated(), "stopped: one definition only");
            assertTrue(d.xmlDesc().contains("changed while running"));
        }
    }

    @Test
    public void secretsAreShownOnlyOnRequestAndNeverOnReadOnlyConnections() {
        assumeDefine();
        assumeTrue(can.contains(Capability.SECRETS), "no secrets in this driver's definitions");
        try (Connection c = open(); Connection ro = connector.openReadOnly(fixture.uri())) {
            String name = name();
            c.defineXml(fixture.domainXmlWithSecret(name, UUID.randomUUID()));
            Domain d = c.lookupByName(name);
            assertFalse(d.xmlDesc().contains(SECRET), "no secret without SECURE");
            assertTrue(d.xmlDesc(XmlFlag.SECURE).contains(SECRET), "the secret with SECURE");
            Domain r = ro.lookupByName(name);
            assertFalse(r.xmlDesc().contains(SECRET));
            expect(ErrorCode.OPERATION_DENIED, () -> r.xmlDesc(XmlFlag.SECURE));
        }
    }

    // ---------- read-only connections ----------

    @Test
    public void aReadOnlyConnectionReadsEverythingAndChangesNothing() {
        try (Connection c = open(); Connection ro = connector.openReadOnly(fixture.uri())) {
            String name = name();
            UUID asked = UUID.randomUUID();
            UUID uuid = uuidOf(define(c, name, asked), asked);
            assertTrue(ro.isReadOnly());
            Domain d = ro.lookupByName(name);
            assertEquals(uuid, d.uuid());
            assertNotNull(d.info());
            if (outOfBand == null) {
                assertTrue(d.xmlDesc().contains(name));
            }
            assertTrue(names(ro.listAllDomains()).contains(name));
            String xml = fixture.domainXml(name(), UUID.randomUUID());
            List<Executable> changes = List.of(() -> ro.defineXml(xml), () -> ro.createXml(xml), d::create,
                d::destroy, d::shutdown, d::reboot, d::suspend, d::resume, d::undefine, () -> d.setAutostart(true),
                () -> d.setMemory(65536), d::managedSave);
            for (Executable change : changes) {
                expect(ErrorCode.OPERATION_DENIED, change);
            }
            assertEquals(DomainState.SHUTOFF, c.lookupByName(name).state().state(), "nothing changed");
            expect(ErrorCode.NO_DOMAIN, () -> c.lookupByName(xmlName(xml)));
        }
    }

    // ---------- flags ----------

    /**
     * libvirt's virCheckFlags: every driver entry point that takes flags refuses bits it does not
     * know (INVALID_ARG "unsupported flags (0x40000000) in function ...") or is not implemented at
     * all (NO_SUPPORT); it never ignores them. Called through the SPI, as the core calls drivers.
     */
    @Test
    public void everyEntryPointRefusesFlagsItDoesNotKnow() {
        try (Connection c = open()) {
            String name = name();
            define(c, name);
        }
        DriverConnection dc = fixture.driver().open(new ConnectRequest(URI.create(fixture.uri()), false));
        assertNotNull(dc, "the driver accepts its own URI");
        try {
            DomainRef dom = dc.lookupByName(run + "-" + serial);
            String xml = fixture.domainXml(name(), UUID.randomUUID());
            Map<String, Runnable> calls = new LinkedHashMap<>();
            calls.put("listAllDomains", () -> dc.listAllDomains(UNKNOWN_FLAG));
            calls.put("defineXml", () -> dc.defineXml(xml, UNKNOWN_FLAG));
            calls.put("createXml", () -> dc.createXml(xml, UNKNOWN_FLAG));
            calls.put("domainXmlDesc", () -> dc.domainXmlDesc(dom, UNKNOWN_FLAG));
            calls.put("domainCreate", () -> dc.domainCreate(dom, UNKNOWN_FLAG));
            calls.put("domainShutdown", () -> dc.domainShutdown(dom, UNKNOWN_FLAG));
            calls.put("domainReboot", () -> dc.domainReboot(dom, UNKNOWN_FLAG));
            calls.put("domainDestroy", () -> dc.domainDestroy(dom, UNKNOWN_FLAG));
            calls.put("domainUndefine", () -> dc.domainUndefine(dom, UNKNOWN_FLAG));
            calls.put("domainSetMemory", () -> dc.domainSetMemory(dom, 65536, UNKNOWN_FLAG));
            calls.put("domainSetVcpus", () -> dc.domainSetVcpus(dom, 1, UNKNOWN_FLAG));
            calls.put("domainAttachDevice", () -> dc.domainAttachDevice(dom, "<watchdog model='i6300esb'/>", UNKNOWN_FLAG));
            calls.put("domainDetachDevice", () -> dc.domainDetachDevice(dom, "<watchdog model='i6300esb'/>", UNKNOWN_FLAG));
            calls.put("domainUpdateDevice", () -> dc.domainUpdateDevice(dom, "<watchdog model='i6300esb'/>", UNKNOWN_FLAG));
            calls.put("domainMetadata", () -> dc.domainMetadata(dom, 0, null, UNKNOWN_FLAG));
            calls.put("domainSetMetadata", () -> dc.domainSetMetadata(dom, 0, "x", null, null, UNKNOWN_FLAG));
            calls.put("domainHostname", () -> dc.domainHostname(dom, UNKNOWN_FLAG));
            List<String> ignored = new ArrayList<>();
            for (Map.Entry<String, Runnable> call : calls.entrySet()) {
                try {
                    call.getValue().run();
                    ignored.add(call.getKey() + " (succeeded)");
                } catch (VirtException e) {
                    // virCheckFlags' words; for setVcpus also the older "unsupported flags: (0x40000000)"
                    // libvirt's ESX driver writes there (esxDomainSetVcpusFlags takes exactly AFFECT_LIVE)
                    boolean refused = e.code() == ErrorCode.NO_SUPPORT
                        || e.code() == ErrorCode.INVALID_ARG && (e.getMessage().contains("unsupported flags (0x40000000)")
                            || call.getKey().equals("domainSetVcpus")
                                && e.getMessage().contains("unsupported flags: (0x40000000)"));
                    if (!refused) {
                        ignored.add(call.getKey() + " (" + e.code() + ": " + e.getMessage() + ")");
                    }
                }
            }
            assertEquals(List.of(), ignored, "entry points that did not refuse an unknown flag");
            assertEquals(DomainState.SHUTOFF, dc.domainState(dom).state(), "no call changed the domain");
        } finally {
            dc.close();
        }
    }

    // ---------- networks ----------

    /**
     * A driver either has no virtual networks (every network entry point NO_SUPPORT, nothing half
     * there) or follows libvirt's network contract for what every network driver can do without
     * touching the host: define (persistent, inactive), lookups by name and UUID, listing filters,
     * the read-only refusal, DEFINED/UNDEFINED events, unknown flags refused, NO_NETWORK afterwards.
     */
    @Test
    public void networksAreWhollyAbsentOrFollowLibvirtsContract() throws Exception {
        try (Connection c = open()) {
            List<Executable> calls = List.of(() -> c.listAllNetworks(), () -> c.lookupNetworkByName("x"),
                () -> c.lookupNetworkByUuid(UUID.randomUUID()), () -> c.numOfNetworks(),
                () -> c.defineNetworkXml("<network><name>x</name></network>"));
            VirtException absent = null;
            try {
                c.listAllNetworks();
            } catch (VirtException e) {
                assertEquals(ErrorCode.NO_SUPPORT, e.code(), e.getMessage());
                absent = e;
            }
            if (absent != null) {
                for (Executable call : calls) {
                    VirtException e = assertThrows(VirtException.class, call);
                    assertEquals(ErrorCode.NO_SUPPORT, e.code(), "a driver without networks has none at all: " + e.getMessage());
                }
                return;
            }
            String name = name() + "-net";
            UUID uuid = UUID.randomUUID();
            BlockingQueue<io.jvirt.api.NetworkEvent> events = new LinkedBlockingQueue<>();
            try (Registration r = c.addNetworkEventListener((conn, n, e) -> {
                if (e.name().equals(name)) {
                    events.add(e);
                }
            })) {
                io.jvirt.api.Network n = c.defineNetworkXml("<network><name>" + name + "</name><uuid>" + uuid
                    + "</uuid></network>");
                try {
                    assertEquals(name, n.name());
                    assertEquals(uuid, n.uuid());
                    assertTrue(n.isPersistent());
                    assertFalse(n.isActive());
                    assertEquals(n, c.lookupNetworkByName(name));
                    assertEquals(n, c.lookupNetworkByUuid(uuid));
                    assertTrue(networkNames(c.listAllNetworks(io.jvirt.api.NetworkListFilter.INACTIVE,
                        io.jvirt.api.NetworkListFilter.PERSISTENT)).contains(name));
                    assertFalse(networkNames(c.listAllNetworks(io.jvirt.api.NetworkListFilter.ACTIVE)).contains(name));
                    assertFalse(networkNames(c.listAllNetworks(io.jvirt.api.NetworkListFilter.TRANSIENT)).contains(name));
                    assertTrue(n.xmlDesc().contains("<name>" + name + "</name>"), n.xmlDesc());
                    io.jvirt.api.NetworkEvent defined = events.poll(EVENT_WAIT_MS, TimeUnit.MILLISECONDS);
                    assertNotNull(defined, "the DEFINED event");
                    assertEquals(io.jvirt.api.NetworkEventType.DEFINED, defined.type());
                    try (Connection ro = connector.openReadOnly(fixture.uri())) {
                        VirtException e = assertThrows(VirtException.class, () -> ro.lookupNetworkByName(name).undefine());
                        assertEquals(ErrorCode.OPERATION_DENIED, e.code());
                    }
                    DriverConnection dc = fixture.driver().open(new ConnectRequest(URI.create(fixture.uri()), false));
                    try {
                        var ref = dc.networkLookupByName(name);
                        for (Executable call : List.<Executable>of(() -> dc.listAllNetworks(UNKNOWN_FLAG),
                            () -> dc.networkXmlDesc(ref, UNKNOWN_FLAG),
                            () -> dc.networkDefineXml("<network><name>" + name + "</name><uuid>" + uuid + "</uuid></network>",
                                UNKNOWN_FLAG))) {
                            VirtException e = assertThrows(VirtException.class, call);
                            assertTrue(e.code() == ErrorCode.INVALID_ARG && e.getMessage().contains("unsupported flags (0x40000000)"),
                                e.getMessage());
                        }
                    } finally {
                        dc.close();
                    }
                } finally {
                    n.undefine();
                }
                io.jvirt.api.NetworkEvent undefined = events.poll(EVENT_WAIT_MS, TimeUnit.MILLISECONDS);
                assertNotNull(undefined, "the UNDEFINED event");
                assertEquals(io.jvirt.api.NetworkEventType.UNDEFINED, undefined.type());
                VirtException e = assertThrows(VirtException.class, () -> c.lookupNetworkByName(name));
                assertEquals(ErrorCode.NO_NETWORK, e.code());
                assertEquals("Network not found: no network with matching name '" + name + "'", e.getMessage());
            }
        }
    }

    // ---------- storage ----------

    /**
     * A driver either has no storage (every storage entry point NO_SUPPORT) or follows libvirt's
     * storage pool contract for what every storage driver can do without touching the host: define
     * a dir pool (persistent, inactive), lookups by name and UUID, listing filters by state and type,
     * the read-only refusal, DEFINED/UNDEFINED events, unknown flags refused, NO_STORAGE_POOL
     * afterwards.
     */
    @Test
    public void storageIsWhollyAbsentOrFollowsLibvirtsContract() throws Exception {
        try (Connection c = open()) {
            List<Executable> calls = List.of(() -> c.listAllStoragePools(), () -> c.lookupStoragePoolByName("x"),
                () -> c.lookupStoragePoolByUuid(UUID.randomUUID()), () -> c.numOfStoragePools(),
                () -> c.lookupStorageVolByPath("/x"), () -> c.defineStoragePoolXml("<pool type='dir'/>"));
            VirtException absent = null;
            try {
                c.listAllStoragePools();
            } catch (VirtException e) {
                assertEquals(ErrorCode.NO_SUPPORT, e.code(), e.getMessage());
                absent = e;
            }
            if (absent != null) {
                for (Executable call : calls) {
                    VirtException e = assertThrows(VirtException.class, call);
                    assertEquals(ErrorCode.NO_SUPPORT, e.code(), "a driver without storage has none at all: " + e.getMessage());
                }
                return;
            }
            String name = name() + "-pool";
            UUID uuid = UUID.randomUUID();
            String xml = "<pool type='dir'><name>" + name + "</name><uuid>" + uuid + "</uuid><target><path>/nonexistent/"
                + name + "</path></target></pool>";
            BlockingQueue<io.jvirt.api.StoragePoolEvent> events = new LinkedBlockingQueue<>();
            try (Registration r = c.addStoragePoolEventListener((conn, p, e) -> {
                if (e.name().equals(name)) {
                    events.add(e);
                }
            })) {
                io.jvirt.api.StoragePool p = c.defineStoragePoolXml(xml);
                try {
                    assertEquals(name, p.name());
                    assertEquals(uuid, p.uuid());
                    assertTrue(p.isPersistent());
                    assertFalse(p.isActive());
                    assertEquals(io.jvirt.api.StoragePoolState.INACTIVE, p.info().state());
                    assertEquals(p, c.lookupStoragePoolByName(name));
                    assertEquals(p, c.lookupStoragePoolByUuid(uuid));
                    assertTrue(poolNames(c.listAllStoragePools(io.jvirt.api.StoragePoolListFilter.INACTIVE,
                        io.jvirt.api.StoragePoolListFilter.PERSISTENT, io.jvirt.api.StoragePoolListFilter.DIR)).contains(name));
                    assertFalse(poolNames(c.listAllStoragePools(io.jvirt.api.StoragePoolListFilter.ACTIVE)).contains(name));
                    assertFalse(poolNames(c.listAllStoragePools(io.jvirt.api.StoragePoolListFilter.LOGICAL)).contains(name));
                    assertTrue(p.xmlDesc().contains("<name>" + name + "</name>"), p.xmlDesc());
                    io.jvirt.api.StoragePoolEvent defined = events.poll(EVENT_WAIT_MS, TimeUnit.MILLISECONDS);
                    assertNotNull(defined, "the DEFINED event");
                    assertEquals(io.jvirt.api.StoragePoolEventType.DEFINED, defined.type());
                    try (Connection ro = connector.openReadOnly(fixture.uri())) {
                        VirtException e = assertThrows(VirtException.class, () -> ro.lookupStoragePoolByName(name).undefine());
                        assertEquals(ErrorCode.OPERATION_DENIED, e.code());
                    }
                    DriverConnection dc = fixture.driver().open(new ConnectRequest(URI.create(fixture.uri()), false));
                    try {
                        var ref = dc.storagePoolLookupByName(name);
                        for (Executable call : List.<Executable>of(() -> dc.listAllStoragePools(UNKNOWN_FLAG),
                            () -> dc.storagePoolXmlDesc(ref, UNKNOWN_FLAG), () -> dc.storagePoolDefineXml(xml, UNKNOWN_FLAG))) {
                            VirtException e = assertThrows(VirtException.class, call);
                            assertTrue(e.code() == ErrorCode.INVALID_ARG && e.getMessage().contains("unsupported flags (0x40000000)"),
                                e.getMessage());
                        }
                    } finally {
                        dc.close();
                    }
                } finally {
                    p.undefine();
                }
                io.jvirt.api.StoragePoolEvent undefined = events.poll(EVENT_WAIT_MS, TimeUnit.MILLISECONDS);
                assertNotNull(undefined, "the UNDEFINED event");
                assertEquals(io.jvirt.api.StoragePoolEventType.UNDEFINED, undefined.type());
                VirtException e = assertThrows(VirtException.class, () -> c.lookupStoragePoolByName(name));
                assertEquals(ErrorCode.NO_STORAGE_POOL, e.code());
                assertEquals("Storage pool not found: no storage pool with matching name '" + name + "'", e.getMessage());
            }
        }
    }

    private static List<String> poolNames(List<io.jvirt.api.StoragePool> pools) {
        List<String> out = new ArrayList<>();
        for (io.jvirt.api.StoragePool p : pools) {
            out.add(p.name());
        }
        return out;
    }

    private static List<String> networkNames(List<io.jvirt.api.Network> nets) {
        List<String> out = new ArrayList<>();
        for (io.jvirt.api.Network n : nets) {
            out.add(n.name());
        }
        return out;
    }

    // ---------- listings ----------

    @Test
    public void everyListingFilterSelectsWhatLibvirtsDoes() throws Exception {
        try (Connection c = open()) {
            Map<String, Set<ListFilter>> expected = new LinkedHashMap<>();
            String inactive = name();
            define(c, inactive);
            expected.put(inactive, EnumSet.of(ListFilter.INACTIVE, ListFilter.PERSISTENT, ListFilter.SHUTOFF,
                ListFilter.NO_MANAGEDSAVE, ListFilter.NO_AUTOSTART, ListFilter.NO_SNAPSHOT));
            if (can.contains(Capability.AUTOSTART)) {
                String auto = name();
                define(c, auto).setAutostart(true);
                expected.put(auto, EnumSet.of(ListFilter.INACTIVE, ListFilter.PERSISTENT, ListFilter.SHUTOFF,
                    ListFilter.NO_MANAGEDSAVE, ListFilter.AUTOSTART, ListFilter.NO_SNAPSHOT));
            }
            if (can.contains(Capability.START)) {
                String running = name();
                define(c, running).create();
                expected.put(running, EnumSet.of(ListFilter.ACTIVE, ListFilter.PERSISTENT, ListFilter.RUNNING,
                    ListFilter.NO_MANAGEDSAVE, ListFilter.NO_AUTOSTART, ListFilter.NO_SNAPSHOT));
                if (can.contains(Capability.PAUSE)) {
                    String paused = name();
                    Domain p = define(c, paused);
                    p.create();
                    p.suspend();
                    expected.put(paused, EnumSet.of(ListFilter.ACTIVE, ListFilter.PERSISTENT, ListFilter.PAUSED,
                        ListFilter.NO_MANAGEDSAVE, ListFilter.NO_AUTOSTART, ListFilter.NO_SNAPSHOT));
                }
            }
            if (can.contains(Capability.TRANSIENT)) {
                String trans = name();
                c.createXml(fixture.domainXml(trans, UUID.randomUUID()));
                expected.put(trans, EnumSet.of(ListFilter.ACTIVE, ListFilter.TRANSIENT, ListFilter.RUNNING,
                    ListFilter.NO_MANAGEDSAVE, ListFilter.NO_AUTOSTART, ListFilter.NO_SNAPSHOT));
            }
            if (can.contains(Capability.MANAGED_SAVE)) {
                String saved = name();
                Domain s = define(c, saved);
                s.create();
                s.managedSave();
                expected.put(saved, EnumSet.of(ListFilter.INACTIVE, ListFilter.PERSISTENT, ListFilter.SHUTOFF,
                    ListFilter.MANAGEDSAVE, ListFilter.NO_AUTOSTART, ListFilter.NO_SNAPSHOT));
            }
            assertEquals(new TreeSet<>(expected.keySet()), mine(c.listAllDomains()), "no filter: all");
            for (ListFilter f : ListFilter.values()) {
                Set<String> want = new TreeSet<>();
                expected.forEach((n, props) -> {
                    if (props.contains(f)) {
                        want.add(n);
                    }
                });
                assertEquals(want, mine(c.listAllDomains(f)), "filter " + f);
            }
            // groups combine with AND, members of a group with OR (libvirt's rule)
            Set<String> activePersistent = new TreeSet<>();
            expected.forEach((n, p) -> {
                if (p.contains(ListFilter.ACTIVE) && p.contains(ListFilter.PERSISTENT)) {
                    activePersistent.add(n);
                }
            });
            assertEquals(activePersistent, mine(c.listAllDomains(ListFilter.ACTIVE, ListFilter.PERSISTENT)));
            assertEquals(new TreeSet<>(expected.keySet()), mine(c.listAllDomains(ListFilter.ACTIVE, ListFilter.INACTIVE)));
            long running = expected.values().stream().filter(p -> p.contains(ListFilter.ACTIVE)).count();
            assertTrue(c.numOfDomains() >= running);
        }
    }

    // ---------- concurrency ----------

    /**
     * Defines of new names and redefines of an existing one, at once: every new name is added
     * (DEFINED Added), every redefine is an update (DEFINED Updated; refused without
     * {@link Capability#REDEFINE}) and never loses the existing domain, and conflicting defines
     * fail without touching it.
     */
    @Test
    public void concurrentDefinesOfNewAndExistingNamesKeepEveryDomain() throws Exception {
        assumeDefine();
        try (Connection c = open(); Events events = can.contains(Capability.EVENTS) ? new Events(c) : null) {
            String existing = name();
            UUID asked = UUID.randomUUID();
            UUID uuid = uuidOf(c.defineXml(fixture.domainXml(existing, asked)), asked);
            List<String> fresh = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                fresh.add(name());
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
            try {
                for (String n : fresh) {
                    work.add(pool.submit(() -> {
                        go.await();
                        return c.defineXml(fixture.domainXml(n, UUID.randomUUID()));
                    }));
                    work.add(pool.submit(() -> {
                        go.await();
                        if (can.contains(Capability.REDEFINE)) {
                            return c.defineXml(fixture.domainXml(existing, uuid));
                        }
                        try {
                            c.defineXml(fixture.domainXml(existing, uuid));
                            unexpected.add(new AssertionError("a redefine of " + existing + " was accepted"));
                        } catch (VirtException e) {
                            // refused, as the driver edits no definition
                        }
                        return null;
                    }));
                    work.add(pool.submit(() -> {
                        go.await();
                        try {
                            c.defineXml(fixture.domainXml(existing, UUID.randomUUID()));
                            unexpected.add(new AssertionError("a second UUID for " + existing + " was accepted"));
                        } catch (VirtException e) {
                            if (can.contains(Capability.REDEFINE) && e.code() != ErrorCode.OPERATION_FAILED) {
                                unexpected.add(e);
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : work) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(List.of(), unexpected);
            assertEquals(uuid, c.lookupByName(existing).uuid(), "the existing domain survived");
            Set<String> all = mine(c.listAllDomains());
            assertTrue(all.containsAll(fresh), "every new domain was added: " + all);
            if (events != null) {
                for (String n : fresh) {
                    events.expect(n, DomainEventType.DEFINED, DomainEvent.DEFINED_ADDED);
                }
                List<DomainEvent> forExisting = events.all(existing,
                    can.contains(Capability.REDEFINE) ? 1 + fresh.size() : 1);
                assertEquals(DomainEvent.DEFINED_ADDED, forExisting.get(0).detail(), "first define: added");
                for (DomainEvent e : forExisting.subList(1, forExisting.size())) {
                    assertEquals(DomainEventType.DEFINED, e.type());
                    assertEquals(DomainEvent.DEFINED_UPDATED, e.detail(), "a redefine is an update: " + e);
                }
            }
        }
    }

    // ---------- helpers ----------

    /** {@code reason} for a driver with {@link Capability#STATE_REASONS}, else 0 (unknown). */
    private int reason(int reason) {
        return can.contains(Capability.STATE_REASONS) ? reason : StateReason.UNKNOWN;
    }

    private Set<String> mine(List<Domain> domains) {
        Set<String> out = new TreeSet<>();
        for (Domain d : domains) {
            if (d.name().startsWith(run)) {
                out.add(d.name());
            }
        }
        return out;
    }

    private static List<String> names(List<Domain> domains) {
        List<String> out = new ArrayList<>();
        for (Domain d : domains) {
            out.add(d.name());
        }
        return out;
    }

    private static String xmlName(String xml) {
        int a = xml.indexOf("<name>") + 6;
        return xml.substring(a, xml.indexOf("</name>", a));
    }

    /**
     * Runs {@code call}, which must fail with a {@link VirtException} of {@code code} (any code
     * when null: a refusal whose words are the driver's own).
     */
    protected static VirtException expect(ErrorCode code, Executable call) {
        VirtException e = assertThrows(VirtException.class, call);
        if (code != null) {
            assertEquals(code, e.code(), e.getMessage());
        }
        return e;
    }

    /** The lifecycle events of one connection, per domain, in arrival order. */
    private static final class Events implements AutoCloseable {
        private final BlockingQueue<DomainEvent> queue = new LinkedBlockingQueue<>();
        private final Map<String, List<DomainEvent>> seen = new LinkedHashMap<>();
        private final Registration reg;

        Events(Connection c) {
            Consumer<DomainEvent> sink = queue::add;
            this.reg = c.addDomainEventListener((conn, dom, ev) -> sink.accept(ev));
        }

        /** The next event of {@code name} must be {@code type}/{@code detail}. */
        void expect(String name, DomainEventType type, int detail) throws InterruptedException {
            DomainEvent e = next(name);
            assertEquals(type + " " + type.detailLabel(detail), e.type() + " " + e.type().detailLabel(e.detail()),
                "event of " + name);
        }

        /** The next {@code n} events of {@code name}. */
        List<DomainEvent> all(String name, int n) throws InterruptedException {
            List<DomainEvent> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(next(name));
            }
            return out;
        }

        private DomainEvent next(String name) throws InterruptedException {
            long end = System.currentTimeMillis() + EVENT_WAIT_MS;
            while (true) {
                List<DomainEvent> mine = seen.get(name);
                if (mine != null && !mine.isEmpty()) {
                    return mine.remove(0);
                }
                long left = end - System.currentTimeMillis();
                DomainEvent e = left <= 0 ? null : queue.poll(left, TimeUnit.MILLISECONDS);
                if (e == null) {
                    fail("no further event of " + name + " within " + EVENT_WAIT_MS + " ms");
                }
                seen.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(e);
            }
        }

        @Override
        public void close() {
            reg.close();
        }
    }
}
