package io.jvirt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.network.NetworkXml;
import io.jvirt.api.storage.StoragePoolXml;

/**
 * One set of PCI address rules (libvirt's virPCIDeviceAddressParseXML with virPCIDeviceAddressIsEmpty
 * and virPCIDeviceAddressIsValid, util code reporting in no error domain) wherever an address is read:
 * a domain's device, a hostdev network's forward list, a scsi_host pool adapter's parent.
 */
class PciAddressRulesTest {

    /** Each place that reads an address, given the address element. */
    static Stream<Function<String, String>> readers() {
        Function<String, String> domain = a -> DomainXml.formatDevice(DomainXml.parseDevice(
            "<interface type='network'><mac address='52:54:00:00:00:01'/><source network='default'/>" + a + "</interface>"));
        Function<String, String> network = a -> NetworkXml.format(NetworkXml.parse(
            "<network><name>n1</name><forward mode='hostdev'>" + a + "</forward></network>"), false);
        Function<String, String> pool = a -> StoragePoolXml.format(StoragePoolXml.parse(
            "<pool type='scsi'><name>p</name><source><adapter type='scsi_host'><parentaddr unique_id='1'>" + a
                + "</parentaddr></adapter></source><target><path>/dev/disk/by-path</path></target></pool>"));
        return Stream.of(domain, network, pool);
    }

    @ParameterizedTest
    @MethodSource("readers")
    void rangesAreCheckedInNoErrorDomain(Function<String, String> read) {
        VirtException bus = assertThrows(VirtException.class, () -> read.apply("<address type='pci' domain='0' bus='0x100' slot='1' function='0'/>"));
        assertEquals(ErrorCode.XML_ERROR, bus.code());
        assertEquals(ErrorDomain.NONE, bus.errorDomain(), "virpci.c reports with VIR_FROM_NONE");
        assertTrue(bus.getMessage().contains("Invalid PCI address bus='0x100', must be <= 0xFF"), bus.getMessage());
        VirtException fn = assertThrows(VirtException.class, () -> read.apply("<address type='pci' domain='0' bus='1' slot='1' function='8'/>"));
        assertTrue(fn.getMessage().contains("Invalid PCI address function=0x8, must be <= 7"), fn.getMessage());
    }

    @ParameterizedTest
    @MethodSource("readers")
    void anAddressWithDomainBusAndSlotZeroIsEmptyAndNotRangeChecked(Function<String, String> read) {
        // virPCIDeviceAddressIsEmpty looks at domain, bus and slot only: the function does not count
        read.apply("<address type='pci' domain='0' bus='0' slot='0' function='8'/>");
    }

    @ParameterizedTest
    @MethodSource("readers")
    void numbersBeyondUnsignedIntAndTheWordDefaultAreRefused(Function<String, String> read) {
        VirtException big = assertThrows(VirtException.class, () -> read.apply("<address type='pci' domain='0x100000000' bus='1' slot='1' function='0'/>"));
        assertEquals(ErrorDomain.XML, big.errorDomain());
        assertTrue(big.getMessage().contains("Invalid value for attribute 'domain' in element 'address': '0x100000000'."
            + " Expected non-negative integer value"), big.getMessage());
        // virXMLPropTristateSwitch is NONZERO: "default" (0) is refused like any unknown word
        VirtException multi = assertThrows(VirtException.class, () -> read.apply("<address type='pci' domain='0' bus='1' slot='1' function='0' multifunction='default'/>"));
        assertTrue(multi.getMessage().contains("Invalid value for attribute 'multifunction' in element 'address': 'default'."),
            multi.getMessage());
    }
}
