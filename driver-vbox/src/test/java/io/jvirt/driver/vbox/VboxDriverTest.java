package io.jvirt.driver.vbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.params.provider.ValueSource;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ListFilter;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.LibvirtSchemas;
import io.jvirt.core.runtime.StandaloneConnector;

/** The VirtualBox driver against the stand-in VBoxManage: libvirt's vbox semantics, call by call. */
class VboxDriverTest {

    private VboxFixture fx;
    private Path disk;
    private Path iso;

    @BeforeEach
    void setUp() throws Exception {
        fx = VboxFixture.create();
        disk = fx.image("disk one.vdi");
        iso = fx.image("install.iso");
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private String full(String name, UUID uuid) {
        return "<domain type='vbox'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
            + "<memory unit='KiB'>524288</memory><vcpu>2</vcpu>"
            + "<os><type arch='x86_64'>hvm</type><boot dev='cdrom'/><boot dev='hd'/></os>"
            + "<features><acpi/><apic/></features>"
            + "<devices>"
            + "<disk type='file' device='disk'><source file='" + disk + "'/><target dev='sda' bus='sata'/></disk>"
            + "<disk type='file' device='cdrom'><source file='" + iso + "'/><target dev='hdc' bus='ide'/><readonly/></disk>"
            + "<interface type='bridge'><mac address='52:54:00:12:34:56'/><source bridge='br0'/><model type='82540em'/></interface>"
            + "</devices></domain>";
    }

    @Test
    void aDefinitionWithADiskAndANicComesBackAsLibvirtsVboxXml() throws Exception {
        try (Connection c = fx.open()) {
            UUID uuid = UUID.randomUUID();
            Domain d = c.defineXml(full("web", uuid));
            assertEquals(uuid, d.uuid());
            String xml = d.xmlDesc();
            LibvirtSchemas.require();
            LibvirtSchemas.assertValid("domain.rng", xml, "vbox dumpxml");
            assertTrue(xml.startsWith("<domain type='vbox'>"), xml);
            assertTrue(xml.contains("<memory unit='KiB'>524288</memory>"), xml);
            assertTrue(xml.contains("<vcpu placement='static'>2</vcpu>"), xml);
            assertTrue(xml.contains("<boot dev='cdrom'/>\n    <boot dev='hd'/>"), xml);
            assertTrue(xml.contains("<acpi/>") && xml.contains("<apic/>") && !xml.contains("<pae/>"), xml);
            assertTrue(xml.contains("<source file='" + disk + "'/>"), xml);
            assertTrue(xml.contains("<target dev='sda' bus='sata'/>"), xml);
            assertTrue(xml.contains("<target dev='hdc' bus='ide'/>"), xml);
            assertTrue(xml.contains("<mac address='52:54:00:12:34:56'/>"), xml);
            assertTrue(xml.contains("<source bridge='br0'/>"), xml);
            assertTrue(xml.contains("<model type='82540em'/>"), xml);
            assertEquals(1, xml.split("<interface").length - 1, "only the defined NIC: " + xml);
            // what VirtualBox was asked: the UUID of the definition, one argv per value
            List<String> calls = fx.standIn.calls();
            assertTrue(calls.contains("createvm --name web --uuid " + uuid + " --register"), calls.toString());
            assertTrue(calls.stream().anyMatch(l -> l.startsWith("storageattach " + uuid + " --storagectl SATA Controller --port 0"
                + " --device 0 --type hdd --medium " + disk)), calls.toString());
            // the dump defines the same machine again elsewhere
            d.undefine();
            Domain again = c.defineXml(xml);
            assertEquals(xml, again.xmlDesc());
        }
    }

    @Test
    void aLifecycleMapsVirtualBoxStatesIdsAndEvents() throws Exception {
        try (Connection c = fx.open()) {
            BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            c.addDomainEventListener((conn, dom, ev) -> events.add(ev));
            Domain other = c.defineXml(VboxFixture.xml("first", UUID.randomUUID()));
            Domain d = c.defineXml(full("web", UUID.randomUUID()));
            assertEquals(-1, d.id());
            d.create();
            // libvirt's id: the machine's index + 1 while it is online
            assertEquals(2, d.id());
            assertEquals(-1, other.id());
            assertEquals(DomainState.RUNNING, d.state().state());
            assertEquals(d.uuid(), c.lookupById(2).uuid());
            assertEquals(ErrorCode.NO_DOMAIN, assertThrows(VirtException.class, () -> c.lookupById(1)).code());
            assertTrue(fx.standIn.calls().contains("startvm " + d.uuid() + " --type headless"));
            assertEquals(List.of("web"), c.listAllDomains(ListFilter.ACTIVE).stream().map(Domain::name).toList());
            VirtException again = assertThrows(VirtException.class, d::create);
            assertEquals("operation failed: machine is not in poweroff|saved|aborted state, so couldn't start it", again.getMessage());
            d.suspend();
            assertEquals(DomainState.PAUSED, d.state().state());
            assertEquals("operation failed: machine paused, so can't power it down",
                assertThrows(VirtException.class, () -> d.shutdown()).getMessage());
            d.resume();
            d.reboot();
            d.managedSave();
            assertEquals(DomainState.SHUTOFF, d.state().state());
            assertTrue(d.hasManagedSaveImage());
            d.create(); // restored
            d.shutdown(); // the ACPI power button
            assertEquals(DomainState.SHUTOFF, d.state().state());
            assertEquals("operation failed: machine already powered down",
                assertThrows(VirtException.class, () -> d.shutdown()).getMessage());
            d.create();
            d.destroy();
            next(events, "web", DomainEventType.DEFINED, DomainEvent.DEFINED_ADDED);
            next(events, "web", DomainEventType.STARTED, DomainEvent.STARTED_BOOTED);
            next(events, "web", DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
            next(events, "web", DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED);
            next(events, "web", DomainEventType.STOPPED, DomainEvent.STOPPED_SAVED);
            next(events, "web", DomainEventType.STARTED, DomainEvent.STARTED_RESTORED);
            next(events, "web", DomainEventType.STOPPED, DomainEvent.STOPPED_SHUTDOWN);
            next(events, "web", DomainEventType.STARTED, DomainEvent.STARTED_BOOTED);
            next(events, "web", DomainEventType.STOPPED, DomainEvent.STOPPED_DESTROYED);
        }
    }

    /** A console's destroy and another console's event loop are two connections of one driver. */
    @Test
    void aDestroyThroughOneConnectionIsDestroyedInAnothersEvents() throws Exception {
        try (Connection watcher = fx.open(); Connection c = fx.open()) {
            BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            watcher.addDomainEventListener((conn, dom, ev) -> events.add(ev));
            Domain d = c.defineXml(VboxFixture.xml("g", UUID.randomUUID()));
            d.create();
            d.destroy();
            next(events, "g", DomainEventType.DEFINED, DomainEvent.DEFINED_ADDED);
            next(events, "g", DomainEventType.STARTED, DomainEvent.STARTED_BOOTED);
            next(events, "g", DomainEventType.STOPPED, DomainEvent.STOPPED_DESTROYED);
        }
    }

    @Test
    void aMachineThatAbortsIsCrashedAndCanStartAgain() throws Exception {
        try (Connection c = fx.open()) {
            BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            c.addDomainEventListener((conn, dom, ev) -> events.add(ev));
            Domain d = c.defineXml(VboxFixture.xml("g", UUID.randomUUID()));
            d.create();
            fx.standIn.abort(d.uuid());
            next(events, "g", DomainEventType.DEFINED, DomainEvent.DEFINED_ADDED);
            next(events, "g", DomainEventType.STARTED, DomainEvent.STARTED_BOOTED);
            next(events, "g", DomainEventType.STOPPED, DomainEvent.STOPPED_CRASHED);
            assertEquals(DomainState.CRASHED, d.state().state());
            assertFalse(d.isActive());
            d.create();
            assertEquals(DomainState.RUNNING, d.state().state());
            d.destroy();
        }
    }

    @Test
    void undefineKeepsTheDiskImages() throws Exception {
        try (Connection c = fx.open()) {
            Domain d = c.defineXml(full("web", UUID.randomUUID()));
            d.create();
            assertEquals(ErrorCode.OPERATION_INVALID, assertThrows(VirtException.class, d::undefine).code());
            d.managedSave();
            d.undefine();
            assertTrue(Files.exists(disk), "the disk image stays");
            assertTrue(Files.exists(iso), "the DVD image stays");
            assertEquals(List.of(), fx.standIn.registered());
            assertEquals(ErrorCode.NO_DOMAIN, assertThrows(VirtException.class, () -> c.lookupByName("web")).code());
            // the machine's folder went too: the name can be defined again
            c.defineXml(full("web", UUID.randomUUID()));
        }
    }

    /** Every step of a define failing: the machine is unregistered again, the disk image stays. */
    @ParameterizedTest
    @ValueSource(strings = {"createvm", "modifyvm", "storagectl", "storageattach", "setextradata"})
    void aDefineThatFailsHalfWayLeavesNothingRegistered(String step) throws Exception {
        try (Connection c = fx.open()) {
            fx.standIn.failNext(step);
            String xml = full("web", UUID.randomUUID()).replace("</devices>", "<graphics type='sdl'/></devices>");
            VirtException e = assertThrows(VirtException.class, () -> c.defineXml(xml));
            assertFalse(fx.standIn.failPending(), "the failure was reached");
            assertEquals("operation failed: The test made '" + step + "' fail", e.getMessage());
            assertEquals(List.of(), fx.standIn.registered());
            assertTrue(Files.exists(disk), "the disk image stays");
            // nothing left behind: the same definition succeeds now
            c.defineXml(xml);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<domain type='kvm'><name>x</name><memory>131072</memory><os><type>hvm</type></os></domain>",
        "<domain type='vbox'><name>x</name><memory>131072</memory><os><type>hvm</type><kernel>/k</kernel></os></domain>",
        "<domain type='vbox'><name>x</name><memory>131072</memory><currentMemory>65536</currentMemory><os><type>hvm</type></os></domain>",
        "<domain type='vbox'><name>x</name><memory>131072</memory><vcpu>65</vcpu><os><type>hvm</type></os></domain>",
        "<domain type='vbox'><name>x</name><memory>131072</memory><os><type>hvm</type></os>"
            + "<devices><disk type='block' device='disk'><source dev='/dev/sda'/><target dev='sda'/></disk></devices></domain>",
        "<domain type='vbox'><name>x</name><memory>131072</memory><os><type>hvm</type></os>"
            + "<devices><disk type='file' device='disk'><source file='/d.vdi'/><target dev='vda' bus='virtio'/></disk></devices></domain>",
        "<domain type='vbox'><name>x</name><memory>131072</memory><os><type>hvm</type></os>"
            + "<devices><interface type='direct'><source dev='eth0' mode='vepa'/></interface></devices></domain>",
        "<domain type='vbox'><name>x</name><memory>131072</memory><os><type>hvm</type></os>"
            + "<devices><serial type='pty'/></devices></domain>",
        "<domain type='vbox'><name>x</name><memory>131072</memory><os><type>hvm</type></os>"
            + "<devices><graphics type='vnc'/></devices></domain>",
    })
    void whatVirtualBoxCannotExpressIsRefusedBeforeAnythingIsAsked(String xml) throws Exception {
        try (Connection c = fx.open()) {
            int before = fx.standIn.calls().size();
            VirtException e = assertThrows(VirtException.class, () -> c.defineXml(xml));
            assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code(), e.getMessage());
            assertTrue(fx.standIn.calls().subList(before, fx.standIn.calls().size()).stream().noneMatch(l -> l.startsWith("createvm")),
                "nothing registered");
            assertEquals(List.of(), fx.standIn.registered());
        }
    }

    @Test
    void memoryAndCpusChangeOnlyOnAPoweredOffMachine() throws Exception {
        try (Connection c = fx.open()) {
            Domain d = c.defineXml(VboxFixture.xml("g", UUID.randomUUID()));
            d.setMemory(262144);
            d.setVcpus(3);
            assertEquals(262144, d.info().memoryKiB());
            assertEquals(3, d.info().vcpus());
            assertEquals(VboxDefinition.MAX_MEMORY_MB * 1024, d.info().maxMemoryKiB());
            d.create();
            assertEquals("operation failed: memory size can't be changed unless domain is powered down",
                assertThrows(VirtException.class, () -> d.setMemory(131072)).getMessage());
            assertEquals(ErrorCode.OPERATION_FAILED, assertThrows(VirtException.class, () -> d.setVcpus(1)).code());
            d.destroy();
        }
    }

    @Test
    void theConnectionDescribesVirtualBoxAndTheHost() throws Exception {
        try (Connection c = fx.open()) {
            assertEquals(7_000_014L, c.hypervisorVersion());
            assertEquals("VBOX", c.type());
            assertTrue(c.nodeInfo().cpus() > 0);
            assertEquals(64, c.maxVcpus(null));
        }
    }

    @Test
    void graphicsChooseTheFrontEndOfAStart() throws Exception {
        try (Connection c = fx.open()) {
            Domain d = c.defineXml(VboxFixture.xml("g", UUID.randomUUID()).replace("</os>",
                "</os><devices><graphics type='desktop'/></devices>"));
            assertTrue(d.xmlDesc().contains("<graphics type='desktop'/>"), d.xmlDesc());
            // the stand-in, as VirtualBox's GUI, needs a display: there is none here
            VirtException e = assertThrows(VirtException.class, () -> d.create());
            assertTrue(fx.standIn.calls().contains("startvm " + d.uuid() + " --type gui"), fx.standIn.calls().toString());
            assertTrue(e.getMessage().contains("has terminated unexpectedly during startup"), e.getMessage());
        }
    }

    @Test
    void uriPathsAreLibvirts() throws Exception {
        VirtException e = assertThrows(VirtException.class,
            () -> StandaloneConnector.create("vbox:///system", fx.driver).open("vbox:///system"));
        assertEquals("An error occurred, but the cause is unknown: unexpected vbox URI path '/system', try vbox:///session",
            e.getMessage().replace("internal error: ", "An error occurred, but the cause is unknown: "));
        VboxDriver root = new VboxDriver(VboxSettings.defaults(fx.standIn.vboxManage()), true);
        StandaloneConnector.create("vbox:///system", root).open("vbox:///system").close();
        StandaloneConnector.create("vbox:///session", root).open("vbox:///session").close();
    }

    @Test
    void aMissingVBoxManageIsAClearErrorAtConnect() {
        VboxDriver d = new VboxDriver(new VboxSettings(fx.dir.resolve("nowhere/VBoxManage"), Duration.ofSeconds(5),
            Duration.ofSeconds(5), Duration.ofSeconds(1)), false);
        VirtException e = assertThrows(VirtException.class,
            () -> StandaloneConnector.create(VboxFixture.URI, d).open(VboxFixture.URI));
        assertTrue(e.getMessage().contains("no VBoxManage at " + fx.dir.resolve("nowhere/VBoxManage")), e.getMessage());
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
