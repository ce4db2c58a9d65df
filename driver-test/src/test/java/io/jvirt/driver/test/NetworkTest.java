package io.jvirt.driver.test;

import static io.jvirt.driver.test.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.Network;
import io.jvirt.api.NetworkCreateFlag;
import io.jvirt.api.NetworkDefineFlag;
import io.jvirt.api.NetworkListFilter;
import io.jvirt.api.NetworkXmlFlag;
import io.jvirt.api.Registration;
import io.jvirt.core.spi.ConnectRequest;

/** The test driver's virtual networks: libvirt's test driver network functions, in memory. */
class NetworkTest {

    static final String DEFAULT_UUID = "dd8fe884-6c02-601e-7551-cca97df1c5df";

    /** What libvirt 9.0's virNetworkDefFormat makes of the test driver's default network. */
    static final String DEFAULT_XML = """
        <network>
          <name>default</name>
          <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>
          <forward mode='nat'/>
          <bridge name='virbr0' stp='on' delay='0'/>
          <ip address='192.168.122.1' netmask='255.255.255.0'>
            <dhcp>
              <range start='192.168.122.2' end='192.168.122.254'/>
            </dhcp>
          </ip>
        </network>
        """;

    static String netXml(String name, String uuid, String bridge) {
        return "<network><name>" + name + "</name><uuid>" + uuid + "</uuid>"
            + (bridge == null ? "" : "<bridge name='" + bridge + "'/>")
            + "<ip address='10.9.0.1' prefix='24'/></network>";
    }

    private final Connector connector = Fixture.connector();

    private static List<String> names(List<Network> nets) {
        List<String> out = new ArrayList<>();
        for (Network n : nets) {
            out.add(n.name());
        }
        return out;
    }

    @Test
    void theDefaultHostHasLibvirtsDefaultNetworkRunning() {
        try (Connection c = connector.open("test:///default")) {
            Network n = c.lookupNetworkByName("default");
            assertEquals(DEFAULT_UUID, n.uuidString());
            assertTrue(n.isActive());
            assertTrue(n.isPersistent());
            assertFalse(n.autostart());
            assertEquals("virbr0", n.bridgeName());
            assertEquals(DEFAULT_XML, n.xmlDesc());
            // libvirt's test driver has no INACTIVE XML (testNetworkGetXMLDesc: virCheckFlags(0))
            assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x1) in function testNetworkGetXMLDesc",
                () -> n.xmlDesc(NetworkXmlFlag.INACTIVE));
            assertEquals(n, c.lookupNetworkByUuidString(DEFAULT_UUID));
            assertEquals(List.of("default"), names(c.listAllNetworks()));
            assertEquals(1, c.numOfNetworks());
            assertEquals(0, c.numOfDefinedNetworks());
        }
    }

    @Test
    void nodeFilesDefineRunningPersistentNetworksInlineOrInFiles() {
        for (String file : List.of("testnode.xml", "testnodeinline.xml")) {
            try (Connection c = connector.open("test://" + Fixture.testDriverDir().resolve(file).toAbsolutePath())) {
                assertEquals(List.of("default", "private"), names(c.listAllNetworks(NetworkListFilter.ACTIVE,
                    NetworkListFilter.PERSISTENT)), file);
                Network d = c.lookupNetworkByName("default");
                assertEquals("004b96e1-2d78-c30f-5aa5-f03c87d21e69", d.uuidString());
                assertEquals("brdefault", d.bridgeName());
                assertEquals("brpriv", c.lookupNetworkByName("private").bridgeName());
                assertTrue(d.xmlDesc().contains("<forward dev='eth0' mode='nat'>"), d.xmlDesc());
            }
        }
    }

    @Test
    void lookupsOfUnknownNetworksAreLibvirtsErrors() {
        try (Connection c = connector.open("test:///default")) {
            assertError(ErrorCode.NO_NETWORK, "Network not found: no network with matching name 'nope'",
                () -> c.lookupNetworkByName("nope"));
            assertError(ErrorCode.NO_NETWORK,
                "Network not found: no network with matching uuid '00000000-0000-0000-0000-000000000001'",
                () -> c.lookupNetworkByUuidString("00000000-0000-0000-0000-000000000001"));
        }
    }

    @Test
    void defineStartDestroyUndefineWithLibvirtsStateErrors() throws Exception {
        try (Connection c = connector.open("test:///default")) {
            String uuid = "c7a5fdbd-cdaf-9455-926a-d65c16db1809";
            Network n = c.defineNetworkXml(netXml("lab", uuid, "virbr9"));
            assertFalse(n.isActive());
            assertTrue(n.isPersistent());
            assertEquals(List.of("lab"), names(c.listAllNetworks(NetworkListFilter.INACTIVE)));
            assertEquals(1, c.numOfDefinedNetworks());
            n.destroy(); // libvirt's test driver destroys an inactive network without a word
            assertFalse(n.isActive());
            n.create();
            assertTrue(n.isActive());
            assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: Network 'lab' is already running", n::create);
            n.destroy();
            assertFalse(n.isActive());
            n.undefine();
            // the kit's network host finds a handle's network by UUID, the identity that never changes
            assertError(ErrorCode.NO_NETWORK, "Network not found: no network with matching uuid '" + uuid + "'", n::isActive);
            assertError(ErrorCode.NO_NETWORK, "Network not found: no network with matching uuid '" + uuid + "'", n::destroy);
        }
    }

    @Test
    void aRunningNetworkCannotBeUndefinedAsInLibvirtsTestDriver() {
        try (Connection c = connector.open("test:///default")) {
            Network n = c.defineNetworkXml(netXml("lab2", "c7a5fdbd-cdaf-9455-926a-d65c16db1802", "virbr8"));
            n.create();
            // libvirt's network driver would make it transient; its test driver refuses
            assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: Network 'lab2' is still running", n::undefine);
            assertTrue(n.isActive());
            assertTrue(n.isPersistent());
            n.destroy();
            n.undefine();
            assertError(ErrorCode.NO_NETWORK, "Network not found: no network with matching name 'lab2'",
                () -> c.lookupNetworkByName("lab2"));
        }
    }

    @Test
    void aTransientNetworkCanBeMarkedAutostartedAsInLibvirtsTestDriver() {
        try (Connection c = connector.open("test:///default")) {
            Network t = c.createNetworkXml(netXml("tmp2", "7f0b5f4e-2f4e-4d7e-9a53-1b2f8c3d4e52", "virbr6"));
            t.setAutostart(true);
            assertTrue(t.autostart());
            assertEquals(List.of("tmp2"), names(c.listAllNetworks(NetworkListFilter.AUTOSTART)));
            t.destroy();
        }
    }

    @Test
    void aTransientNetworkGoesAwayWithItsStop() {
        try (Connection c = connector.open("test:///default")) {
            Network t = c.createNetworkXml(netXml("tmp", "7f0b5f4e-2f4e-4d7e-9a53-1b2f8c3d4e5f", "virbr7"));
            assertTrue(t.isActive());
            assertFalse(t.isPersistent());
            assertEquals(List.of("tmp"), names(c.listAllNetworks(NetworkListFilter.TRANSIENT)));
            assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: network is already active as 'tmp'",
                () -> c.createNetworkXml(netXml("tmp", "7f0b5f4e-2f4e-4d7e-9a53-1b2f8c3d4e5f", "virbr7")));
            t.destroy();
            assertError(ErrorCode.NO_NETWORK, "Network not found: no network with matching name 'tmp'",
                () -> c.lookupNetworkByName("tmp"));
        }
    }

    @Test
    void aDefinitionGivenWhileRunningNeverReplacesTheRunningOneAsInLibvirtsTestDriver() {
        try (Connection c = connector.open("test:///default")) {
            Network n = c.lookupNetworkByName("default");
            String changed = DEFAULT_XML.replace("virbr0", "virbr5");
            c.defineNetworkXml(changed, NetworkDefineFlag.VALIDATE);
            assertEquals(DEFAULT_XML, n.xmlDesc(), "the live definition stays");
            assertEquals("virbr0", n.bridgeName());
            // testNetworkDestroy does not put the waiting definition in place (libvirt's network driver would)
            n.destroy();
            assertEquals(DEFAULT_XML, n.xmlDesc());
            n.create();
            assertEquals("virbr0", n.bridgeName());
        }
    }

    @Test
    void namesAndUuidsAreUnique() {
        try (Connection c = connector.open("test:///default")) {
            assertError(ErrorCode.OPERATION_FAILED,
                "operation failed: network 'default' already exists with uuid " + DEFAULT_UUID,
                () -> c.defineNetworkXml(netXml("default", UUID.randomUUID().toString(), null)));
            assertError(ErrorCode.OPERATION_FAILED,
                "operation failed: network 'default' is already defined with uuid " + DEFAULT_UUID,
                () -> c.defineNetworkXml(netXml("other", DEFAULT_UUID, null)));
        }
    }

    @Test
    void listFiltersCombineAsLibvirtsDo() {
        try (Connection c = connector.open("test:///default")) {
            c.defineNetworkXml(netXml("b-inactive", "11111111-2222-3333-4444-555555555555", null))
                .setAutostart(true);
            c.createNetworkXml(netXml("a-transient", "11111111-2222-3333-4444-666666666666", null));
            assertEquals(List.of("a-transient", "b-inactive", "default"), names(c.listAllNetworks()));
            assertEquals(List.of("a-transient", "default"), names(c.listAllNetworks(NetworkListFilter.ACTIVE)));
            assertEquals(List.of("a-transient", "b-inactive", "default"),
                names(c.listAllNetworks(NetworkListFilter.ACTIVE, NetworkListFilter.INACTIVE)));
            assertEquals(List.of("b-inactive", "default"), names(c.listAllNetworks(NetworkListFilter.PERSISTENT)));
            assertEquals(List.of("b-inactive"), names(c.listAllNetworks(NetworkListFilter.AUTOSTART)));
            assertEquals(List.of("default"),
                names(c.listAllNetworks(NetworkListFilter.PERSISTENT, NetworkListFilter.NO_AUTOSTART)));
            assertEquals(List.of(), names(c.listAllNetworks(NetworkListFilter.INACTIVE, NetworkListFilter.TRANSIENT)));
        }
    }

    @Test
    void flagsAreCheckedAsLibvirtsTestDriverChecksThem() {
        // only through the SPI can a caller send a bit the API has no constant for
        TestConnection conn = open(new TestDriver());
        assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x2) in function testNetworkCreateXMLFlags",
            () -> conn.networkCreateXml("<network/>", 2));
        assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x2) in function testNetworkDefineXMLFlags",
            () -> conn.networkDefineXml("<network/>", 2));
        assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x40) in function testConnectListAllNetworks",
            () -> conn.listAllNetworks(0x40));
        assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x2) in function testNetworkGetXMLDesc",
            () -> conn.networkXmlDesc(conn.networkLookupByName("default"), 2));
        // every filter at once: each group has both of its flags, so nothing is filtered
        assertEquals(1, conn.listAllNetworks(0x3f).size());
        // the flags are checked before the XML is read
        assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x2) in function testNetworkCreateXMLFlags",
            () -> conn.networkCreateXml("not xml", 2 | NetworkCreateFlag.VALIDATE.bit()));
    }

    private static TestConnection open(TestDriver driver) {
        return (TestConnection) driver.open(new ConnectRequest(URI.create("test:///default"), false));
    }

    @Test
    void aNetworkWithoutBridgeSaysSoAndLeasesAreNotSupported() {
        try (Connection c = connector.open("test:///default")) {
            Network n = c.defineNetworkXml(netXml("nobridge", "22222222-2222-3333-4444-555555555555", null));
            assertError(ErrorCode.INTERNAL_ERROR, "internal error: network 'nobridge' does not have a bridge name.", n::bridgeName);
            // libvirt's test driver has no leases call at all
            assertError(ErrorCode.NO_SUPPORT, "this function is not supported by the connection driver: virNetworkGetDHCPLeases",
                () -> c.lookupNetworkByName("default").dhcpLeases(null));
        }
    }

    @Test
    void readOnlyConnectionsChangeNoNetwork() {
        try (Connection ro = connector.openReadOnly("test:///default")) {
            Network n = ro.lookupNetworkByName("default");
            assertError(ErrorCode.OPERATION_DENIED, "operation forbidden: read only access prevents virNetworkDestroy", n::destroy);
            assertError(ErrorCode.OPERATION_DENIED, "operation forbidden: read only access prevents virNetworkDefineXML",
                () -> ro.defineNetworkXml(netXml("x", UUID.randomUUID().toString(), null)));
            assertTrue(n.isActive());
            assertEquals(DEFAULT_XML, n.xmlDesc());
        }
    }

    @Test
    void lifecycleEventsReachListenersInOrder() throws Exception {
        try (Connection c = connector.open("test:///default"); Connection other = connector.open("test:///default")) {
            LinkedBlockingQueue<String> all = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<String> onlyDefault = new LinkedBlockingQueue<>();
            try (Registration r1 = c.addNetworkEventListener((conn, net, e) -> all.add(e.toString()));
                 Registration r2 = c.addNetworkEventListener(c.lookupNetworkByName("default"),
                     (conn, net, e) -> onlyDefault.add(net.name() + " " + e.type()))) {
                // another connection to the same host acts: this one hears it, as libvirt's shared default host does
                Network lab = other.defineNetworkXml(netXml("lab", "33333333-2222-3333-4444-555555555555", "virbr3"));
                lab.create();
                lab.destroy();
                lab.undefine();
                other.lookupNetworkByName("default").destroy();
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    String e = all.poll(10, TimeUnit.SECONDS);
                    assertTrue(e != null, "event " + i + " did not come: " + got);
                    got.add(e);
                }
                assertEquals(List.of("event 'lifecycle' for network lab: Defined",
                    "event 'lifecycle' for network lab: Started",
                    "event 'lifecycle' for network lab: Stopped",
                    "event 'lifecycle' for network lab: Undefined",
                    "event 'lifecycle' for network default: Stopped"), got);
                assertEquals("default STOPPED", onlyDefault.poll(10, TimeUnit.SECONDS));
                assertTrue(onlyDefault.isEmpty(), "only the default network's events: " + onlyDefault);
            }
        }
    }

    @Test
    void theDriversObserversSeeEveryHostsNetworkEvents() {
        TestDriver driver = new TestDriver();
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        driver.observeNetworkEvents((uri, e) -> seen.add(uri + " " + e.type()));
        TestConnection conn = open(driver);
        conn.networkDestroy(conn.networkLookupByName("default"));
        // observers run synchronously on the publishing thread
        assertEquals(List.of("test:///default STOPPED"), seen);
    }
}
