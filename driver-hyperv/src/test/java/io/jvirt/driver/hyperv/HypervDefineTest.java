package io.jvirt.driver.hyperv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.LibvirtSchemas;
import io.jvirt.core.runtime.StandaloneConnector;

/** Define, undefine, dumpxml, managed save, autostart, setmem/setvcpus against the stand-in's management service. */
class HypervDefineTest {

    private HypervFixture fx;
    private Connector connector;
    private Connection c;

    @BeforeEach
    void start() throws Exception {
        fx = HypervFixture.create();
        connector = StandaloneConnector.create(fx.uri(), fx.driver);
        c = connector.open(fx.uri());
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
        fx.close();
    }

    private static String xml(String name, UUID uuid, String extra) {
        return "<domain type='hyperv'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
            + "<description>made by a test</description><memory unit='KiB'>1048576</memory>"
            + "<currentMemory unit='KiB'>524289</currentMemory><vcpu>3</vcpu><os><type arch='x86_64'>hvm</type></os>"
            + extra + "</domain>";
    }

    private boolean holds(java.util.function.Predicate<StandInModel> p) {
        return fx.standIn.withModel(p::test);
    }

    private StandInModel.VmState vm(UUID uuid) {
        return fx.standIn.withModel(m -> m.vms.get(uuid));
    }

    @Test
    void aDefineMakesTheVmWithItsSettingsInLibvirtsOrderAndDumpxmlReadsThemBack() {
        UUID uuid = UUID.randomUUID();
        Domain d = c.defineXml(xml("web-1", uuid, ""));
        assertEquals(uuid, d.uuid());
        StandInModel.VmState vm = vm(uuid);
        assertEquals("web-1", vm.name);
        assertEquals(3, vm.vcpus);
        assertEquals(1024, vm.limit());
        // 524289 KiB = 512.001 MiB: up to 513, then to an even 514 (libvirt's VIR_ROUND_UP(VIR_DIV_UP(kib, 1024), 2))
        assertEquals(514, vm.memoryMB);
        assertEquals(List.of("made by a test"), vm.notes);
        assertEquals(List.of("DefineSystem", "ModifyResourceSettings:Msvm_ProcessorSettingData",
            "ModifyResourceSettings:Msvm_MemorySettingData", "ModifyResourceSettings:Msvm_MemorySettingData"),
            fx.standIn.withModel(m -> List.copyOf(m.serviceCalls)));
        assertEquals(DomainState.SHUTOFF, d.state().state());

        String dump = d.xmlDesc();
        LibvirtSchemas.require();
        LibvirtSchemas.assertValid("domain.rng", dump, "hyperv dumpxml");
        assertTrue(dump.startsWith("<domain type='hyperv'>"), dump);
        assertTrue(dump.contains("<name>web-1</name>") && dump.contains("<uuid>" + uuid + "</uuid>"), dump);
        assertTrue(dump.contains("<description>made by a test</description>"), dump);
        assertTrue(dump.contains("<memory unit='KiB'>1048576</memory>"), dump);
        assertTrue(dump.contains("<currentMemory unit='KiB'>526336</currentMemory>"), dump);
        assertTrue(dump.contains("<vcpu placement='static'>3</vcpu>"), dump);
        assertTrue(dump.contains("<type>hvm</type>"), dump);

        d.create();
        String running = c.lookupByName("web-1").xmlDesc();
        LibvirtSchemas.assertValid("domain.rng", running, "hyperv dumpxml, running");
        assertTrue(running.startsWith("<domain type='hyperv' id='" + vm.pid + "'>"), running);
        c.lookupByName("web-1").destroy();

        c.lookupByName("web-1").undefine();
        assertNull(vm(uuid));
        assertEquals(ErrorCode.NO_DOMAIN, assertThrows(VirtException.class, () -> c.lookupByUuid(uuid)).code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"DefineSystem", "ModifyResourceSettings:Msvm_ProcessorSettingData",
        "ModifyResourceSettings:Msvm_MemorySettingData"})
    void aDefineThatFailsAtAnyStepLeavesNoVm(String step) {
        fx.standIn.withModel(m -> m.faultingSteps.add(step));
        UUID uuid = UUID.randomUUID();
        VirtException e = assertThrows(VirtException.class, () -> c.defineXml(xml("half", uuid, "")));
        assertTrue(e.getMessage().contains("failed (stand-in, on demand)"), e.getMessage());
        assertTrue(holds(m -> m.vms.isEmpty()), "no half-made VM");
        if (!"DefineSystem".equals(step)) {
            assertTrue(holds(m -> m.serviceCalls.contains("DestroySystem")), "rolled back");
        }
    }

    @Test
    void aDefineWhoseSettingsJobFailsIsRolledBack() {
        fx.standIn.withModel(m -> m.failingMethods.add("ModifyResourceSettings"));
        VirtException e = assertThrows(VirtException.class, () -> c.defineXml(xml("half", UUID.randomUUID(), "")));
        assertTrue(e.getMessage().contains("in error state"), e.getMessage());
        assertTrue(holds(m -> m.vms.isEmpty()), "no half-made VM");
    }

    @Test
    void whatTheDriverCannotExpressIsRefusedNamingTheElementBeforeAnythingIsSent() {
        int before = fx.standIn.total.get();
        for (String[] bad : new String[][] {
            // devices Hyper-V takes are HypervDevicesTest's; these it does not
            {"<devices><disk type='file' device='disk'><source file='C:\\\\vm.vhdx'/><target dev='vda' bus='virtio'/></disk></devices>", "<disk>"},
            {"<devices><interface type='network'><source network='default'/></interface></devices>", "<interface"},
            {"<features><acpi/></features>", "<features>"},
            {"<clock offset='localtime'/>", "<clock>"},
        }) {
            VirtException e = assertThrows(VirtException.class, () -> c.defineXml(xml("x", UUID.randomUUID(), bad[0])));
            assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
        VirtException kvm = assertThrows(VirtException.class, () -> c.defineXml(xml("x", UUID.randomUUID(), "")
            .replace("type='hyperv'", "type='kvm'")));
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, kvm.code());
        VirtException nl = assertThrows(VirtException.class, () -> c.defineXml(xml("a\nb", UUID.randomUUID(), "")));
        assertEquals(ErrorCode.XML_DETAIL, nl.code());
        assertEquals(before, fx.standIn.total.get(), "nothing sent");
    }

    @Test
    void aHostileNameIsDataEverywhere() {
        String name = "it's \"<b>\" & \\ ]]> {x}";
        UUID uuid = UUID.randomUUID();
        Domain d = c.defineXml(xml(name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), uuid, ""));
        assertEquals(name, vm(uuid).name);
        assertEquals(uuid, c.lookupByName(name).uuid());
        LibvirtSchemas.require();
        LibvirtSchemas.assertValid("domain.rng", d.xmlDesc(), "a hostile name");
        d.undefine();
        assertNull(vm(uuid));
    }

    @Test
    void aTakenUuidOrNameIsRefusedAndTheOtherKept() {
        UUID uuid = UUID.randomUUID();
        c.defineXml(xml("one", uuid, ""));
        assertEquals(ErrorCode.DOM_EXIST, assertThrows(VirtException.class, () -> c.defineXml(xml("two", uuid, ""))).code());
        assertEquals(ErrorCode.OPERATION_FAILED,
            assertThrows(VirtException.class, () -> c.defineXml(xml("one", UUID.randomUUID(), ""))).code());
        assertEquals(1, (int) fx.standIn.withModel(m -> m.vms.size()));
        assertEquals("one", vm(uuid).name);
    }

    @Test
    void managedSaveAndItsRemoval() {
        for (boolean cim : new boolean[] {false, true}) {
            fx.standIn.withModel(m -> m.cimEncoding = cim);
            UUID uuid = UUID.randomUUID();
            Domain d = c.defineXml(xml("saved-" + cim, uuid, ""));
            VirtException off = assertThrows(VirtException.class, d::managedSave);
            assertEquals(ErrorCode.OPERATION_INVALID, off.code());
            d.create();
            d.managedSave();
            assertEquals(StandInModel.Logical.SAVED, vm(uuid).state);
            assertTrue(d.hasManagedSaveImage());
            assertEquals(DomainState.SHUTOFF, d.state().state());
            assertFalse(d.isActive());
            d.managedSaveRemove();
            assertEquals(StandInModel.Logical.OFF, vm(uuid).state);
            assertFalse(d.hasManagedSaveImage());
            assertEquals(ErrorCode.OPERATION_INVALID, assertThrows(VirtException.class, d::managedSaveRemove).code());
            d.undefine();
        }
    }

    @Test
    void autostartIsTheAutomaticStartupAction() {
        UUID uuid = UUID.randomUUID();
        Domain d = c.defineXml(xml("auto", uuid, ""));
        // Hyper-V's default (3, restart if it was running) is not libvirt's autostart
        assertFalse(d.autostart());
        d.setAutostart(true);
        assertEquals(4, vm(uuid).startupAction);
        assertTrue(d.autostart());
        d.setAutostart(false);
        assertEquals(2, vm(uuid).startupAction);
        assertFalse(d.autostart());
    }

    @Test
    void setmemAndSetvcpusChangeTheSettings() {
        UUID uuid = UUID.randomUUID();
        Domain d = c.defineXml(xml("sizes", uuid, ""));
        d.setVcpus(2);
        assertEquals(2, vm(uuid).vcpus);
        d.setMaxMemory(2 * 1048576);
        assertEquals(2048, vm(uuid).limit());
        d.setMemory(1048576);
        assertEquals(1024, vm(uuid).memoryMB);
        assertEquals(1048576, d.info().memoryKiB());
        assertEquals(2, d.info().vcpus());
        assertEquals(ErrorCode.INVALID_ARG, assertThrows(VirtException.class, () -> d.setVcpus(0)).code());
    }

    /** The stand-in faults on an embedded instance that is wrong in class, property, type or shape. */
    @Test
    void theStandInRefusesWrongEmbeddedInstances() {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        io.jvirt.core.kit.remote.HttpTransport t = new io.jvirt.core.kit.remote.HttpTransport(http,
            java.net.URI.create(fx.standIn.url()), java.time.Duration.ofSeconds(30), 1 << 20, "cap", false,
            io.jvirt.api.ErrorDomain.HYPERV, null);
        t.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
            (HypervFixture.USER + ":" + HypervFixture.PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        WsmanClient w = new WsmanClient(t, 100, 1000, java.time.Duration.ofSeconds(30));
        for (CimInstance bad : List.of(
            new CimInstance("Msvm_ComputerSystem").with("ElementName", "string", "x"),
            new CimInstance("Msvm_VirtualSystemSettingData").with("ElementName", "uint16", "x"),
            new CimInstance("Msvm_VirtualSystemSettingData").with("Nonsense", "string", "x"),
            new CimInstance("Msvm_VirtualSystemSettingData").with("Notes", "string", "not an array"),
            new CimInstance("Msvm_VirtualSystemSettingData").with("ElementName", "string", "x")
                .with("AutomaticStartupAction", "uint16", "-1"))) {
            VirtException e = assertThrows(VirtException.class,
                () -> w.invokeService("DefineSystem", b -> WsmanClient.embedded(b, "SystemSettings", bad)));
            assertTrue(e.getMessage().contains("SOAP fault"), e.getMessage());
        }
        VirtException noSettings = assertThrows(VirtException.class, () -> w.invokeService("DefineSystem", b -> { }));
        assertTrue(noSettings.getMessage().contains("missing parameter SystemSettings"), noSettings.getMessage());
        assertTrue(holds(m -> m.vms.isEmpty()));
    }
}
