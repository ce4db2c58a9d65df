package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/** A device's PCI address read and written as libvirt does (virPCIDeviceAddressParseXML, virDomainDeviceInfoFormat). */
class PciDeviceAddressTest {

    private static String nic(String address) {
        return DomainXml.formatDevice(DomainXml.parseDevice("<interface type='network'><mac address='52:54:00:00:00:01'/>"
            + "<source network='default'/>" + address + "</interface>"));
    }

    @Test
    void numbersInAnyBaseAreWrittenInLibvirtsForm() {
        assertTrue(nic("<address type='pci' domain='0x0000' bus='0x00' slot='0x1' function='0x0'/>")
            .contains("<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>"));
        // decimal and octal as C's strtoul with base 0 reads them, attributes in libvirt's order
        assertTrue(nic("<address function='1' slot='010' bus='2' domain='0' type='pci' multifunction='on'/>")
            .contains("<address type='pci' domain='0x0000' bus='0x02' slot='0x08' function='0x1' multifunction='on'/>"));
    }

    @Test
    void anEmptyAddressStaysEmpty() {
        // domain, bus and slot 0: libvirt writes no numbers (a function alone does not count)
        assertTrue(nic("<address type='pci' function='0x3'/>").contains("<address type='pci'/>"));
        assertTrue(nic("<address type='pci'/>").contains("<address type='pci'/>"));
    }

    @Test
    void otherAddressTypesAreKeptAsTheyAre() {
        String xml = DomainXml.formatDevice(DomainXml.parseDevice(
            "<disk type='file' device='disk'><source file='/a.img'/><target dev='sda' bus='scsi'/>"
                + "<address type='drive' controller='0' bus='0' target='0' unit='1'/></disk>"));
        assertTrue(xml.contains("<address type='drive' controller='0' bus='0' target='0' unit='1'/>"), xml);
    }

    @Test
    void outOfRangeAndMalformedNumbersAreRefusedWithLibvirtsWords() {
        VirtException slot = assertThrows(VirtException.class, () -> nic("<address type='pci' bus='0' slot='0x20'/>"));
        assertEquals(ErrorCode.XML_ERROR, slot.code());
        assertEquals(ErrorDomain.NONE, slot.errorDomain());
        assertTrue(slot.getMessage().contains("Invalid PCI address slot='0x20', must be <= 0x1F"), slot.getMessage());
        VirtException bus = assertThrows(VirtException.class, () -> nic("<address type='pci' bus='256' slot='1'/>"));
        assertTrue(bus.getMessage().contains("Invalid PCI address bus='0x100', must be <= 0xFF"), bus.getMessage());
        VirtException fn = assertThrows(VirtException.class, () -> nic("<address type='pci' slot='1' function='8'/>"));
        assertTrue(fn.getMessage().contains("Invalid PCI address function=0x8, must be <= 7"), fn.getMessage());
        VirtException bad = assertThrows(VirtException.class, () -> nic("<address type='pci' slot='one'/>"));
        assertTrue(bad.getMessage().contains("Invalid value for attribute 'slot' in element 'address': 'one'."
            + " Expected non-negative integer value"), bad.getMessage());
        VirtException multi = assertThrows(VirtException.class, () -> nic("<address type='pci' slot='1' multifunction='yes'/>"));
        assertTrue(multi.getMessage().contains("Invalid value for attribute 'multifunction' in element 'address': 'yes'."),
            multi.getMessage());
    }
}
