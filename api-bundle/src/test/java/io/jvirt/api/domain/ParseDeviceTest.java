package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/** {@link DomainXml#parseDevice}: one device element, as the attach/detach APIs take it. */
class ParseDeviceTest {

    @Test
    void diskIsParsedWithItsTarget() {
        DeviceDef d = DomainXml.parseDevice("<disk type='file' device='disk'><source file='/a.img'/>"
            + "<target dev='vdb' bus='virtio'/></disk>");
        DiskDef disk = assertInstanceOf(DiskDef.class, d);
        assertEquals("vdb", disk.targetDev());
        assertEquals("disk", disk.kind());
    }

    @Test
    void interfaceWithoutMacGetsOneFromTheDriverDefaults() {
        DomainDefDefaults defaults = new DomainDefDefaults() {
            @Override
            public void apply(DomainDef def) {
            }

            @Override
            public String generateMac() {
                return "52:54:00:01:02:03";
            }
        };
        InterfaceDef net = assertInstanceOf(InterfaceDef.class,
            DomainXml.parseDevice("<interface type='network'><source network='default'/></interface>", false, defaults));
        assertEquals("52:54:00:01:02:03", net.mac());
    }

    @Test
    void genericDeviceIsKeptAsParsed() {
        DeviceDef d = DomainXml.parseDevice("<shmem name='ivshmem'><model type='ivshmem-plain'/></shmem>");
        GenericDeviceDef g = assertInstanceOf(GenericDeviceDef.class, d);
        assertEquals("shmem", g.kind());
        assertTrue(g.element().toString().contains("ivshmem-plain"));
    }

    @Test
    void formatDeviceIsTheInverseOfParseDevice() {
        String xml = "<watchdog model='i6300esb' action='reset'>\n  <alias name='watchdog0'/>\n</watchdog>\n";
        assertEquals(xml, DomainXml.formatDevice(DomainXml.parseDevice(xml)));
        assertEquals("<input type='tablet' bus='usb'/>\n", DomainXml.formatDevice(new InputDef("tablet", "usb")));
    }

    @Test
    void parsedDeviceCanBeAddedToADefinitionAndFormatted() {
        DomainDef def = DomainXml.parse("<domain type='test'><name>a</name><memory>1024</memory><vcpu>1</vcpu>"
            + "<os><type>hvm</type></os></domain>");
        def.addDevice(DomainXml.parseDevice("<disk type='file'><source file='/b.img'/><target dev='hdb'/></disk>"));
        assertTrue(DomainXml.format(def).contains("<target dev='hdb'/>"), DomainXml.format(def));
    }

    @Test
    void unknownDeviceTypeIsAnXmlError() {
        VirtException e = assertThrows(VirtException.class, () -> DomainXml.parseDevice("<gizmo/>"));
        assertEquals(ErrorCode.XML_ERROR, e.code());
        assertEquals("XML error: unknown device type 'gizmo'", e.getMessage());
    }

    @Test
    void malformedXmlIsAnError() {
        VirtException e = assertThrows(VirtException.class, () -> DomainXml.parseDevice("<disk"));
        assertNotNull(e.code());
    }

    @Test
    void unknownContentIsRejectedUnderValidate() {
        String xml = "<disk type='file'><source file='/b.img'/><target dev='hdb'/><bogus/></disk>";
        assertInstanceOf(DiskDef.class, DomainXml.parseDevice(xml));
        VirtException e = assertThrows(VirtException.class,
            () -> DomainXml.parseDevice(xml, true, DomainDefDefaults.NONE));
        assertEquals(ErrorCode.XML_DETAIL, e.code());
    }
}
