package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

class DomainXmlTest {

    /** A domain with the body's elements, and 1 MiB of memory unless the body gives its own (libvirt requires a size). */
    private static String domain(String body) {
        String memory = body.matches("(?s).*<memory[\\s>].*") ? "" : "\n  <memory>1024</memory>";
        return "<domain type='kvm'>\n  <name>g</name>\n" + body + memory + "\n  <os><type>hvm</type></os>\n</domain>";
    }

    @ParameterizedTest
    @CsvSource({"1024,b,1", "1025,bytes,2", "1,KB,1", "2048,KB,2000", "1,k,1", "1,KiB,1", "1,MB,977", "1,M,1024",
        "1,MiB,1024", "1,GB,976563", "1,G,1048576", "1,GiB,1048576", "1,TB,976562500", "1,T,1073741824",
        "1,TiB,1073741824", "1,PB,976562500000", "1,P,1099511627776", "1,PiB,1099511627776",
        "1,EB,976562500000000", "1,E,1125899906842624", "1,EiB,1125899906842624", "7,,7"})
    void memoryUnitsNormaliseToKiBRoundingUp(long value, String unit, long kib) {
        String attr = unit == null ? "" : " unit='" + unit + "'";
        DomainDef def = DomainXml.parse(domain("<memory" + attr + ">" + value + "</memory>"));
        assertEquals(kib, def.memoryKiB());
        assertTrue(DomainXml.format(def).contains("<memory unit='KiB'>" + kib + "</memory>"));
    }

    @Test
    void memoryOverflowIsAnError() {
        VirtException e = assertThrows(VirtException.class,
            () -> DomainXml.parse(domain("<memory unit='EiB'>9</memory>")));
        assertEquals(ErrorCode.XML_ERROR, e.code());
    }

    @Test
    void currentMemoryAndCurrentVcpusDefaultToTheMaximum() {
        DomainDef def = DomainXml.parse(domain("<memory>1024</memory><vcpu>4</vcpu>"));
        assertEquals(1024, def.currentMemoryKiB());
        assertEquals(4, def.currentVcpus());
        def = DomainXml.parse(domain("<memory>1024</memory><currentMemory>512</currentMemory>"
            + "<vcpu placement='static' cpuset='0-3' current='2'>4</vcpu>"));
        assertEquals(512, def.currentMemoryKiB());
        assertEquals(2, def.currentVcpus());
        assertEquals("0-3", def.vcpu().cpuset());
        assertTrue(DomainXml.format(def).contains("<vcpu placement='static' cpuset='0-3' current='2'>4</vcpu>"));
    }

    @Test
    void uuidIsGeneratedWhenAbsentAndCheckedWhenPresent() {
        assertNotNull(DomainXml.parse(domain("")).uuid());
        UUID u = UUID.fromString("c7a5fdbd-edaf-9455-926a-d65c16db1809");
        assertEquals(u, DomainXml.parse(domain("<uuid>c7a5fdbdedaf9455926ad65c16db1809</uuid>")).uuid());
        assertThrows(VirtException.class, () -> DomainXml.parse(domain("<uuid>c7a5fdbd-edaf</uuid>")));
    }

    @Test
    void namesMustBeNonEmptyWithoutSlash() {
        assertEquals(ErrorCode.NO_NAME, assertThrows(VirtException.class,
            () -> DomainXml.parse("<domain type='kvm'><os><type>hvm</type></os></domain>")).code());
        assertEquals(ErrorCode.XML_ERROR, assertThrows(VirtException.class,
            () -> DomainXml.parse("<domain type='kvm'><name>a/b</name><os><type>hvm</type></os></domain>")).code());
    }

    @Test
    void unknownContentIsIgnoredUnlessValidating() {
        String xml = domain("<frobnicate level='11'/>\n  <memory>1024</memory>");
        DomainDef def = DomainXml.parse(xml);
        assertFalse(DomainXml.format(def).contains("frobnicate"));
        VirtException e = assertThrows(VirtException.class, () -> DomainXml.parse(xml, true));
        assertEquals(ErrorCode.XML_DETAIL, e.code());
        assertTrue(e.getMessage().contains("frobnicate") && e.getMessage().contains(":3:"), e.getMessage());
        VirtException attr = assertThrows(VirtException.class,
            () -> DomainXml.parse(domain("<memory color='blue'>1</memory>"), true));
        assertTrue(attr.getMessage().contains("color"), attr.getMessage());
    }

    @Test
    void memoryComesFromMemoryOrTheNumaCellsAndMemoryDevices() {
        VirtException none = assertThrows(VirtException.class,
            () -> DomainXml.parse("<domain type='kvm'><name>g</name><os><type>hvm</type></os></domain>"));
        assertEquals(ErrorCode.XML_ERROR, none.code());
        assertEquals("XML error: Memory size must be specified via <memory> or in the <numa> configuration", none.getMessage());
        assertThrows(VirtException.class, () -> DomainXml.parse(
            "<domain type='kvm'><name>g</name><memory>0</memory><os><type>hvm</type></os></domain>"), "zero is no size");
        // libvirt's virDomainDefPostParseMemory: the cells' sum plus the memory devices' sizes
        DomainDef def = DomainXml.parse("<domain type='kvm'><name>g</name><maxMemory slots='2' unit='GiB'>4</maxMemory>"
            + "<vcpu>2</vcpu><os><type>hvm</type></os><cpu><numa>"
            + "<cell id='0' cpus='0' memory='1' unit='GiB'/><cell id='1' cpus='1' memory='524288'/></numa></cpu>"
            + "<devices><memory model='dimm'><target><size unit='MiB'>256</size><node>0</node></target></memory></devices>"
            + "</domain>");
        assertEquals(1048576 + 524288 + 262144, def.memoryKiB());
        assertTrue(DomainXml.format(def).contains("<memory unit='KiB'>1835008</memory>"), DomainXml.format(def));
        assertEquals(2048, DomainXml.parse("<domain type='kvm'><name>g</name><memory>2048</memory><vcpu>1</vcpu>"
            + "<os><type>hvm</type></os><cpu><numa><cell id='0' cpus='0' memory='1024'/></numa></cpu></domain>").memoryKiB(),
            "a given <memory> stands");
    }

    @Test
    void disksAreOrderedAsLibvirtsParserInsertsThem() {
        DomainDef def = DomainXml.parse(domain("<devices>"
            + "<disk type='file' device='disk'><source file='/a'/><target dev='vdc' bus='virtio'/></disk>"
            + "<disk type='file' device='disk'><source file='/b'/><target dev='hdb' bus='ide'/></disk>"
            + "<disk type='file' device='disk'><source file='/c'/><target dev='vda' bus='virtio'/></disk>"
            + "<disk type='file' device='cdrom'><target dev='hda' bus='ide'/></disk>"
            + "<disk type='file' device='disk'><source file='/d'/><target dev='vdaa' bus='virtio'/></disk>"
            + "<disk type='file' device='disk'><source file='/e'/><target dev='sdb'/></disk>"
            + "<disk type='file' device='disk'><source file='/f'/><target dev='sda'/></disk>"
            + "</devices>"));
        // virDomainDiskInsert: before the first disk on the same bus (as given) that sorts after it, else after
        // the last disk on that bus, else at the end
        assertEquals(List.of("vda", "vdc", "vdaa", "hda", "hdb", "sda", "sdb"),
            def.disks().stream().map(DiskDef::targetDev).toList());
        assertEquals(0, DevicesXml.diskNameToIndex("sda"));
        assertEquals(25, DevicesXml.diskNameToIndex("hdz"));
        assertEquals(26, DevicesXml.diskNameToIndex("vdaa"));
        assertEquals(27, DevicesXml.diskNameToIndex("xvdab1"));
        assertEquals(-1, DevicesXml.diskNameToIndex("nvme0n1"));
        assertEquals(-1, DevicesXml.diskNameToIndex("vd1"));
        assertEquals(-1, DevicesXml.diskNameToIndex("vda1x"));
    }

    @Test
    void generatedTargetNamesAreNotReadFromACallersDefinition() {
        String nics = "<devices><interface type='network'><source network='default'/><target dev='vnet7'/></interface>"
            + "<interface type='direct'><source dev='eth0'/><target dev='macvtap3'/></interface>"
            + "<interface type='direct'><source dev='eth1'/><target dev='macvlan'/></interface>"
            + "<interface type='ethernet'><target dev='vnet9' managed='no'/></interface>"
            + "<interface type='ethernet'><target dev='vnetx' managed='yes'/></interface>"
            + "<interface type='bridge'><source bridge='br0'/><target dev='mytap0'/></interface>"
            + "<interface type='bridge'><source bridge='br0'/><target dev='VNET1'/></interface>"
            + "<interface type='user'><target dev='Macvtap2'/></interface>"
            + "<interface type='user'><target dev='avnet0'/></interface>"
            + "<interface type='user'><target dev='vne0'/></interface>"
            + "<interface type='user'><target dev='vif1.0'/></interface></devices>";
        // virDomainNetDefParseXML under PARSE_INACTIVE: STRPREFIX (case-sensitive) of vnet, macvtap, macvlan, any
        // interface type, unless managed='no'; managed itself stays
        DomainDef inactive = DomainXml.parse(domain(nics));
        assertEquals(java.util.Arrays.asList(null, null, null, "vnet9", null, "mytap0", "VNET1", "Macvtap2", "avnet0", "vne0",
            "vif1.0"), inactive.interfaces().stream().map(InterfaceDef::targetDev).toList());
        assertEquals("yes", inactive.interfaces().get(4).targetManaged());
        assertTrue(DomainXml.format(inactive).contains("<target managed='yes'/>"));
        assertEquals(List.of("vnet7", "macvtap3", "macvlan", "vnet9", "vnetx", "mytap0", "VNET1", "Macvtap2", "avnet0", "vne0",
            "vif1.0"), DomainXml.parseLive(domain(nics), null).interfaces().stream().map(InterfaceDef::targetDev).toList(),
            "a driver's own live record keeps the names its hypervisor gave");
    }

    @Test
    void generatedTargetNamesAreLeftOutOfAnInactiveFormat() {
        DomainDef live = DomainXml.parseLive(domain("<devices>"
            + "<interface type='network'><source network='default'/><target dev='vnet0'/></interface>"
            + "<interface type='direct'><source dev='eth0'/><target dev='macvtap0'/></interface>"
            + "<interface type='ethernet'><target dev='vnet2' managed='no'/></interface>"
            + "<interface type='ethernet'><target dev='vnet3' managed='yes'/></interface>"
            + "<interface type='bridge'><source bridge='br0'/><target dev='tap1'/></interface></devices>"), null);
        // virDomainNetDefFormat: a running domain's XML (an id) shows them ...
        String running = DomainXml.format(live, 4);
        for (String t : new String[] {"<target dev='vnet0'/>", "<target dev='macvtap0'/>", "<target dev='vnet2' managed='no'/>",
            "<target dev='vnet3' managed='yes'/>", "<target dev='tap1'/>"}) {
            assertTrue(running.contains(t), t + " in " + running);
        }
        // ... FORMAT_INACTIVE (no id: a definition, a config file, dumpxml --inactive) skips the generated ones
        String inactive = DomainXml.format(live);
        assertFalse(inactive.contains("vnet0") || inactive.contains("macvtap0") || inactive.contains("vnet3"), inactive);
        for (String t : new String[] {"<target dev='vnet2' managed='no'/>", "<target managed='yes'/>", "<target dev='tap1'/>"}) {
            assertTrue(inactive.contains(t), t + " in " + inactive);
        }
        assertEquals("vnet0", live.interfaces().get(0).targetDev(), "formatting leaves the definition as it is");
    }

    @Test
    void aNetworkPortsIdIsWrittenInLiveXmlOnly() {
        String port = "<devices><interface type='network'><source network='default' portid='8b55da8a-73c1-4ccc-9a68-69cf5d3bdfad'/>"
            + "</interface></devices>";
        DomainDef live = DomainXml.parseLive(domain(port), null);
        assertTrue(DomainXml.format(live, 2).contains("<source network='default' portid='8b55da8a-73c1-4ccc-9a68-69cf5d3bdfad'/>"));
        assertTrue(DomainXml.format(live).contains("<source network='default'/>"), DomainXml.format(live));
        assertTrue(DomainXml.format(DomainXml.parse(domain(port)), 2).contains("<source network='default'/>"),
            "a caller's definition has none");
    }

    @Test
    void aTargetWithOnlyManagedIsWritten() {
        assertTrue(DomainXml.format(DomainXml.parse(domain("<devices><interface type='ethernet'><target managed='no'/>"
            + "</interface></devices>"))).contains("<target managed='no'/>"));
    }

    @Test
    void anOsTypeIsRequiredUnlessABootloaderMakesItXenPv() {
        VirtException e = assertThrows(VirtException.class,
            () -> DomainXml.parse("<domain type='kvm'><name>g</name><memory>1024</memory></domain>"));
        assertEquals(ErrorCode.XML_ERROR, e.code());
        assertEquals("XML error: an os <type> must be specified", e.getMessage());
        DomainDef pv = DomainXml.parse("<domain type='xen'><name>g</name><memory>1024</memory>"
            + "<bootloader>/usr/bin/pygrub</bootloader></domain>");
        assertEquals("xen", pv.osType());
        assertTrue(DomainXml.format(pv).contains("<type>linux</type>"), DomainXml.format(pv));
    }

    /**
     * libvirt's virDomainDefParseCaps and virDomainDefFormatInternal: "linux" is os type xen only in a
     * domain of type xen, which writes it back as "linux"; elsewhere both names are kept as written
     * (virsh -c test:///default on a test domain with os type xen dumps {@code <type>xen</type>}).
     */
    @Test
    void xenOsTypeFollowsTheDomainType() {
        String xen = "<domain type='%s'><name>x</name><memory>1024</memory><os><type>%s</type></os></domain>";
        DomainDef pv = DomainXml.parse(xen.formatted("xen", "xen"));
        assertEquals("xen", pv.osType());
        assertTrue(DomainXml.format(pv).contains("<type>linux</type>"), DomainXml.format(pv));
        assertEquals("xen", DomainXml.parse(xen.formatted("xen", "linux")).osType());
        DomainDef test = DomainXml.parse(xen.formatted("test", "xen"));
        assertEquals("xen", test.osType());
        assertTrue(DomainXml.format(test).contains("<type>xen</type>"), DomainXml.format(test));
        DomainDef linux = DomainXml.parse(xen.formatted("test", "linux"));
        assertEquals("linux", linux.osType());
        assertTrue(DomainXml.format(linux).contains("<type>linux</type>"), DomainXml.format(linux));
        VirtException e = assertThrows(VirtException.class, () -> DomainXml.parse(xen.formatted("test", "windows")));
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertEquals("unsupported configuration: unknown OS type 'windows'", e.getMessage());
    }

    @Test
    void macAddressesAreCheckedAndGenerated() {
        DomainDef def = DomainXml.parse(domain("<devices><interface type='user'/>"
            + "<interface type='bridge'><mac address='52:54:00:AB:CD:EF'/><source bridge='br0'/></interface></devices>"));
        assertTrue(def.interfaces().get(0).mac().startsWith("52:54:00:"));
        assertEquals("52:54:00:ab:cd:ef", def.interfaces().get(1).mac());
        assertEquals("br0", def.interfaces().get(1).sourceBridge());
    }

    @Test
    void graphicsDefaultsAndSecrets() {
        DomainDef def = DomainXml.parse(domain("<devices><graphics type='vnc' passwd='s3cret'/></devices>"));
        GraphicsDef g = def.graphics().get(0);
        assertEquals(null, g.port()); // libvirt's port 0: none yet, chosen at start
        assertEquals(Boolean.TRUE, g.autoport());
        assertTrue(DomainXml.format(def).contains("<graphics type='vnc' port='-1' autoport='yes'>"));
        assertEquals("address", g.listens().get(0).type());
        assertFalse(DomainXml.format(def).contains("s3cret"));
        assertTrue(DomainXml.format(def, -1, true).contains("passwd='s3cret'"));
    }

    @Test
    void metadataIsKeptVerbatimWithItsNamespace() {
        DomainDef def = DomainXml.parse(domain("<metadata><app:info xmlns:app='http://example.org/app'>"
            + "<app:owner id='7'>ops</app:owner></app:info></metadata>"));
        String out = DomainXml.format(def);
        assertTrue(out.contains("<app:info xmlns:app='http://example.org/app'>"), out);
        assertTrue(out.contains("<app:owner id='7'>ops</app:owner>"), out);
        assertEquals(out, DomainXml.format(DomainXml.parse(out, true)));
    }

    /**
     * libvirt's post-parse sanitizes {@code <metadata>} (virXMLNodeSanitizeNamespaces): real virsh
     * 9.0 on test:///default ("define; dumpxml") keeps of this one only a:first and b:other.
     */
    @Test
    void metadataKeepsTheFirstElementOfEachNamespaceAndNothingWithoutOne() {
        DomainDef def = DomainXml.parse(domain("<metadata>"
            + "<plain>no namespace</plain>"
            + "<a:first xmlns:a=\"http://example.org/a\">one</a:first>"
            + "<b:other xmlns:b=\"http://example.org/b\"><b:x/></b:other>"
            + "<!-- a comment -->"
            + "<a2:second xmlns:a2=\"http://example.org/a\">two</a2:second>"
            + "</metadata>"));
        String out = DomainXml.format(def);
        String metadata = out.substring(out.indexOf("<metadata>"), out.indexOf("</metadata>") + "</metadata>".length())
            .replace("\n  ", "\n"); // the domain's own indentation
        assertEquals("""
            <metadata>
              <a:first xmlns:a='http://example.org/a'>one</a:first>
              <b:other xmlns:b='http://example.org/b'>
                <b:x/>
              </b:other>
            </metadata>""", metadata);
    }

    @Test
    void typedDevicesAreReadable() {
        DomainDef def = DomainXml.parse(domain("<devices>"
            + "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='/x.iso'/>"
            + "<target dev='hdc' bus='ide'/><readonly/><boot order='1'/></disk>"
            + "<controller type='usb' model='qemu-xhci'/>"
            + "<filesystem type='mount' accessmode='passthrough'><source dir='/src'/><target dir='tag'/></filesystem>"
            + "<serial type='tcp'><source host='h' service='9'/><target port='0'/></serial>"
            + "</devices>"));
        DiskDef disk = def.disks().get(0);
        assertEquals("cdrom", disk.device());
        assertEquals("/x.iso", disk.sourcePath());
        assertTrue(disk.readonly());
        assertEquals(1, disk.bootOrder());
        assertEquals(0, def.controllers().get(0).index());
        assertEquals("/src", def.filesystems().get(0).source());
        CharDeviceDef serial = def.charDevices().get(0);
        assertEquals("connect", serial.sources().get(0).mode());
        assertEquals("raw", serial.protocol());
        // per-device boot order: no implicit <boot dev='hd'/>
        assertTrue(def.os().bootDevices().isEmpty());
    }

    @Test
    void canonicalLayout() {
        DomainDef def = DomainXml.parse("<domain type=\"kvm\"><name>g</name>"
            + "<uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid><vcpu>1</vcpu><memory unit=\"GiB\">1</memory>"
            + "<os><type arch=\"x86_64\" machine=\"pc\">hvm</type></os></domain>");
        assertEquals("""
            <domain type='kvm' id='3'>
              <name>g</name>
              <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
              <memory unit='KiB'>1048576</memory>
              <currentMemory unit='KiB'>1048576</currentMemory>
              <vcpu placement='static'>1</vcpu>
              <os>
                <type arch='x86_64' machine='pc'>hvm</type>
                <boot dev='hd'/>
              </os>
              <clock offset='utc'/>
              <on_poweroff>destroy</on_poweroff>
              <on_reboot>restart</on_reboot>
              <on_crash>destroy</on_crash>
              <devices>
              </devices>
            </domain>
            """, DomainXml.format(def, 3));
    }

    @Test
    void copyIsDeep() {
        DomainDef def = DomainXml.parse(domain("<devices><disk type='file'><source file='/a'/><target dev='vda'/>"
            + "</disk></devices><cpu mode='custom'><model>Haswell</model></cpu>"));
        DomainDef copy = def.copy();
        copy.disks().get(0).sourcePath("/b");
        copy.cpu().model("Skylake");
        copy.devices().clear();
        assertEquals("/a", def.disks().get(0).sourcePath());
        assertEquals("Haswell", def.cpu().model());
        assertEquals(DomainXml.format(def), DomainXml.format(def.copy()));
    }

    @Test
    void builderAppliesGenericDefaults() {
        DomainDef def = DomainDef.builder().type("kvm").name("built").memoryKiB(2048).vcpus(2)
            .os("hvm", "x86_64", null).device(new InterfaceDef().type("network").sourceNetwork("default")).build();
        assertNotNull(def.uuid());
        assertTrue(def.interfaces().get(0).mac().startsWith("52:54:00:"));
        DomainDef again = DomainXml.parse(DomainXml.format(def), true);
        assertEquals(DomainXml.format(def), DomainXml.format(again));
        assertThrows(VirtException.class, () -> DomainDef.builder().name("").build());
    }

    @Test
    void driverDefaultsHookRunsAndMayReject() {
        DomainDef def = DomainXml.parse(domain(""), false, d -> d.emulator("/usr/bin/qemu-system-x86_64"));
        assertEquals("/usr/bin/qemu-system-x86_64", def.emulator());
        assertNull(DomainXml.parse(domain("")).emulator());
    }
}
