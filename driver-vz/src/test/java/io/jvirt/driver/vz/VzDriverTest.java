package io.jvirt.driver.vz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ListFilter;
import io.jvirt.api.StateReason;
import io.jvirt.api.UndefineFlag;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.LibvirtSchemas;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.core.spi.ConnectRequest;

/** The Virtuozzo driver against the stand-in prlctl and prlsrvctl: libvirt's vz semantics, call by call. */
class VzDriverTest {

    private VzFixture fx;
    private Path disk;
    private Path data;

    @BeforeEach
    void setUp() throws Exception {
        fx = VzFixture.create();
        disk = fx.image("disk one.hdd");
        data = fx.image("data.hdd");
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private String vm(String name, UUID uuid) {
        return "<domain type='vz'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
            + "<memory unit='KiB'>1048576</memory><vcpu>2</vcpu>"
            + "<os><type arch='x86_64'>hvm</type></os>"
            + "<devices>"
            + "<disk type='file' device='disk'><source file='" + disk + "'/><target dev='sda' bus='sata'/></disk>"
            + "<disk type='file' device='disk'><source file='" + data + "'/><target dev='hdb' bus='ide'/></disk>"
            + "<interface type='network'><mac address='00:1c:42:aa:bb:cc'/><source network='Bridged'/></interface>"
            + "</devices></domain>";
    }

    @Test
    void aVirtualMachineWithDisksAndANicComesBackAsLibvirtsVzXml() throws Exception {
        try (Connection c = fx.open()) {
            UUID uuid = UUID.randomUUID();
            Domain d = c.defineXml(vm("web", uuid));
            assertEquals(uuid, d.uuid());
            String xml = d.xmlDesc();
            LibvirtSchemas.require();
            LibvirtSchemas.assertValid("domain.rng", xml, "vz dumpxml");
            assertTrue(xml.startsWith("<domain type='vz'>"), xml);
            assertTrue(xml.contains("<memory unit='KiB'>1048576</memory>"), xml);
            assertTrue(xml.contains("<vcpu placement='static'>2</vcpu>"), xml);
            assertTrue(xml.contains("<type arch='x86_64'>hvm</type>"), xml);
            assertTrue(xml.contains("<source file='" + disk + "'/>") && xml.contains("<target dev='sda' bus='sata'/>"), xml);
            assertTrue(xml.contains("<source file='" + data + "'/>") && xml.contains("<target dev='hdb' bus='ide'/>"), xml);
            assertTrue(xml.contains("<mac address='00:1c:42:aa:bb:cc'/>") && xml.contains("<source network='Bridged'/>"), xml);
            assertEquals("hvm", d.osType());
            // what prlctl was asked: one argv element per value, the definition's UUID
            List<String> calls = fx.standIn.calls();
            assertTrue(calls.contains("create web --vmtype vm --uuid " + uuid), calls.toString());
            assertTrue(calls.contains("set " + uuid + " --memsize 1024 --cpus 2"), calls.toString());
            assertTrue(calls.contains("set " + uuid + " --device-add hdd --image " + disk + " --iface sata --position 0"),
                calls.toString());
            assertTrue(calls.contains("set " + uuid + " --device-add net --network Bridged --mac 001C42AABBCC"), calls.toString());
            // the dump defines the same environment again
            d.undefine();
            assertEquals(xml, c.defineXml(xml).xmlDesc());
        }
    }

    @Test
    void aContainerIsOsTypeExeWithInit() throws Exception {
        try (Connection c = fx.open()) {
            UUID uuid = UUID.randomUUID();
            Domain d = c.defineXml("<domain type='vz'><name>ct1</name><uuid>" + uuid + "</uuid>"
                + "<memory unit='KiB'>262144</memory><vcpu>1</vcpu><os><type>exe</type><init>/sbin/init</init></os></domain>");
            assertTrue(fx.standIn.calls().contains("create ct1 --vmtype ct --uuid " + uuid), fx.standIn.calls().toString());
            assertEquals("exe", d.osType());
            String xml = d.xmlDesc();
            LibvirtSchemas.require();
            LibvirtSchemas.assertValid("domain.rng", xml, "vz container dumpxml");
            assertTrue(xml.contains("<type arch='x86_64'>exe</type>") && xml.contains("<init>/sbin/init</init>"), xml);
            d.create();
            assertEquals(DomainState.RUNNING, d.state().state());
            d.destroy();
        }
    }

    @Test
    void aLifecycleUsesPrlctlsCommandsAndLibvirtsStatesIdsAndEvents() throws Exception {
        try (Connection c = fx.open()) {
            BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            c.addDomainEventListener((conn, dom, ev) -> events.add(ev));
            Domain d = c.defineXml(vm("web", UUID.randomUUID()));
            String u = d.uuid().toString();
            assertEquals(-1, d.id());
            d.create();
            // libvirt's id: the EnvID while active (the stand-in's first is 101)
            assertEquals(101, d.id());
            assertEquals(d.uuid(), c.lookupById(101).uuid());
            assertEquals(new StateReason(DomainState.RUNNING, StateReason.RUNNING_BOOTED), d.state());
            assertEquals(List.of("web"), c.listAllDomains(ListFilter.ACTIVE).stream().map(Domain::name).toList());
            VirtException again = assertThrows(VirtException.class, d::create);
            assertEquals(ErrorCode.OPERATION_INVALID, again.code());
            assertEquals("Requested operation is not valid: Can't change domain state.", again.getMessage());
            d.suspend();
            assertEquals(new StateReason(DomainState.PAUSED, StateReason.PAUSED_USER), d.state());
            assertEquals(ErrorCode.OPERATION_INVALID, assertThrows(VirtException.class, d::suspend).code());
            assertEquals(ErrorCode.OPERATION_INVALID, assertThrows(VirtException.class, () -> d.reboot()).code());
            d.resume();
            assertEquals(new StateReason(DomainState.RUNNING, StateReason.RUNNING_UNPAUSED), d.state());
            d.reboot();
            assertEquals(new StateReason(DomainState.RUNNING, StateReason.RUNNING_BOOTED), d.state());
            d.shutdown();
            assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_SHUTDOWN), d.state());
            assertEquals(ErrorCode.OPERATION_INVALID, assertThrows(VirtException.class, () -> d.shutdown()).code());
            assertEquals(ErrorCode.OPERATION_INVALID, assertThrows(VirtException.class, d::destroy).code());
            assertEquals(ErrorCode.OPERATION_INVALID, assertThrows(VirtException.class, d::resume).code());
            d.create();
            d.destroy();
            assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_DESTROYED), d.state());
            assertEquals(-1, d.id());
            List<String> calls = fx.standIn.calls();
            for (String call : List.of("start " + u, "pause " + u, "resume " + u, "restart " + u, "stop " + u,
                "stop " + u + " --kill")) {
                assertTrue(calls.contains(call), call + " in " + calls);
            }
            d.undefine();
            next(events, "web", DomainEventType.DEFINED, DomainEvent.DEFINED_ADDED);
            next(events, "web", DomainEventType.STARTED, DomainEvent.STARTED_BOOTED);
            next(events, "web", DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
            next(events, "web", DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED);
            next(events, "web", DomainEventType.STOPPED, DomainEvent.STOPPED_SHUTDOWN);
            next(events, "web", DomainEventType.STARTED, DomainEvent.STARTED_BOOTED);
            next(events, "web", DomainEventType.STOPPED, DomainEvent.STOPPED_DESTROYED);
            next(events, "web", DomainEventType.UNDEFINED, DomainEvent.UNDEFINED_REMOVED);
        }
    }

    /** libvirt's prlsdkConvertDomainState, state by state, as prlctl names them. */
    @ParameterizedTest
    @CsvSource({
        "running, RUNNING, 1, true", "stopped, SHUTOFF, 1, false", "mounted, SHUTOFF, 1, false",
        "suspended, SHUTOFF, 5, false", "paused, PAUSED, 1, true", "stopping, SHUTDOWN, 1, true",
        "starting, RUNNING, 1, true", "restoring, RUNNING, 3, true", "continuing, RUNNING, 5, true",
        "snapshoting, PAUSED, 9, true", "migrating, PAUSED, 2, true", "suspending, PAUSED, 3, true",
        "unknown, NOSTATE, 0, false", "some-future-state, NOSTATE, 0, false"})
    void statesMapAsLibvirtsVzDriverMapsThem(String word, DomainState state, int reason, boolean active) throws Exception {
        try (Connection c = fx.open()) {
            Domain d = c.defineXml(VzFixture.xml("g", UUID.randomUUID()));
            fx.standIn.setState(d.uuid(), word);
            assertEquals(new StateReason(state, reason), d.state());
            assertEquals(active, d.isActive());
            assertEquals(active ? 101 : -1, c.lookupByName("g").id(), "a fresh handle: one keeps the id it was given");
            assertEquals(state, d.info().state());
            assertEquals(word.equals("suspended"), d.hasManagedSaveImage());
        }
    }

    @Test
    void anotherClientsChangesAreSeenAndMakeEvents() throws Exception {
        try (Connection c = fx.open()) {
            Domain d = c.defineXml(VzFixture.xml("g", UUID.randomUUID()));
            BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            c.addDomainEventListener((conn, dom, ev) -> events.add(ev));
            fx.standIn.setState(d.uuid(), "starting"); // a transition: no event of its own
            fx.standIn.setState(d.uuid(), "running");
            next(events, "g", DomainEventType.STARTED, DomainEvent.STARTED_BOOTED);
            fx.standIn.setState(d.uuid(), "suspended");
            next(events, "g", DomainEventType.STOPPED, DomainEvent.STOPPED_SAVED);
            fx.standIn.setState(d.uuid(), "mounted");
            fx.standIn.setState(d.uuid(), "running");
            next(events, "g", DomainEventType.STARTED, DomainEvent.STARTED_RESTORED);
        }
    }

    @Test
    void managedSaveSuspendsAndUndefineThenNeedsItsFlag() throws Exception {
        try (Connection c = fx.open()) {
            Domain d = c.defineXml(vm("web", UUID.randomUUID()));
            d.create();
            assertEquals(ErrorCode.OPERATION_INVALID, assertThrows(VirtException.class, d::undefine).code());
            d.managedSave();
            assertTrue(fx.standIn.calls().contains("suspend " + d.uuid()));
            assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_SAVED), d.state());
            assertTrue(d.hasManagedSaveImage());
            VirtException e = assertThrows(VirtException.class, d::undefine);
            assertEquals(ErrorCode.OPERATION_INVALID, e.code());
            assertTrue(e.getMessage().endsWith("Refusing to undefine while domain managed save image exists"), e.getMessage());
            d.undefine(UndefineFlag.MANAGED_SAVE);
            assertEquals(List.of(), fx.standIn.registered());
        }
    }

    /** libvirt's prlsdkUnregisterDomain detaches the hard disks before the delete: the images stay. */
    @Test
    void undefineDetachesTheDisksSoTheirImagesStay() throws Exception {
        try (Connection c = fx.open()) {
            Domain d = c.defineXml(vm("web", UUID.randomUUID()));
            d.undefine();
            assertEquals(List.of(), fx.standIn.deletedWithImages(d.uuid()), "no image left attached at the delete");
            assertTrue(Files.exists(disk) && Files.exists(data));
            assertEquals(ErrorCode.NO_DOMAIN, assertThrows(VirtException.class, () -> c.lookupByName("web")).code());
        }
    }

    /** Every step of a define failing: the environment is removed again, its images detached first. */
    @ParameterizedTest
    @ValueSource(strings = {"create", "set"})
    void aDefineThatFailsHalfWayLeavesNothing(String step) throws Exception {
        try (Connection c = fx.open()) {
            fx.standIn.failNext(step);
            VirtException e = assertThrows(VirtException.class, () -> c.defineXml(vm("web", UUID.randomUUID())));
            assertEquals(ErrorCode.OPERATION_FAILED, e.code());
            assertTrue(e.getMessage().contains("The test made '" + step + "' fail"), e.getMessage());
            assertEquals(List.of(), fx.standIn.registered());
            assertTrue(Files.exists(disk));
        }
    }

    @Test
    void aRefusalOfPrlctlIsOperationFailedInItsWords() throws Exception {
        try (Connection c = fx.open()) {
            Domain d = c.defineXml(VzFixture.xml("g", UUID.randomUUID()));
            fx.standIn.failNext("start");
            VirtException e = assertThrows(VirtException.class, d::create);
            assertEquals(ErrorCode.OPERATION_FAILED, e.code());
            assertTrue(e.getMessage().contains("The test made 'start' fail"), e.getMessage());
            assertEquals(DomainState.SHUTOFF, d.state().state());
        }
    }

    @Test
    void whatPrlctlCannotBeToldIsRefusedBeforeAnythingIsCreated() throws Exception {
        try (Connection c = fx.open()) {
            for (String xml : List.of(
                VzFixture.xml("a", UUID.randomUUID()).replace("type='vz'", "type='kvm'"),
                VzFixture.xml("b", UUID.randomUUID()).replace("hvm", "xen"),
                VzFixture.xml("c", UUID.randomUUID()).replace("</os>", "</os><devices><watchdog model='i6300esb'/></devices>"),
                VzFixture.xml("d", UUID.randomUUID()).replace("</os>",
                    "</os><devices><interface type='bridge'><source bridge='br0'/></interface></devices>"),
                VzFixture.xml("e", UUID.randomUUID()).replace("</os>",
                    "</os><devices><disk type='file' device='disk'><source file='relative.hdd'/><target dev='sda'/></disk></devices>"))) {
                assertEquals(ErrorCode.CONFIG_UNSUPPORTED, assertThrows(VirtException.class, () -> c.defineXml(xml)).code(), xml);
            }
            assertTrue(fx.standIn.calls().stream().noneMatch(l -> l.startsWith("create")), fx.standIn.calls().toString());
        }
    }

    @Test
    void aNameTakenByAnotherEnvironmentIsRefused() throws Exception {
        try (Connection c = fx.open()) {
            Domain d = c.defineXml(VzFixture.xml("g", UUID.randomUUID()));
            assertEquals(ErrorCode.OPERATION_FAILED,
                assertThrows(VirtException.class, () -> c.defineXml(VzFixture.xml("g", UUID.randomUUID()))).code());
            assertEquals(ErrorCode.DOM_EXIST,
                assertThrows(VirtException.class, () -> c.defineXml(VzFixture.xml("h", d.uuid()))).code());
        }
    }

    /** A name is one argv element: nothing of it reaches a shell. */
    @Test
    void aNameFullOfShellIsOneArgument() throws Exception {
        try (Connection c = fx.open()) {
            String name = "a b;$(touch pwned)`x`'\"";
            Domain d = c.defineXml(VzFixture.xml(name.replace("'", "&apos;").replace("\"", "&quot;"), UUID.randomUUID()));
            assertEquals(name, d.name());
            assertEquals(name, c.lookupByName(name).name());
            assertFalse(Files.exists(Path.of("pwned")));
            d.create();
            d.destroy();
        }
    }

    @Test
    void theUrisAreLibvirtsVzAndParallels() throws Exception {
        try (Connection c = fx.open()) {
            assertEquals("vz", c.type());
            assertEquals("vz:///system", c.uri());
        }
        try (Connection c = fx.open("parallels:///system")) {
            assertEquals("Parallels", c.type());
        }
        VirtException e = assertThrows(VirtException.class, () -> fx.open("vz:///session"));
        assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
        assertTrue(e.getMessage().endsWith("Unexpected Virtuozzo URI path '/session', try vz:///system"), e.getMessage());
        assertNull(fx.driver.open(new ConnectRequest(URI.create("vz://remote.example/system"), false)), "the remote driver's");
        assertNull(fx.driver.open(new ConnectRequest(URI.create("qemu:///system"), false)));
    }

    @Test
    void theHostIsWhatPrlsrvctlSays() throws Exception {
        Files.createDirectories(fx.standIn.state());
        Files.writeString(fx.standIn.state().resolve("version"), "7.5.3 (build 42)");
        Files.writeString(fx.standIn.state().resolve("hostname"), "vz7.example.org");
        try (Connection c = fx.open()) {
            // libvirt's vzInitVersion keeps the first two numbers
            assertEquals(7_005_000L, c.hypervisorVersion());
            assertEquals("vz7.example.org", c.hostname());
            assertEquals(1028, c.maxVcpus("vz"));
            assertEquals(1028, c.maxVcpus("Parallels"));
            assertEquals(ErrorCode.INVALID_ARG, assertThrows(VirtException.class, () -> c.maxVcpus("kvm")).code());
            assertTrue(c.nodeInfo().cpus() > 0);
        }
        assertTrue(Files.readString(fx.standIn.state().resolve("srvcalls.log")).contains("info -j"));
    }

    @Test
    void aServerThatCannotBeAskedIsAnErrorAtConnect() throws Exception {
        fx.standIn.failNext("info");
        VirtException e = assertThrows(VirtException.class, () -> fx.open());
        assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
        assertTrue(e.getMessage().contains("Virtuozzo is not available"), e.getMessage());
        // probed again at the next connect
        try (Connection c = fx.open()) {
            assertEquals("vz", c.type());
        }
    }

    /** prlctl's JSON is hostile input: every malformed, oversized or nonsensical listing is a parse error. */
    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "{\"a\": 1}",
        "[{\"ID\": \"{not-a-uuid}\"}]",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "[{\"ID\": \"{11111111-2222-3333-4444-555555555555}\", \"EnvID\": 1, \"Name\": \"x\\ny\", \"Type\": \"VM\", \"State\": \"running\","
            + " \"Hardware\": {\"cpu\": {\"cpus\": 1}, \"memory\": {\"size\": \"64Mb\"}}}]",
        "[{\"ID\": \"{11111111-2222-3333-4444-555555555555}\", \"EnvID\": 1, \"Name\": \"x\", \"Type\": \"VM\", \"State\": \"running\","
            + " \"Hardware\": {\"cpu\": {\"cpus\": 99999999}, \"memory\": {\"size\": \"64Mb\"}}}]",
        "[{\"ID\": \"{11111111-2222-3333-4444-555555555555}\", \"EnvID\": 1, \"Name\": \"x\", \"Type\": \"VM\", \"State\": \"running\","
            + " \"Hardware\": {\"cpu\": {\"cpus\": 1}, \"memory\": {\"size\": \"64Gb\"}}}]",
        "[{\"ID\": \"{11111111-2222-3333-4444-555555555555}\", \"EnvID\": 1, \"Name\": \"x\", \"Name\": \"y\", \"Type\": \"VM\","
            + " \"State\": \"running\", \"Hardware\": {\"cpu\": {\"cpus\": 1}, \"memory\": {\"size\": \"64Mb\"}}}]",
        "[{\"ID\": \"{11111111-2222-3333-4444-555555555555}\", \"EnvID\": 1, \"Name\": \"x\", \"Type\": \"VM\", \"State\": \"running\","
            + " \"Hardware\": {\"cpu\": {\"cpus\": 1}, \"memory\": {\"size\": \"64Mb\"}, \"hdd0\": {\"image\": \"relative\", \"port\": \"sata:0\"}}}]",
        "[{\"ID\": \"{11111111-2222-3333-4444-555555555555}\", \"EnvID\": 1, \"Name\": \"x\", \"Type\": \"VM\", \"State\": \"running\","
            + " \"Hardware\": {\"cpu\": {\"cpus\": 1}, \"memory\": {\"size\": \"64Mb\"}, \"net0\": {\"mac\": \"zz\", \"network\": \"n\"}}}]"})
    void aHostileListingIsAParseError(String listing) throws Exception {
        try (Connection c = fx.open()) {
            fx.standIn.replacePrlctl(listing);
            VirtException e = assertThrows(VirtException.class, () -> c.listAllDomains());
            assertEquals(ErrorCode.OPERATION_FAILED, e.code());
            assertTrue(e.getMessage().contains("Can't parse prlctl output"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void anOversizedListingIsRefused() throws Exception {
        try (Connection c = fx.open()) {
            fx.standIn.replacePrlctl("[" + "\"x\",".repeat(300_000) + "\"x\"]");
            VirtException e = assertThrows(VirtException.class, () -> c.listAllDomains());
            assertEquals(ErrorCode.OPERATION_FAILED, e.code());
        }
    }

    /** A prlctl that hangs is stopped at the command timeout, and the call fails. */
    @Test
    void aHungPrlctlTimesOut() throws Exception {
        VzDriver quick = new VzDriver(new VzSettings(fx.standIn.prlctl(), fx.standIn.prlsrvctl(), Duration.ofSeconds(1),
            Duration.ofSeconds(60)));
        try (Connection c = StandaloneConnector.create(VzFixture.URI, quick).open(VzFixture.URI)) {
            Files.writeString(fx.standIn.prlctl(), "#!/bin/sh\nexec sleep 30\n");
            VirtException e = assertThrows(VirtException.class, () -> c.listAllDomains());
            assertEquals(ErrorCode.OPERATION_TIMEOUT, e.code(), e.getMessage());
        }
    }

    private static void next(BlockingQueue<DomainEvent> q, String name, DomainEventType type, int detail) throws InterruptedException {
        while (true) {
            DomainEvent e = q.poll(60, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no " + type + " event of " + name);
            }
            if (e.name().equals(name)) {
                assertEquals(type + "/" + detail, e.type() + "/" + e.detail(), e.toString());
                return;
            }
        }
    }
}
