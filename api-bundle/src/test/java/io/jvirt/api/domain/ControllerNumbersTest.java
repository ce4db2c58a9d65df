package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/**
 * The numbers virDomainControllerDefParseXML reads with virXMLPropInt (base 10, non-negative):
 * ports on every controller, vectors on virtio-serial, maxGrantFrames and maxEventChannels on
 * xenbus; expectations from virsh 9.0 on test:///default.
 */
class ControllerNumbersTest {

    private static String domain(String devices) {
        return "<domain type='xen'><name>g</name><memory>1024</memory><os><type arch='x86_64'>hvm</type></os>"
            + "<devices>" + devices + "</devices></domain>";
    }

    @Test
    void numbersAreWrittenBackAsLibvirtReadsThem() {
        String xml = DomainXml.format(DomainXml.parse(domain(
            "<controller type='xenbus' index='0' maxEventChannels='010' maxGrantFrames=' +64'/>")));
        assertTrue(xml.contains("<controller type='xenbus' index='0' maxEventChannels='10' maxGrantFrames='64'/>"), xml);
        xml = DomainXml.format(DomainXml.parse(domain("<controller type='usb' index='0' model='qemu-xhci' ports='08'/>")));
        assertTrue(xml.contains("ports='8'"), xml);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<controller type='xenbus' maxEventChannels='x'/>"
            + "|Invalid value for attribute 'maxEventChannels' in element 'controller': 'x'. Expected integer value",
        "<controller type='xenbus' maxGrantFrames='-1'/>"
            + "|Invalid value for attribute 'maxGrantFrames' in element 'controller': '-1'. Expected non-negative value",
        "<controller type='usb' index='0' model='qemu-xhci' ports='x'/>"
            + "|Invalid value for attribute 'ports' in element 'controller': 'x'. Expected integer value",
        "<controller type='virtio-serial' index='0' ports='4' vectors='-3'/>"
            + "|Invalid value for attribute 'vectors' in element 'controller': '-3'. Expected non-negative value",
        "<controller type='ide' index='0' ports='x'/>"
            + "|Invalid value for attribute 'ports' in element 'controller': 'x'. Expected integer value"})
    void badNumbersAreLibvirtsXmlErrors(String caseLine) {
        String[] c = caseLine.split("\\|");
        VirtException e = assertThrows(VirtException.class, () -> DomainXml.parse(domain(c[0])));
        assertEquals(ErrorCode.XML_ERROR, e.code());
        assertEquals("XML error: " + c[1], e.getMessage());
    }
}
