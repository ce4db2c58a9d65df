package io.jvirt.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.DriverInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.Network;
import io.jvirt.api.NetworkDefineFlag;
import io.jvirt.api.NetworkDhcpLease;
import io.jvirt.api.NetworkEvent;
import io.jvirt.api.NetworkEventType;
import io.jvirt.api.NetworkListFilter;
import io.jvirt.api.NetworkXmlFlag;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.NetworkEventObservers;
import io.jvirt.core.kit.ObjectEventBus;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;
import io.jvirt.core.spi.NetworkEventObserver;
import io.jvirt.core.spi.NetworkRef;

/**
 * The network half of the API's entry-point skeleton: NO_SUPPORT defaults naming libvirt's
 * functions, the read-only refusal before any driver call (with libvirt's function names), handles,
 * flag bits passed as libvirt's numbers, listeners and the core's observers of network events.
 */
class NetworkEntryPointsTest {

    private static final UUID NET = UUID.fromString("dd8fe884-6c02-601e-7551-cca97df1c5df");

    private final ConnectorImpl connector = new ConnectorImpl();

    @AfterEach
    void stop() {
        connector.shutdown();
    }

    /** A driver whose connections record the calls that reach them. */
    static final class NetDriver implements HypervisorDriver {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final NetworkEventObservers observers = new NetworkEventObservers();
        final ObjectEventBus<NetworkEvent> bus = new ObjectEventBus<>("net:///host", observers);

        @Override
        public String name() {
            return "net";
        }

        @Override
        public DriverConnection open(ConnectRequest request) {
            return new DriverConnection() {
                @Override
                public String type() {
                    return "NET";
                }

                @Override
                public void close() {
                }

                @Override
                public List<NetworkRef> listAllNetworks(int flags) {
                    calls.add("list " + flags);
                    return List.of(new NetworkRef("default", NET));
                }

                @Override
                public NetworkRef networkLookupByName(String name) {
                    calls.add("lookup " + name);
                    return new NetworkRef(name, NET);
                }

                @Override
                public NetworkRef networkDefineXml(String xml, int flags) {
                    calls.add("define " + flags);
                    return new NetworkRef("defined", NET);
                }

                @Override
                public void networkDestroy(NetworkRef net) {
                    calls.add("destroy " + net.name());
                }

                @Override
                public String networkXmlDesc(NetworkRef net, int flags) {
                    calls.add("xml " + flags);
                    return "<network/>";
                }

                @Override
                public List<NetworkDhcpLease> networkDhcpLeases(NetworkRef net, String mac, int flags) {
                    calls.add("leases " + mac);
                    return new ArrayList<>(List.of(new NetworkDhcpLease("virbr0", 0, NetworkDhcpLease.AddressType.IPV4,
                        "52:54:00:00:00:01", null, "192.168.122.5", 24, null, null)));
                }

                @Override
                public AutoCloseable subscribeNetworkEvents(Consumer<NetworkEvent> sink) {
                    return bus.subscribe(sink);
                }
            };
        }

        @Override
        public AutoCloseable observeNetworkEvents(NetworkEventObserver observer) {
            return observers.add(observer);
        }
    }

    private NetDriver driver() {
        NetDriver d = new NetDriver();
        connector.addDriver(d, new DriverInfo("net", List.of("net"), true, -1, "", ""));
        return d;
    }

    @Test
    void aDriverWithoutNetworksAnswersNoSupportNamingLibvirtsFunction() {
        FakeDriver d = FakeDriver.accepting("fake");
        connector.addDriver(d, d.info());
        Connection c = connector.open("fake:///");
        VirtException e = assertThrows(VirtException.class, () -> c.listAllNetworks());
        assertEquals(ErrorCode.NO_SUPPORT, e.code());
        assertEquals("this function is not supported by the connection driver: virConnectListAllNetworks", e.getMessage());
        e = assertThrows(VirtException.class, () -> c.lookupNetworkByName("default"));
        assertEquals("this function is not supported by the connection driver: virNetworkLookupByName", e.getMessage());
        e = assertThrows(VirtException.class, () -> c.addNetworkEventListener((conn, n, ev) -> { }));
        assertEquals("this function is not supported by the connection driver: virConnectNetworkEventRegisterAny",
            e.getMessage());
    }

    @Test
    void everyNetworkEntryPointNamesItsFunctionForTheSupportMatrix() {
        List<String> all = DriverFunctions.all();
        for (String f : List.of("virConnectListAllNetworks", "virConnectNumOfNetworks", "virConnectNumOfDefinedNetworks",
            "virNetworkLookupByName", "virNetworkLookupByUUID", "virNetworkDefineXMLFlags", "virNetworkCreateXMLFlags",
            "virConnectNetworkEventRegisterAny", "virNetworkIsActive", "virNetworkIsPersistent", "virNetworkGetXMLDesc",
            "virNetworkCreate", "virNetworkDestroy", "virNetworkUndefine", "virNetworkGetAutostart",
            "virNetworkSetAutostart", "virNetworkGetBridgeName", "virNetworkGetDHCPLeases")) {
            assertTrue(all.contains(f), f + " in " + all);
        }
    }

    @Test
    void callsReachTheDriverWithLibvirtsFlagBits() {
        NetDriver d = driver();
        Connection c = connector.open("net:///");
        List<Network> nets = c.listAllNetworks(NetworkListFilter.ACTIVE, NetworkListFilter.AUTOSTART);
        assertEquals("default", nets.get(0).name());
        assertEquals(NET.toString(), nets.get(0).uuidString());
        assertEquals(c, nets.get(0).connection());
        assertEquals("<network/>", nets.get(0).xmlDesc(NetworkXmlFlag.INACTIVE));
        assertEquals("defined", c.defineNetworkXml("<network/>", NetworkDefineFlag.VALIDATE).name());
        List<NetworkDhcpLease> leases = nets.get(0).dhcpLeases(null);
        assertEquals("192.168.122.5", leases.get(0).ipAddress());
        assertThrows(UnsupportedOperationException.class, () -> leases.add(null), "the caller's list is a copy");
        assertEquals(List.of("list 18", "xml 1", "define 1", "leases null"), d.calls);
    }

    @Test
    void aReadOnlyConnectionReadsButChangesNothingAndTheDriverIsNotAsked() {
        NetDriver d = driver();
        Connection c = connector.openReadOnly("net:///");
        Network n = c.lookupNetworkByName("default");
        assertEquals("<network/>", n.xmlDesc());
        assertEquals(1, n.dhcpLeases("52:54:00:00:00:01").size());
        assertDenied("virNetworkDestroy", n::destroy);
        assertDenied("virNetworkCreate", n::create);
        assertDenied("virNetworkUndefine", n::undefine);
        assertDenied("virNetworkSetAutostart", () -> n.setAutostart(true));
        assertDenied("virNetworkDefineXML", () -> c.defineNetworkXml("<network/>"));
        assertDenied("virNetworkDefineXMLFlags", () -> c.defineNetworkXml("<network/>", NetworkDefineFlag.VALIDATE));
        assertDenied("virNetworkCreateXML", () -> c.createNetworkXml("<network/>"));
        assertEquals(List.of("lookup default", "xml 0", "leases 52:54:00:00:00:01"), d.calls);
    }

    private static void assertDenied(String function, org.junit.jupiter.api.function.Executable call) {
        VirtException e = assertThrows(VirtException.class, call);
        assertEquals(ErrorCode.OPERATION_DENIED, e.code());
        assertEquals("operation forbidden: read only access prevents " + function, e.getMessage());
    }

    @Test
    void listenersGetTheirNetworksEventsInOrderAndTheCoresObserversEveryEvent() throws Exception {
        NetDriver d = driver();
        BlockingQueue<String> observed = new LinkedBlockingQueue<>();
        AutoCloseable hook = connector.addNetworkEventObserver((uri, e) -> observed.add(uri + " " + e));
        Connection c = connector.open("net:///");
        BlockingQueue<String> all = new LinkedBlockingQueue<>();
        BlockingQueue<String> one = new LinkedBlockingQueue<>();
        c.addNetworkEventListener((conn, net, e) -> all.add(net.name() + " " + e.type()));
        Network other = c.lookupNetworkByName("other");
        UUID otherUuid = UUID.randomUUID();
        try (var r = c.addNetworkEventListener(new NetworkImpl((ConnectionImpl) c, new NetworkRef("other", otherUuid)),
            (conn, net, e) -> one.add(net.name() + " " + e.type()))) {
            d.bus.publish(new NetworkEvent("default", NET, NetworkEventType.STARTED));
            d.bus.publish(new NetworkEvent("other", otherUuid, NetworkEventType.STOPPED));
            assertEquals("default STARTED", all.poll(10, TimeUnit.SECONDS));
            assertEquals("other STOPPED", all.poll(10, TimeUnit.SECONDS));
            assertEquals("other STOPPED", one.poll(10, TimeUnit.SECONDS));
        }
        assertEquals("other", other.name());
        assertEquals("net:///host event 'lifecycle' for network default: Started", observed.poll(10, TimeUnit.SECONDS));
        assertEquals("net:///host event 'lifecycle' for network other: Stopped", observed.poll(10, TimeUnit.SECONDS));
        hook.close();
        c.close();
        assertEquals(0, d.bus.subscriberCount(), "closing the connection ends its subscription");
        d.bus.publish(new NetworkEvent("default", NET, NetworkEventType.STOPPED));
        // observers are called synchronously by the publishing thread: nothing can arrive later
        assertTrue(observed.isEmpty(), "the removed observer sees nothing");
        connector.removeDriver(d);
        assertEquals(0, d.observers.size(), "the core's observation ends with the driver");
        assertFalse(c.isAlive());
    }
}
