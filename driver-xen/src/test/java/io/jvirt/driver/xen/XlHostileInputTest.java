package io.jvirt.driver.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.conf.VirConf;

/**
 * Hostile xl.cfg and domain XML: every refusal is a VirtException with libvirt's code and words,
 * never another exception; what xl cannot express is refused naming the element.
 */
class XlHostileInputTest {

    private static final String HVM = "<domain type='xen'><name>g</name><uuid>c7a5fdb2-cdaf-9455-926a-d65c16db1809</uuid>"
        + "<memory>524288</memory><os><type arch='x86_64' machine='xenfv'>hvm</type></os><devices>%s</devices></domain>";

    private static VirtException cfgFails(String cfg) {
        return assertThrows(VirtException.class, () -> XlConfig.toDomainXml(cfg), cfg);
    }

    private static VirtException xmlFails(String devices) {
        return assertThrows(VirtException.class, () -> XlConfig.fromDomainXml(String.format(HVM, devices)), devices);
    }

    @Test
    void badSyntaxIsConfSyntax() {
        assertEquals("configuration file syntax error: memory conf:2: unterminated string",
            cfgFails("name = \"a\"\nuuid = \"c7a5fdb2-cdaf-9455-926a-d65c16db1809\n").getMessage());
        assertEquals(ErrorCode.CONF_SYNTAX, cfgFails("name = \"a\"\nvif = [ [ [ [ " + "[".repeat(50)).code());
        assertEquals(ErrorCode.CONF_SYNTAX, cfgFails("name = \"a\"\nmemory = 123456789012345678901234567890\n").code());
    }

    @Test
    void missingOrMistypedValuesUseLibvirtsWords() {
        assertEquals("internal error: config value name was missing", cfgFails("memory = 512\n").getMessage());
        assertEquals("internal error: memory conf: expected a string for 'name' parameter", cfgFails("name = 1\n").getMessage());
        assertEquals("internal error: config value memory was malformed", cfgFails("name = \"a\"\nmemory = \"lots\"\n").getMessage());
        assertEquals("internal error: config value memory was malformed",
            cfgFails("name = \"a\"\nmemory = \"99999999999999999999999\"\n").getMessage());
        assertEquals("configuration file syntax error: nope not parseable", cfgFails("name = \"a\"\nuuid = \"nope\"\n").getMessage());
        assertEquals("internal error: unexpected value explode for on_crash",
            cfgFails("name = \"a\"\non_crash = \"explode\"\n").getMessage());
        assertEquals("unsupported configuration: type qemu is not supported", cfgFails("name = \"a\"\ntype = \"qemu\"\n").getMessage());
        assertEquals("internal error: malformed mac address 'zz'", cfgFails("name = \"a\"\nvif = [ \"mac=zz\" ]\n").getMessage());
        assertEquals("configuration file syntax error: cpuid starting with intel is not supported, only libxl format is",
            cfgFails("name = \"a\"\nbuilder = \"hvm\"\ncpuid = \"intel,x=1\"\n").getMessage());
    }

    @Test
    void hugeNumbersAreRefusedNotWrapped() {
        assertEquals(ErrorCode.OVERFLOW, cfgFails("name = \"a\"\nmemory = 9000000000000000000\n").code());
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, cfgFails("name = \"a\"\nvcpus = 9000000000000\n").code());
    }

    @Test
    void namesThatCouldEscapeAreRefused() {
        for (String name : List.of("a/b", "../x")) {
            VirtException e = cfgFails("name = \"" + name + "\"\n");
            assertTrue(e.getMessage().contains("name"), e.getMessage());
        }
        VirtException e = cfgFails("name = \"\"\"a\nb\"\"\"\n");
        assertTrue(e.getMessage().contains("name"), e.getMessage());
    }

    @Test
    void badDiskSpecsAreRefused() {
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED,
            cfgFails("name = \"a\"\ndisk = [ \"format=bogus,vdev=xvda,target=/x\" ]\n").code());
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, cfgFails("name = \"a\"\ndisk = [ \"/x,raw\" ]\n").code());
    }

    @Test
    void whatXlCannotExpressIsRefusedByName() {
        String watchdog = xmlFails("<watchdog model='i6300esb'/>").getMessage();
        assertTrue(watchdog.contains("<watchdog>"), watchdog);
        String rdp = xmlFails("<graphics type='rdp'/>").getMessage();
        assertTrue(rdp.contains("rdp"), rdp);
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, xmlFails("<interface type='user'/>").code());
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED,
            xmlFails("<disk type='file' device='floppy'><source file='/f'/><target dev='fda' bus='fdc'/></disk>").code());
        VirtException e = xmlFails("<interface type='bridge'><source bridge='br0,script=/tmp/evil'/></interface>");
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("','"), e.getMessage());
    }

    @Test
    void writtenConfigReadsBackTheSameValues() {
        String cfg = XlConfig.fromDomainXml(String.format(HVM,
            "<disk type='file' device='disk'><source file='/var/img, with comma'/><target dev='hda' bus='ide'/></disk>"));
        VirConf back = VirConf.read(cfg);
        assertEquals(List.of("format=raw,vdev=hda,access=rw,target=/var/img, with comma"),
            back.stringList("disk", false));
    }

    /**
     * A PCI host device's address is libvirt's (virPCIDeviceAddressParseXML): refused in its words when
     * malformed, read in any strtoul base (010 is 8), all zeros when absent; never another exception.
     */
    @Test
    void pciHostdevAddressesAreReadAsLibvirtReadsThem() {
        VirtException e = xmlFails("<hostdev mode='subsystem' type='pci'><source><address domain='x' bus='1'/></source></hostdev>");
        assertEquals("XML error: Invalid value for attribute 'domain' in element 'address': 'x'. Expected non-negative integer value",
            e.getMessage());
        assertEquals(ErrorCode.XML_ERROR, xmlFails("<hostdev mode='subsystem' type='pci'/>").code());
        String octal = XlConfig.fromDomainXml(String.format(HVM, "<hostdev mode='subsystem' type='pci'><source>"
            + "<address domain='0' bus='010' slot='0x1f' function='7'/></source></hostdev>"));
        assertTrue(octal.contains("pci = [ \"0000:08:1f.7\" ]"), octal);
        String none = XlConfig.fromDomainXml(String.format(HVM, "<hostdev mode='subsystem' type='pci'><source/></hostdev>"));
        assertTrue(none.contains("pci = [ \"0000:00:00.0\" ]"), none);
    }

    /** A USB host device's numbers are libvirt's too: refused in its words when malformed, 010 read as 8. */
    @Test
    void usbHostdevAddressesAreReadAsLibvirtReadsThem() {
        assertEquals("XML error: Invalid value for attribute 'bus' in element 'address': 'x'. Expected non-negative integer value",
            xmlFails("<hostdev mode='subsystem' type='usb'><source><address bus='x' device='1'/></source></hostdev>").getMessage());
        assertEquals("internal error: missing product",
            xmlFails("<hostdev mode='subsystem' type='usb'><source><vendor id='0x1234'/></source></hostdev>").getMessage());
        String octal = XlConfig.fromDomainXml(String.format(HVM, "<hostdev mode='subsystem' type='usb'><source>"
            + "<address bus='010' device='0x3'/></source></hostdev>"));
        assertTrue(octal.contains("usbdev = [ \"hostbus=8,hostaddr=3\" ]"), octal);
    }

    private static final String NUMA = "<domain type='xen'><name>g</name><uuid>c7a5fdb2-cdaf-9455-926a-d65c16db1809</uuid>"
        + "<memory>524288</memory><vcpu>2</vcpu><os><type arch='x86_64' machine='xenfv'>hvm</type></os>"
        + "<cpu><numa>%s</numa></cpu><devices/></domain>";

    @Test
    void aNumaCellWithoutItsSizeOrWithAnEmptyIdIsRefusedByTheParserNotTheConverter() {
        // libvirt's virDomainNumaDefParseXML: the definition never reaches xenFormatXL
        String[][] cases = {
            {"<cell id='0' cpus='0' memory=''/>", "XML error: missing element or attribute './@memory'"},
            {"<cell id='0' cpus='0'/>", "XML error: missing element or attribute './@memory'"},
            {"<cell id='' cpus='0' memory='262144'/>",
                "XML error: Invalid value for attribute 'id' in element 'cell': ''. Expected non-negative integer value"},
            {"<cell id='0' cpus='0' memory='262144'><distances><sibling id='' value='10'/></distances></cell>",
                "XML error: Invalid value for attribute 'id' in element 'sibling': ''. Expected non-negative integer value"},
            {"<cell id='0' cpus='0' memory='262144'><distances><sibling id='0' value=''/></distances></cell>",
                "XML error: Invalid value for attribute 'value' in element 'sibling': ''. Expected non-negative integer value"},
        };
        for (String[] c : cases) {
            String xml = String.format(NUMA, c[0]);
            VirtException e = assertThrows(VirtException.class, () -> XlConfig.fromDomainXml(xml), c[0]);
            assertEquals(ErrorCode.XML_ERROR, e.code(), c[0]);
            assertEquals(c[1], e.getMessage(), c[0]);
            e = assertThrows(VirtException.class, () -> XenHost.parseDef(xml, false), c[0]);
            assertEquals(c[1], e.getMessage(), c[0]);
        }
        // cells given out of order reach xl by id, with the distances the parse completes
        String cfg = XlConfig.fromDomainXml(String.format(NUMA, "<cell id='1' cpus='1' memory='262144'/>"
            + "<cell id='0' cpus='0' memory='262144'><distances><sibling id='1' value='21'/></distances></cell>"));
        assertTrue(cfg.contains("[ \"pnode=0\", \"size=256\", \"vcpus=0\", \"vdistances=10,21\" ]"), cfg);
        assertTrue(cfg.contains("[ \"pnode=1\", \"size=256\", \"vcpus=1\", \"vdistances=21,10\" ]"), cfg);
    }

    @Test
    void generatedTargetNamesAndLibxlsVifNamesAreNotReadFromADefinition() {
        // libxl's xmlopt netPrefix "vif" besides vnet, macvtap and macvlan (virDomainNetDefParseXML under PARSE_INACTIVE)
        String nics = "<interface type='bridge'><mac address='00:16:3e:00:00:01'/><source bridge='br0'/><target dev='vif3.0'/></interface>"
            + "<interface type='bridge'><mac address='00:16:3e:00:00:02'/><source bridge='br0'/><target dev='vnet2'/></interface>"
            + "<interface type='bridge'><mac address='00:16:3e:00:00:03'/><source bridge='br0'/><target dev='vif4.0' managed='no'/></interface>"
            + "<interface type='bridge'><mac address='00:16:3e:00:00:04'/><source bridge='br0'/><target dev='guest0'/></interface>";
        io.jvirt.api.domain.DomainDef def = XenHost.parseDef(String.format(HVM, nics), false);
        assertEquals(java.util.Arrays.asList(null, null, "vif4.0", "guest0"),
            def.interfaces().stream().map(io.jvirt.api.domain.InterfaceDef::targetDev).toList());
        String cfg = XlConfig.fromDomainXml(String.format(HVM, nics));
        assertTrue(cfg.contains("vifname=vif4.0") && cfg.contains("vifname=guest0"), cfg);
        assertTrue(!cfg.contains("vif3.0") && !cfg.contains("vnet2"), cfg);
        // and from xl.cfg: a generated vifname is not part of the definition
        String xml = XlConfig.toDomainXml("name = \"a\"\nuuid = \"c7a5fdb2-cdaf-9455-926a-d65c16db1809\"\nmemory = 512\n"
            + "vif = [ \"mac=00:16:3e:00:00:01,bridge=br0,vifname=vif7.0\", \"mac=00:16:3e:00:00:02,bridge=br0,vifname=mine0\" ]\n");
        assertTrue(!xml.contains("vif7.0") && xml.contains("<target dev='mine0'/>"), xml);
    }
}
