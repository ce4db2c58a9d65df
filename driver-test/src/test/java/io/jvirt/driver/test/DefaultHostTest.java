package io.jvirt.driver.test;

import static io.jvirt.driver.test.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.XmlFlag;

/** test:///default: libvirt's default host and its domain "test", shared by all connections. */
class DefaultHostTest {

    private final Connector connector = Fixture.connector();

    @Test
    void nodeInfoIsLibvirtsDefaultNode() {
        try (Connection c = connector.open("test:///default")) {
            assertEquals(new NodeInfo("i686", 3145728, 16, 1400, 2, 2, 2, 2), c.nodeInfo());
            assertEquals("TEST", c.type());
            assertEquals(2, c.hypervisorVersion());
            assertEquals("test:///default", c.uri());
            assertEquals(32, c.maxVcpus(null));
            assertTrue(c.capabilities().contains("<emulator>/usr/bin/test-hv</emulator>"));
            // libvirt's testConnectIsEncrypted / testConnectIsSecure: a local connection
            assertFalse(c.isEncrypted());
            assertTrue(c.isSecure());
        }
    }

    @Test
    void domainTestRunsWithId1() {
        try (Connection c = connector.open("test:///default")) {
            List<Domain> all = c.listAllDomains();
            assertEquals(1, all.size());
            Domain d = all.get(0);
            assertEquals("test", d.name());
            assertEquals("6695eb01-f6a4-8304-79aa-97f2502e193f", d.uuidString());
            assertEquals(1, d.id());
            assertTrue(d.isActive());
            assertTrue(d.isPersistent());
            assertFalse(d.isUpdated());
            // libvirt loads the host's domains in their runstate with reason 0
            assertEquals(DomainState.RUNNING, d.state().state());
            assertEquals("running (unknown)", d.state().toString());
            DomainInfo info = d.info();
            assertEquals(8388608, info.maxMemoryKiB());
            assertEquals(2097152, info.memoryKiB());
            assertEquals(2, info.vcpus());
            assertEquals("linux", d.osType());
            assertEquals(1, c.numOfDomains());
            assertEquals(0, c.numOfDefinedDomains());
        }
    }

    @Test
    void dumpxmlHasTheDevicesOfLibvirtsDefaultDomain() {
        try (Connection c = connector.open("test:///default")) {
            String xml = c.lookupByName("test").xmlDesc();
            assertTrue(xml.startsWith("<domain type='test' id='1'>"), xml);
            assertTrue(xml.contains("<type arch='i686'>hvm</type>"), xml);
            assertTrue(xml.contains("<source file='/guest/diskimage1'/>"), xml);
            assertTrue(xml.contains("<mac address='aa:bb:cc:dd:ee:ff'/>"), xml);
            assertTrue(xml.contains("<target dev='testnet0'/>"), xml);
            assertTrue(xml.contains("<memballoon model='virtio'>"), xml);
            String inactive = c.lookupByName("test").xmlDesc(XmlFlag.INACTIVE);
            assertTrue(inactive.startsWith("<domain type='test'>"), inactive);
        }
    }

    private static List<String> targets(String xml) {
        return java.util.regex.Pattern.compile("<target dev=[^>]*/>|<target managed=[^>]*/>").matcher(xml).results()
            .map(java.util.regex.MatchResult::group).filter(t -> !t.contains("bus=")).toList();
    }

    @Test
    void generatedTargetNamesOfADefinitionAreNamedAgainAsLibvirtsTestDriverDoes() {
        String xml = "<domain type='test'><name>g</name><memory>1024</memory><os><type>hvm</type></os><devices>"
            + "<interface type='network'><source network='default'/><target dev='vnet7'/></interface>"
            + "<interface type='direct'><source dev='eth0'/><target dev='macvtap3'/></interface>"
            + "<interface type='ethernet'><target dev='vnet9' managed='no'/></interface>"
            + "<interface type='ethernet'><target dev='vnetx' managed='yes'/></interface>"
            + "<interface type='user'><target dev='VNET1'/></interface>"
            + "<interface type='user'><target dev='vif1.0'/></interface>"
            + "<interface type='user'><target dev='macvlan'/></interface></devices></domain>";
        // what virsh 9.0 shows on libvirt's test:///default after define, after start and with --inactive: the
        // generated names blanked at parse (PARSE_INACTIVE), then testDomainGenerateIfnames' testnetN
        List<String> want = List.of("<target dev='testnet0'/>", "<target dev='testnet1'/>", "<target dev='vnet9' managed='no'/>",
            "<target dev='testnet2' managed='yes'/>", "<target dev='VNET1'/>", "<target dev='vif1.0'/>", "<target dev='testnet3'/>");
        try (Connection c = connector.open("test:///default")) {
            Domain d = c.defineXml(xml);
            assertEquals(want, targets(d.xmlDesc()));
            d.create();
            assertEquals(want, targets(d.xmlDesc()));
            assertEquals(want, targets(d.xmlDesc(XmlFlag.INACTIVE)));
        }
    }

    @Test
    void connectionsShareTheDefaultHostAndItsEvents() throws Exception {
        try (Connection a = connector.open("test:///default"); Connection b = connector.open("test:///default");
             Fixture.Events events = new Fixture.Events(b)) {
            a.lookupByName("test").suspend();
            assertEquals(DomainState.PAUSED, b.lookupByName("test").state().state());
            a.defineXml(Fixture.domainXml("other", "11111111-2222-3333-4444-555555555555"));
            assertEquals(List.of("Suspended Paused test", "Defined Added other"), events.next(2));
            assertEquals(2, b.listAllDomains().size());
        }
        // closing every connection does not reset the host (it lives as long as the driver)
        try (Connection c = connector.open("test:///default")) {
            assertEquals(2, c.listAllDomains().size());
        }
    }

    @Test
    void separateDriverInstancesHaveSeparateHosts() {
        try (Connection a = connector.open("test:///default"); Connection b = Fixture.connector().open("test:///default")) {
            a.lookupByName("test").destroy();
            assertTrue(b.lookupByName("test").isActive());
        }
    }

    @Test
    void lookupsThatFindNothingSayDomainNotFound() {
        try (Connection c = connector.open("test:///default")) {
            assertError(ErrorCode.NO_DOMAIN, "Domain not found", () -> c.lookupByName("nope"));
            assertError(ErrorCode.NO_DOMAIN, "Domain not found", () -> c.lookupById(7));
            assertError(ErrorCode.NO_DOMAIN, "Domain not found",
                () -> c.lookupByUuidString("00000000-0000-0000-0000-000000000001"));
            assertEquals("test", c.lookupById(1).name());
            assertEquals("test", c.lookupByUuidString("6695eb01-f6a4-8304-79aa-97f2502e193f").name());
        }
    }

    @Test
    void uriWithoutPathIsRefusedWithLibvirtsWords() {
        assertError(ErrorCode.INVALID_ARG, "invalid argument: testOpen: supply a path or use test:///default",
            () -> connector.open("test:///"));
    }
}
