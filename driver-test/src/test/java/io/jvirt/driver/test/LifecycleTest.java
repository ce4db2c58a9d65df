package io.jvirt.driver.test;

import static io.jvirt.driver.test.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.CreateFlag;
import io.jvirt.api.DestroyFlag;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ListFilter;
import io.jvirt.api.ShutdownFlag;
import io.jvirt.api.UndefineFlag;
import io.jvirt.api.XmlFlag;

/** The state machine: transitions, states and reasons, events in order, and libvirt's errors. */
class LifecycleTest {

    private static final String UUID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    private final io.jvirt.api.Connector connector = Fixture.connector();
    private final Connection conn = connector.open("test:///default");
    private final Fixture.Events events = new Fixture.Events(conn);

    @AfterEach
    void close() {
        events.close();
        conn.close();
    }

    private Domain define() {
        return conn.defineXml(Fixture.domainXml("vm", UUID));
    }

    @Test
    void fullLifecycleWithStatesReasonsAndEventsInOrder() throws Exception {
        Domain d = define();
        assertEquals("shut off (unknown)", d.state().toString());
        assertEquals(-1, d.id());
        d.create();
        assertEquals("running (booted)", d.state().toString());
        assertEquals(2, d.id()); // "test" has id 1
        d.suspend();
        assertEquals("paused (user)", d.state().toString());
        d.resume();
        assertEquals("running (unpaused)", d.state().toString());
        d.reboot();
        assertEquals("running (booted)", d.state().toString());
        d.reset();
        d.shutdown();
        assertEquals("shut off (shutdown)", d.state().toString());
        d.create();
        assertEquals(3, d.id()); // ids only grow
        d.destroy();
        assertEquals("shut off (destroyed)", d.state().toString());
        d.undefine();
        assertEquals(List.of(
            "Defined Added vm",
            "Started Booted vm",
            "Suspended Paused vm",
            "Resumed Unpaused vm",
            // reboot (on_reboot=restart) and reset send no lifecycle event in libvirt's test driver;
            // shutdown goes straight to Stopped Shutdown
            "Stopped Shutdown vm",
            "Started Booted vm",
            "Stopped Destroyed vm",
            "Undefined Removed vm"), events.next(8));
        assertError(ErrorCode.NO_DOMAIN, "Domain not found", () -> conn.lookupByName("vm"));
        assertError(ErrorCode.NO_DOMAIN, "Domain not found: no domain with matching uuid '" + UUID + "' (vm)", d::state);
    }

    @Test
    void invalidTransitionsFailWithLibvirtsCodesAndWords() {
        Domain d = define();
        // inactive
        assertError(ErrorCode.INTERNAL_ERROR, "internal error: domain 'vm' not running", d::shutdown);
        assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: domain is not running", d::destroy);
        assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: domain is not running", d::reboot);
        assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: domain is not running", d::reset);
        assertError(ErrorCode.INTERNAL_ERROR, "internal error: domain 'vm' not running", d::suspend);
        assertError(ErrorCode.INTERNAL_ERROR, "internal error: domain 'vm' not paused", d::resume);
        assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: domain is not running", d::managedSave);
        // running
        d.create();
        assertError(ErrorCode.INTERNAL_ERROR, "internal error: Domain 'vm' is already running", d::create);
        assertError(ErrorCode.INTERNAL_ERROR, "internal error: domain 'vm' not paused", d::resume);
        assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: cannot rename active domain",
            () -> d.rename("other"));
        // paused
        d.suspend();
        assertError(ErrorCode.INTERNAL_ERROR, "internal error: domain 'vm' not running", d::suspend);
        assertError(ErrorCode.INTERNAL_ERROR, "internal error: Domain 'vm' is already running", d::create);
        // a paused domain can still be shut down
        d.shutdown();
        assertEquals(DomainState.SHUTOFF, d.state().state());
    }

    @Test
    void unknownFlagsAreRefusedAsVirCheckFlagsDoes() {
        Domain d = define();
        assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x4) in function testDomainCreateWithFlags",
            () -> d.create(CreateFlag.BYPASS_CACHE));
        d.create();
        assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x1) in function testDomainShutdownFlags",
            () -> d.shutdown(ShutdownFlag.ACPI_POWER_BTN));
        assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x20) in function testDomainUndefineFlags",
            () -> d.undefine(UndefineFlag.TPM));
        assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x4) in function testDomainCreateXML",
            () -> conn.createXml(Fixture.domainXml("t", "aaaaaaaa-bbbb-cccc-dddd-000000000001"), CreateFlag.BYPASS_CACHE));
        d.reboot(ShutdownFlag.ACPI_POWER_BTN, ShutdownFlag.PARAVIRT);
        d.destroy(DestroyFlag.GRACEFUL);
        assertEquals("shut off (destroyed)", d.state().toString());
    }

    @Test
    void autoDestroyDomainsGoWithTheConnectionThatStartedThem() throws Exception {
        Domain persistent = define();
        try (Connection other = connector.open("test:///default")) {
            other.createXml(Fixture.domainXml("ad", "aaaaaaaa-bbbb-cccc-dddd-000000000003"), CreateFlag.AUTODESTROY);
            other.lookupByName("vm").create(CreateFlag.AUTODESTROY);
            assertTrue(conn.lookupByName("ad").isActive());
            assertTrue(persistent.isActive());
        }
        // closing the connection destroyed both: the transient one is gone, the persistent one is off
        assertError(ErrorCode.NO_DOMAIN, "Domain not found", () -> conn.lookupByName("ad"));
        assertEquals("shut off (destroyed)", persistent.state().toString());
    }

    @Test
    void startPausedLeavesTheGuestPausedByTheUser() throws Exception {
        Domain d = define();
        d.create(CreateFlag.PAUSED);
        assertEquals("paused (user)", d.state().toString());
        assertTrue(d.isActive());
        d.resume();
        assertEquals("running (unpaused)", d.state().toString());

        Domain t = conn.createXml(Fixture.domainXml("tp", "aaaaaaaa-bbbb-cccc-dddd-000000000002"), CreateFlag.PAUSED);
        assertEquals("paused (user)", t.state().toString());
        assertEquals(List.of("Defined Added vm", "Started Booted vm", "Suspended Paused vm", "Resumed Unpaused vm",
            "Started Booted tp", "Suspended Paused tp"), events.next(6));
    }

    @Test
    void createXmlMakesATransientDomainThatGoesWhenItStops() throws Exception {
        Domain t = conn.createXml(Fixture.domainXml("tr", UUID));
        assertTrue(t.isActive());
        assertFalse(t.isPersistent());
        assertEquals("running (booted)", t.state().toString());
        assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: domain 'tr' is already active",
            () -> conn.createXml(Fixture.domainXml("tr", UUID)));
        assertError(ErrorCode.OPERATION_INVALID,
            "Requested operation is not valid: cannot do managed save for transient domain", t::managedSave);
        t.destroy();
        assertEquals(List.of("Started Booted tr", "Stopped Destroyed tr"), events.next(2));
        assertError(ErrorCode.NO_DOMAIN, "Domain not found", () -> conn.lookupByName("tr"));
    }

    @Test
    void createXmlOfADefinedDomainRunsTheGivenDefinitionAndKeepsThePersistentOne() {
        Domain d = define();
        conn.createXml(Fixture.domainXml("vm", UUID).replace("/guest/a.img", "/guest/live.img"));
        assertTrue(d.isPersistent());
        assertTrue(d.xmlDesc().contains("/guest/live.img"));
        assertTrue(d.xmlDesc(XmlFlag.INACTIVE).contains("/guest/a.img"));
        d.destroy();
        assertTrue(d.xmlDesc().contains("/guest/a.img"));
    }

    @Test
    void undefineOfARunningDomainMakesItTransient() throws Exception {
        Domain d = define();
        d.create();
        d.undefine();
        assertTrue(d.isActive());
        assertFalse(d.isPersistent());
        d.shutdown();
        assertEquals(List.of("Defined Added vm", "Started Booted vm", "Undefined Removed vm", "Stopped Shutdown vm"),
            events.next(4));
        assertError(ErrorCode.NO_DOMAIN, "Domain not found", () -> conn.lookupByName("vm"));
    }

    @Test
    void redefiningAnExistingDomainIsAnUpdate() throws Exception {
        define();
        define();
        Domain t = conn.createXml(Fixture.domainXml("tr", "aaaaaaaa-bbbb-cccc-dddd-000000000002"));
        // defining a running transient domain makes it persistent: libvirt calls that "Added"
        conn.defineXml(Fixture.domainXml("tr", "aaaaaaaa-bbbb-cccc-dddd-000000000002"));
        assertTrue(t.isPersistent());
        assertEquals(List.of("Defined Added vm", "Defined Updated vm", "Started Booted tr", "Defined Added tr"),
            events.next(4));
        assertError(ErrorCode.OPERATION_FAILED,
            "operation failed: domain 'vm' already exists with uuid " + UUID,
            () -> conn.defineXml(Fixture.domainXml("vm", "aaaaaaaa-bbbb-cccc-dddd-000000000003")));
        assertError(ErrorCode.OPERATION_FAILED,
            "operation failed: domain 'vm' is already defined with uuid " + UUID,
            () -> conn.defineXml(Fixture.domainXml("vm2", UUID)));
    }

    @Test
    void managedSaveStopsTheDomainAndTheNextStartBootsIt() throws Exception {
        Domain d = define();
        d.create();
        d.managedSave();
        assertEquals("shut off (saved)", d.state().toString());
        assertTrue(d.hasManagedSaveImage());
        assertEquals(1, conn.listAllDomains(ListFilter.MANAGEDSAVE).size());
        assertError(ErrorCode.OPERATION_INVALID,
            "Requested operation is not valid: Refusing to undefine while domain managed save image exists", d::undefine);
        d.create();
        assertFalse(d.hasManagedSaveImage());
        // libvirt's test driver boots the domain again (it keeps no memory image): Started Booted
        assertEquals(List.of("Defined Added vm", "Started Booted vm", "Stopped Saved vm", "Started Booted vm"),
            events.next(4));
        d.managedSave();
        d.managedSaveRemove();
        assertFalse(d.hasManagedSaveImage());
        d.create();
        d.managedSave();
        d.undefine(UndefineFlag.MANAGED_SAVE);
        assertError(ErrorCode.NO_DOMAIN, "Domain not found", () -> conn.lookupByName("vm"));
    }

    @Test
    void renameSendsUndefinedThenDefinedRenamed() throws Exception {
        Domain d = define();
        d.rename("vm-new");
        assertEquals("vm-new", conn.lookupByUuidString(UUID).name());
        assertTrue(conn.lookupByName("vm-new").xmlDesc().contains("<name>vm-new</name>"));
        assertEquals(List.of("Defined Added vm", "Undefined Renamed vm", "Defined Renamed vm-new"), events.next(3));
        Domain renamed = conn.lookupByName("vm-new");
        assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: Can't rename domain to itself",
            () -> renamed.rename("vm-new"));
        assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: domain with name 'test' already exists",
            () -> renamed.rename("test"));
        assertError(ErrorCode.XML_ERROR, "XML error: name a/b cannot contain '/'", () -> renamed.rename("a/b"));
        Domain t = conn.createXml(Fixture.domainXml("tr", "aaaaaaaa-bbbb-cccc-dddd-000000000004"));
        t.suspend();
        assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: cannot rename active domain",
            () -> t.rename("x"));
    }

    @Test
    void autostartIsOnlyRemembered() {
        Domain d = define();
        assertFalse(d.autostart());
        d.setAutostart(true);
        assertTrue(d.autostart());
        assertEquals(List.of("vm"), conn.listAllDomains(ListFilter.AUTOSTART).stream().map(Domain::name).toList());
        assertEquals(DomainState.SHUTOFF, d.state().state()); // nothing starts it
    }

    /** libvirt's test driver gives the host's clock as every domain's CPU time, in every state (virsh prints it then). */
    @Test
    void cpuTimeIsTheHostsClockInEveryStateAsInLibvirtsTestDriver() {
        Domain d = define();
        long before = System.currentTimeMillis() * 1_000_000L;
        long shutOff = d.info().cpuTimeNs();
        assertTrue(shutOff >= before - 1_000_000L, shutOff + " is not the host's clock " + before);
        d.create();
        d.suspend();
        long paused = d.info().cpuTimeNs();
        assertTrue(paused >= shutOff, "the clock went back: " + shutOff + " then " + paused);
        d.destroy();
        assertTrue(d.info().cpuTimeNs() >= paused);
    }

    @Test
    void listingFiltersAndCounts() {
        Domain d = define();
        conn.createXml(Fixture.domainXml("tr", "aaaaaaaa-bbbb-cccc-dddd-000000000005"));
        assertEquals(List.of("test", "tr", "vm"), conn.listAllDomains().stream().map(Domain::name).toList());
        assertEquals(List.of("vm"), conn.listAllDomains(ListFilter.INACTIVE).stream().map(Domain::name).toList());
        assertEquals(List.of("tr"), conn.listAllDomains(ListFilter.TRANSIENT).stream().map(Domain::name).toList());
        assertEquals(2, conn.numOfDomains());
        assertEquals(1, conn.numOfDefinedDomains());
        d.create();
        d.suspend();
        assertEquals(List.of("vm"), conn.listAllDomains(ListFilter.PAUSED).stream().map(Domain::name).toList());
    }

    @Test
    void xmlDescFlags() {
        Domain d = define();
        assertTrue(d.xmlDesc().startsWith("<domain type='test'>"));
        d.create();
        assertTrue(d.xmlDesc().startsWith("<domain type='test' id='2'>"), d.xmlDesc());
        assertTrue(d.xmlDesc(XmlFlag.INACTIVE).startsWith("<domain type='test'>"));
        assertTrue(d.xmlDesc(XmlFlag.SECURE, XmlFlag.MIGRATABLE, XmlFlag.UPDATE_CPU).contains("<name>vm</name>"));
    }

    @Test
    void defineRefusesANameWithANewline() {
        assertError(ErrorCode.XML_DETAIL, "invalid char in name: 0x0a",
            () -> conn.defineXml(Fixture.domainXml("a&#10;b", UUID)));
    }

    @Test
    void undefineOfATransientDomainIsAcceptedAsInLibvirtsTestDriver() throws Exception {
        Domain t = conn.createXml(Fixture.domainXml("tr", UUID));
        t.undefine();
        assertTrue(t.isActive());
        assertEquals(List.of("Started Booted tr", "Undefined Removed tr"), events.next(2));
    }
}
