package io.jvirt.driver.hyperv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.LibvirtSchemas;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * Devices in define and dumpxml, as libvirt's hyperv driver makes and reads them: SCSI controllers,
 * disks, CD-ROMs and the floppy on their drives, COM ports on named pipes, synthetic adapters on
 * virtual switches; against the stand-in's management service, which checks every embedded setting
 * and keeps what it adds, so dumpxml reads back what define wrote.
 */
class HypervDevicesTest {

    static final String SWITCH = "6A2F2F9E-4B1A-4D5E-9C3B-0A7E1B2C3D4E";

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

    static String xml(String name, UUID uuid, String devices) {
        return "<domain type='hyperv'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
            + "<memory unit='KiB'>1048576</memory><vcpu>2</vcpu><os><type arch='x86_64'>hvm</type></os>"
            + "<devices>" + devices + "</devices></domain>";
    }

    static final String ALL = "<disk type='file' device='disk'><source file='C:\\VMs\\web\\root.vhdx'/>"
        + "<target dev='sda' bus='scsi'/></disk>"
        + "<disk type='file' device='disk'><source file='D:\\VMs\\data.vhd'/><target dev='hda' bus='ide'/></disk>"
        + "<disk type='file' device='cdrom'><source file='C:\\ISO\\install.iso'/><target dev='hdc' bus='ide'/>"
        + "<readonly/></disk>"
        + "<disk type='file' device='floppy'><source file='C:\\ISO\\boot.vfd'/><target dev='fda' bus='fdc'/></disk>"
        + "<disk type='file' device='disk'><source file='C:\\VMs\\web\\logs.vhdx'/><target dev='sdb' bus='scsi'/>"
        + "<address type='drive' controller='1' bus='0' target='0' unit='5'/></disk>"
        + "<controller type='scsi' index='0'/>"
        + "<interface type='bridge'><mac address='52:54:00:12:34:56'/><source bridge='" + SWITCH + "'/></interface>"
        + "<interface type='bridge'><source bridge='C08CB7B8-9B3C-408E-8E30-5E16A3AEB444'/></interface>"
        + "<serial type='pipe'><source path='\\\\.\\pipe\\web-com1'/><target port='1'/></serial>";

    private boolean noVms() {
        return fx.standIn.<Boolean>withModel(m -> m.vms.isEmpty());
    }

    private List<String> calls() {
        return fx.standIn.serviceCalls();
    }

    private StandInModel.VmState vm(UUID uuid) {
        return fx.standIn.withModel(m -> m.vms.get(uuid));
    }

    @Test
    void defineAddsTheDevicesInLibvirtsOrderAndDumpxmlReadsThemBack() {
        UUID uuid = UUID.randomUUID();
        Domain d = c.defineXml(xml("web", uuid, ALL));
        List<String> calls = calls();
        assertEquals("DefineSystem", calls.get(0));
        int first = calls.indexOf("AddResourceSettings:Microsoft:Hyper-V:Synthetic SCSI Controller");
        assertTrue(first > 0 && calls.subList(1, first).stream().allMatch(x -> x.startsWith("ModifyResourceSettings:Msvm_")
            && !x.endsWith("SerialPortSettingData")), "processor and memory first: " + calls);
        assertEquals(List.of(
            // two SCSI controllers: sdb's address names controller 1
            "AddResourceSettings:Microsoft:Hyper-V:Synthetic SCSI Controller",
            "AddResourceSettings:Microsoft:Hyper-V:Synthetic SCSI Controller",
            // the disks in the order libvirt's parser keeps them (virDomainDiskInsert: sda, sdb on scsi, then
            // hda, hdc on ide, then fda), which its Hyper-V driver walks
            "AddResourceSettings:Microsoft:Hyper-V:Synthetic Disk Drive", "AddResourceSettings:Microsoft:Hyper-V:Virtual Hard Disk",
            "AddResourceSettings:Microsoft:Hyper-V:Synthetic Disk Drive", "AddResourceSettings:Microsoft:Hyper-V:Virtual Hard Disk",
            "AddResourceSettings:Microsoft:Hyper-V:Synthetic Disk Drive", "AddResourceSettings:Microsoft:Hyper-V:Virtual Hard Disk",
            "AddResourceSettings:Microsoft:Hyper-V:Synthetic DVD Drive", "AddResourceSettings:Microsoft:Hyper-V:Virtual CD/DVD Disk",
            "AddResourceSettings:Microsoft:Hyper-V:Virtual Floppy Disk",
            "ModifyResourceSettings:Msvm_SerialPortSettingData",
            "AddResourceSettings:Microsoft:Hyper-V:Synthetic Ethernet Port",
            "AddResourceSettings:Microsoft:Hyper-V:Ethernet Connection",
            "AddResourceSettings:Microsoft:Hyper-V:Synthetic Ethernet Port",
            "AddResourceSettings:Microsoft:Hyper-V:Ethernet Connection"), calls.subList(first, calls.size()));
        StandInModel.VmState vm = vm(uuid);
        assertEquals(List.of("525400123456"), fx.standIn.withModel(m -> vm.resources.stream()
            .filter(r -> r.type() == 10).limit(1).map(r -> r.str("Address")).toList()));

        String dump = d.xmlDesc();
        LibvirtSchemas.require();
        LibvirtSchemas.assertValid("domain.rng", dump, "hyperv dumpxml with devices");
        for (String want : List.of(
            "<disk type='file' device='disk'>\n      <source file='C:\\VMs\\web\\root.vhdx'/>\n      <target dev='sda' bus='scsi'/>\n"
                + "      <address type='drive' controller='0' bus='0' target='0' unit='0'/>\n    </disk>",
            "<disk type='file' device='disk'>\n      <source file='D:\\VMs\\data.vhd'/>\n      <target dev='hda' bus='ide'/>\n"
                + "      <address type='drive' controller='0' bus='0' target='0' unit='0'/>\n    </disk>",
            "<disk type='file' device='cdrom'>\n      <source file='C:\\ISO\\install.iso'/>\n      <target dev='hdc' bus='ide'/>\n"
                + "      <address type='drive' controller='0' bus='1' target='0' unit='0'/>\n    </disk>",
            "<disk type='file' device='floppy'>\n      <source file='C:\\ISO\\boot.vfd'/>\n      <target dev='fda' bus='fdc'/>\n"
                + "      <address type='drive' controller='0' bus='0' target='0' unit='0'/>\n    </disk>",
            // libvirt names a SCSI disk controller * 64 + unit: 69 is "sdbr"
            "<disk type='file' device='disk'>\n      <source file='C:\\VMs\\web\\logs.vhdx'/>\n      <target dev='sdbr' bus='scsi'/>\n"
                + "      <address type='drive' controller='1' bus='0' target='0' unit='5'/>\n    </disk>",
            "<controller type='ide' index='0'/>", "<controller type='scsi' index='0'/>", "<controller type='scsi' index='1'/>",
            "<interface type='bridge'>\n      <mac address='52:54:00:12:34:56'/>\n      <source bridge='" + SWITCH + "'/>",
            "<source bridge='C08CB7B8-9B3C-408E-8E30-5E16A3AEB444'/>",
            "<serial type='pipe'>\n      <source path='\\\\.\\pipe\\web-com1'/>\n      <target port='1'/>\n    </serial>",
            "<serial type='pipe'>\n      <source path='-1'/>\n      <target port='2'/>\n    </serial>")) {
            assertTrue(dump.contains(want), want + "\nin\n" + dump);
        }
        assertTrue(!dump.contains("<console"), dump);

        // what dumpxml says defines the same devices again
        UUID copy = UUID.randomUUID();
        String again = dump.replace("<name>web</name>", "<name>web-copy</name>").replace(uuid.toString(), copy.toString());
        Domain d2 = c.defineXml(again);
        assertEquals(dump.replace("<name>web</name>", "<name>web-copy</name>").replace(uuid.toString(), copy.toString()),
            d2.xmlDesc());
    }

    @Test
    void dumpxmlReadsEachClassOnceWhateverTheNumberOfDevices() {
        UUID few = UUID.randomUUID();
        c.defineXml(xml("few", few, "<disk type='file' device='disk'><source file='C:\\a.vhdx'/><target dev='sda' bus='scsi'/></disk>"
            + "<interface type='bridge'><source bridge='" + SWITCH + "'/></interface>"));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            many.append("<disk type='file' device='disk'><source file='C:\\d").append(i).append(".vhdx'/><target dev='")
                .append(io.jvirt.core.kit.DiskNames.name(i, "sd")).append("' bus='scsi'/></disk>");
        }
        for (int i = 0; i < 8; i++) {
            many.append("<interface type='bridge'><source bridge='").append(SWITCH).append("'/></interface>");
        }
        UUID lots = UUID.randomUUID();
        c.defineXml(xml("lots", lots, many.toString()));
        // every setting class on one page: what is left to differ is a request per device
        fx.standIn.pageSize = 1000;
        fx.standIn.resetCounts();
        String small = c.lookupByUuid(few).xmlDesc();
        int requestsFew = fx.standIn.total.get();
        fx.standIn.resetCounts();
        String big = c.lookupByUuid(lots).xmlDesc();
        int requestsLots = fx.standIn.total.get();
        assertEquals(1, small.split("<disk ").length - 1);
        assertEquals(20, big.split("<disk ").length - 1);
        assertEquals(8, big.split("<interface ").length - 1);
        assertEquals(requestsFew, requestsLots, "the same requests for 2 devices and for 28");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AddResourceSettings:Microsoft:Hyper-V:Synthetic SCSI Controller",
        "AddResourceSettings:Microsoft:Hyper-V:Synthetic Disk Drive", "AddResourceSettings:Microsoft:Hyper-V:Virtual Hard Disk",
        "AddResourceSettings:Microsoft:Hyper-V:Synthetic DVD Drive", "AddResourceSettings:Microsoft:Hyper-V:Virtual CD/DVD Disk",
        "AddResourceSettings:Microsoft:Hyper-V:Virtual Floppy Disk", "ModifyResourceSettings:Msvm_SerialPortSettingData",
        "AddResourceSettings:Microsoft:Hyper-V:Synthetic Ethernet Port", "AddResourceSettings:Microsoft:Hyper-V:Ethernet Connection"})
    void aDefineThatFailsAtAnyDeviceStepLeavesNoVm(String step) {
        fx.standIn.withModel(m -> m.faultingSteps.add(step));
        VirtException e = assertThrows(VirtException.class, () -> c.defineXml(xml("half", UUID.randomUUID(), ALL)));
        assertTrue(e.getMessage().contains("failed (stand-in, on demand)"), e.getMessage());
        assertTrue(noVms(), "no half-made VM");
        assertTrue(calls().contains(step), calls().toString());
        assertEquals("DestroySystem", calls().get(calls().size() - 1), "rolled back: " + calls());
    }

    @Test
    void aDeviceJobThatFailsIsRolledBack() {
        fx.standIn.withModel(m -> m.failingMethods.add("AddResourceSettings"));
        VirtException e = assertThrows(VirtException.class, () -> c.defineXml(xml("half", UUID.randomUUID(), ALL)));
        assertTrue(e.getMessage().contains("in error state"), e.getMessage());
        assertTrue(noVms(), "no half-made VM");
    }

    @Test
    void anImageTheHostCannotOpenFailsTheDefineAndRollsItBack() {
        VirtException e = assertThrows(VirtException.class, () -> c.defineXml(xml("bad-image", UUID.randomUUID(),
            "<disk type='file' device='disk'><source file='C:\\VMs\\root.qcow2'/><target dev='sda' bus='scsi'/></disk>")));
        assertTrue(e.getMessage().contains("root.qcow2"), e.getMessage());
        assertTrue(noVms(), "no half-made VM");
        VirtException pipe = assertThrows(VirtException.class, () -> c.defineXml(xml("bad-pipe", UUID.randomUUID(),
            "<serial type='pipe'><source path='C:\\not-a-pipe'/><target port='2'/></serial>")));
        assertTrue(pipe.getMessage().contains("named pipe"), pipe.getMessage());
        assertTrue(noVms(), "no half-made VM");
    }

    @Test
    void anAdapterOnASwitchTheHostLacksIsRefusedBeforeTheVmIsMade() {
        VirtException e = assertThrows(VirtException.class, () -> c.defineXml(xml("nic", UUID.randomUUID(),
            "<interface type='bridge'><source bridge='No Such Switch'/></interface>")));
        assertEquals(ErrorCode.NO_NETWORK, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("No Such Switch"), e.getMessage());
        // a name that would end the WQL literal and match every switch, were it not escaped
        VirtException hostile = assertThrows(VirtException.class, () -> c.defineXml(xml("nic", UUID.randomUUID(),
            "<interface type='bridge'><source bridge=\"x' OR Name != '\"/></interface>")));
        assertEquals(ErrorCode.NO_NETWORK, hostile.code(), hostile.getMessage());
        assertTrue(calls().isEmpty(), calls().toString());
    }

    @Test
    void whatHyperVCannotExpressIsRefusedNamingItBeforeAnythingIsSent() {
        int before = fx.standIn.total.get();
        String[][] cases = {
            {"<disk type='block' device='disk'><source dev='/dev/sdb'/><target dev='sda' bus='scsi'/></disk>", "type 'block'"},
            {"<disk type='file' device='disk'><source file='C:\\a.vhdx'/><target dev='vda' bus='virtio'/></disk>", "bus 'virtio'"},
            {"<disk type='file' device='disk'><source file='C:\\a.vhdx'/><target dev='sda' bus='sata'/></disk>", "bus 'sata'"},
            {"<disk type='file' device='lun'><source file='C:\\a.vhdx'/><target dev='sda' bus='scsi'/></disk>", "device 'lun'"},
            {"<disk type='file' device='disk'><source file='C:\\a.vhdx'/><target dev='hde' bus='ide'/></disk>", "ide controller 1"},
            {"<disk type='file' device='disk'><source file='C:\\a.vhdx'/><target dev='sda' bus='scsi'/>"
                + "<address type='drive' controller='4' bus='0' target='0' unit='0'/></disk>", "scsi controllers 0-3"},
            {"<disk type='file' device='disk'><source file='C:\\a.vhdx'/><target dev='sda' bus='scsi'/>"
                + "<address type='drive' controller='0' bus='0' target='0' unit='64'/></disk>", "units 0-63"},
            {"<disk type='file' device='floppy'><source file='C:\\b.vfd'/><target dev='fdb' bus='fdc'/></disk>", "one diskette drive"},
            {"<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/></disk>", "without a source file"},
            {"<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='C:\\a.vhdx'/>"
                + "<target dev='sda' bus='scsi'/></disk>", "<driver>"},
            {"<disk type='file' device='disk'><source file='C:\\a.vhdx'/><target dev='sda' bus='scsi'/></disk>"
                + "<disk type='file' device='disk'><source file='C:\\b.vhdx'/><target dev='sdb' bus='scsi'/>"
                + "<address type='drive' controller='0' bus='0' target='0' unit='0'/></disk>", "two disks at scsi controller 0 unit 0"},
            {"<controller type='scsi' index='0' model='virtio-scsi'/>", "model 'virtio-scsi'"},
            {"<controller type='usb' index='0'/>", "<controller type='usb' index='0'>"},
            {"<serial type='pty'><target port='1'/></serial>", "type 'pty'"},
            {"<serial type='pipe'><source path='\\\\.\\pipe\\x'/><target port='3'/></serial>", "COM 1 and COM 2"},
            {"<serial type='pipe'><source path='\\\\.\\pipe\\x'/></serial>", "COM 1 and COM 2"},
            {"<interface type='network'><source network='default'/></interface>", "type='bridge'"},
            {"<interface type='bridge'><source bridge='" + SWITCH + "'/><model type='e1000'/></interface>", "<model>"},
            {("<interface type='bridge'><source bridge='" + SWITCH + "'/></interface>").repeat(9), "at most 8"},
            {"<graphics type='vnc'/>", "<graphics>"},
        };
        for (String[] bad : cases) {
            VirtException e = assertThrows(VirtException.class, () -> c.defineXml(xml("x", UUID.randomUUID(), bad[0])), bad[0]);
            assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code(), bad[0] + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(bad[1]), bad[1] + " in " + e.getMessage());
        }
        assertEquals(before, fx.standIn.total.get(), "nothing sent");
    }

    @Test
    void aHostileImagePathOrPipeNameIsData() {
        UUID uuid = UUID.randomUUID();
        String file = "C:\\VMs\\]]&gt;&lt;/VALUE&gt;&lt;VALUE&gt;x&quot;&apos;.vhdx";
        c.defineXml(xml("hostile", uuid, "<disk type='file' device='disk'><source file='" + file + "'/>"
            + "<target dev='sda' bus='scsi'/></disk>"));
        String stored = fx.standIn.withModel(m -> m.vms.get(uuid).resources.stream().filter(r -> r.type() == 31)
            .map(r -> r.str("HostResource")).findFirst().orElse(null));
        assertEquals("C:\\VMs\\]]></VALUE><VALUE>x\"'.vhdx", stored);
        String dump = c.lookupByUuid(uuid).xmlDesc();
        LibvirtSchemas.require();
        LibvirtSchemas.assertValid("domain.rng", dump, "a hostile file name");
    }

    /** The stand-in faults on device settings that are wrong in class, type, property, reference or value. */
    @Test
    void theStandInRefusesWrongDeviceSettings() {
        UUID uuid = UUID.randomUUID();
        c.defineXml(xml("target", uuid, ""));
        WsmanClient w = fx.client();
        String id = "Microsoft:" + uuid.toString().toUpperCase(java.util.Locale.ROOT);
        Epr config = w.enumerateEpr("Msvm_VirtualSystemSettingData",
            "SELECT * FROM Msvm_VirtualSystemSettingData WHERE InstanceID = '" + id + "'").get(0);
        String ide0 = fx.standIn.withModel(m -> m.vms.get(uuid).resources.get(0).id());
        String idePath = ResourcePaths.setting("hyperv-host", "Msvm_ResourceAllocationSettingData", ide0);
        List<CimInstance> bad = new ArrayList<>(List.of(
            // a drive on a controller that does not exist, at an address past an IDE channel's, with a property it does not take
            new CimInstance("Msvm_ResourceAllocationSettingData").with("Parent", "string", idePath.replace(ide0.substring(50), "0"))
                .with("AddressOnParent", "string", "0").with("ResourceType", "uint16", 17)
                .with("ResourceSubType", "string", "Microsoft:Hyper-V:Synthetic Disk Drive"),
            new CimInstance("Msvm_ResourceAllocationSettingData").with("Parent", "string", idePath)
                .with("AddressOnParent", "string", "2").with("ResourceType", "uint16", 17)
                .with("ResourceSubType", "string", "Microsoft:Hyper-V:Synthetic Disk Drive"),
            new CimInstance("Msvm_ResourceAllocationSettingData").with("Parent", "string", idePath)
                .with("AddressOnParent", "string", "0").with("ResourceType", "uint16", 17).with("Limit", "uint64", 5)
                .with("ResourceSubType", "string", "Microsoft:Hyper-V:Synthetic Disk Drive"),
            // the type and subtype disagree; the class is wrong for the kind
            new CimInstance("Msvm_ResourceAllocationSettingData").with("ResourceType", "uint16", 17)
                .with("ResourceSubType", "string", "Microsoft:Hyper-V:Synthetic SCSI Controller"),
            new CimInstance("Msvm_StorageAllocationSettingData").with("ResourceType", "uint16", 6)
                .with("ResourceSubType", "string", "Microsoft:Hyper-V:Synthetic SCSI Controller"),
            // an image straight on a controller; an array property sent as a scalar
            new CimInstance("Msvm_StorageAllocationSettingData").with("Parent", "string", idePath)
                .withArray("HostResource", "string", List.of("C:\\a.vhdx")).with("ResourceType", "uint16", 31)
                .with("ResourceSubType", "string", "Microsoft:Hyper-V:Virtual Hard Disk"),
            new CimInstance("Msvm_StorageAllocationSettingData").with("Parent", "string", idePath)
                .with("HostResource", "string", "C:\\a.vhdx").with("ResourceType", "uint16", 31)
                .with("ResourceSubType", "string", "Microsoft:Hyper-V:Virtual Hard Disk"),
            // a multicast MAC, a boolean that is not one
            new CimInstance("Msvm_SyntheticEthernetPortSettingData").with("ResourceType", "uint16", 10)
                .with("ResourceSubType", "string", "Microsoft:Hyper-V:Synthetic Ethernet Port")
                .withArray("VirtualSystemIdentifiers", "string", List.of("{" + UUID.randomUUID() + "}"))
                .with("Address", "string", "015400123456").with("StaticMacAddress", "boolean", "true"),
            new CimInstance("Msvm_SyntheticEthernetPortSettingData").with("ResourceType", "uint16", 10)
                .with("ResourceSubType", "string", "Microsoft:Hyper-V:Synthetic Ethernet Port")
                .withArray("VirtualSystemIdentifiers", "string", List.of("{" + UUID.randomUUID() + "}"))
                .with("Address", "string", "525400123456").with("StaticMacAddress", "boolean", "yes")));
        for (CimInstance i : bad) {
            VirtException e = assertThrows(VirtException.class, () -> w.invokeService("AddResourceSettings", b -> {
                WsmanClient.reference(b, "AffectedConfiguration", config);
                WsmanClient.embedded(b, "ResourceSettings", i);
            }), i.xml());
            assertTrue(e.getMessage().contains("SOAP fault"), e.getMessage());
        }
        // no AffectedConfiguration
        CimInstance scsi = new CimInstance("Msvm_ResourceAllocationSettingData").with("ResourceType", "uint16", 6)
            .with("ResourceSubType", "string", "Microsoft:Hyper-V:Synthetic SCSI Controller");
        VirtException none = assertThrows(VirtException.class, () -> w.invokeService("AddResourceSettings",
            b -> WsmanClient.embedded(b, "ResourceSettings", scsi)));
        assertTrue(none.getMessage().contains("missing parameter AffectedConfiguration"), none.getMessage());
        // the right one is taken, and a fifth SCSI controller is not
        for (int i = 0; i < 4; i++) {
            assertNotNull(w.invokeService("AddResourceSettings", b -> {
                WsmanClient.reference(b, "AffectedConfiguration", config);
                WsmanClient.embedded(b, "ResourceSettings", scsi);
            }));
        }
        assertThrows(VirtException.class, () -> w.invokeService("AddResourceSettings", b -> {
            WsmanClient.reference(b, "AffectedConfiguration", config);
            WsmanClient.embedded(b, "ResourceSettings", scsi);
        }));
        assertEquals(4L, (long) fx.standIn.withModel(m -> m.vms.get(uuid).resources.stream().filter(r -> r.type() == 6).count()));
    }
}
