package io.jvirt.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.jvirt.api.CloseListener;
import io.jvirt.api.ConnectAuth;
import io.jvirt.api.ConnectFlag;
import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.CredentialType;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Poll;
import io.jvirt.core.runtime.StandaloneConnector;

class ConnectorRoutingTest {

    private final ConnectorImpl connector = new ConnectorImpl();

    @AfterEach
    void stop() {
        connector.shutdown();
    }

    private static VirtException fails(ErrorCode code, org.junit.jupiter.api.function.Executable call) {
        VirtException e = assertThrows(VirtException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void routesByScheme() {
        FakeDriver foo = FakeDriver.accepting("foo");
        FakeDriver bar = FakeDriver.accepting("bar");
        connector.addDriver(foo, foo.info("foo"));
        connector.addDriver(bar, bar.info("bar"));

        Connection c = connector.open("BAR:///system");
        assertEquals("bar:///system", c.uri().toLowerCase());
        assertTrue(foo.requests.isEmpty(), "a driver is not asked for a scheme it does not list");
        assertEquals(1, bar.requests.size());
        assertFalse(bar.requests.get(0).readOnly());
    }

    @Test
    void declinedUriGoesToTheNextDriver() {
        FakeDriver decliner = new FakeDriver("decliner", r -> null);
        FakeDriver taker = FakeDriver.accepting("taker");
        connector.addDriver(decliner, decliner.info()); // no schemes: asked for every URI
        connector.addDriver(taker, taker.info("x"));

        connector.open("x:///a");
        assertEquals(1, decliner.requests.size());
        assertEquals(1, taker.requests.size());
    }

    @Test
    void noDriverIsNoConnectWithLibvirtWording() {
        FakeDriver decliner = new FakeDriver("decliner", r -> null);
        connector.addDriver(decliner, decliner.info());
        VirtException e = fails(ErrorCode.NO_CONNECT, () -> connector.open("foo:///"));
        assertEquals("no connection driver available for foo:///", e.getMessage());
        assertEquals(5, e.code().number());
    }

    @Test
    void driverErrorStopsTheSearch() {
        FakeDriver refuser = new FakeDriver("refuser", r -> {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST, "supply a path");
        });
        FakeDriver taker = FakeDriver.accepting("taker");
        connector.addDriver(refuser, refuser.info("x"));
        connector.addDriver(taker, taker.info("x"));

        fails(ErrorCode.INVALID_ARG, () -> connector.open("x:///"));
        assertTrue(taker.requests.isEmpty(), "libvirt asks no other driver once one reports an error");
    }

    @Test
    void driverCrashOnOpenIsInternalError() {
        FakeDriver broken = new FakeDriver("broken", r -> {
            throw new IllegalStateException("bug");
        });
        connector.addDriver(broken, broken.info());
        VirtException e = fails(ErrorCode.INTERNAL_ERROR, () -> connector.open("x:///"));
        assertTrue(e.getMessage().contains("broken"), e.getMessage());
    }

    @Test
    void uriWithoutSchemeIsInvalid() {
        fails(ErrorCode.INVALID_ARG, () -> connector.open("just-a-name"));
    }

    @Test
    void aliasesStandForTheirUri() {
        FakeDriver d = FakeDriver.accepting("d");
        connector.addDriver(d, d.info("fake"));
        connector.configure(null, new String[] {"mine=fake:///x, other = fake:///y", "bogus"});

        assertEquals("fake:///x", connector.open("mine").uri());
        assertEquals("fake:///y", connector.open("other").uri());
        assertEquals("fake:///z", connector.open("fake:///z").uri());
    }

    @Test
    void openAuthCarriesTheCallbackToTheDriverWithLibvirtsFlags() {
        FakeDriver d = FakeDriver.accepting("d");
        connector.addDriver(d, d.info("fake"));
        connector.configure(null, new String[] {"fake:///a=fake:///b"});
        ConnectAuth auth = ConnectAuth.of(creds -> true, CredentialType.AUTHNAME, CredentialType.PASSPHRASE);

        Connection c = connector.openAuth("fake:///a", auth, ConnectFlag.READONLY, ConnectFlag.NO_ALIASES);
        assertEquals("fake:///a", c.uri(), "NO_ALIASES takes the URI as given");
        assertSame(auth, d.requests.get(0).auth());
        assertTrue(d.requests.get(0).readOnly());
        fails(ErrorCode.OPERATION_DENIED, () -> c.defineXml("<domain/>"));

        assertEquals("fake:///b", connector.openAuth("fake:///a", null).uri());
        assertSame(ConnectAuth.NONE, d.requests.get(1).auth(), "no callback is NONE, never null");
        connector.open("fake:///c");
        assertSame(ConnectAuth.NONE, d.requests.get(2).auth());
    }

    @Test
    void configuredDefaultUriIsUsedForNull() {
        Assumptions.assumeTrue(System.getenv(ConnectorImpl.ENV_DEFAULT_URI) == null,
            "LIBVIRT_DEFAULT_URI is set in this environment and wins over the configuration");
        FakeDriver d = FakeDriver.accepting("d");
        connector.addDriver(d, d.info("fake"));
        assertEquals(ConnectorImpl.BUILTIN_DEFAULT_URI, connector.defaultUri());

        connector.configure("fake:///dflt", null);
        assertEquals("fake:///dflt", connector.defaultUri());
        assertEquals("fake:///dflt", connector.open(null).uri());
        assertEquals("fake:///dflt", connector.open("  ").uri());

        connector.configure("  ", null);
        assertEquals(ConnectorImpl.BUILTIN_DEFAULT_URI, connector.defaultUri());
    }

    @Test
    void standaloneConnectorRoutesToItsDrivers() {
        FakeDriver decliner = new FakeDriver("decliner", r -> null);
        FakeDriver d = FakeDriver.accepting("d");
        Connector c = StandaloneConnector.create("fake:///s", decliner, d);
        Assumptions.assumeTrue(System.getenv(ConnectorImpl.ENV_DEFAULT_URI) == null);
        assertEquals("fake:///s", c.open(null).uri());
        assertEquals(List.of("decliner", "d"), c.drivers().stream().map(i -> i.name()).toList());
        fails(ErrorCode.NO_CONNECT, () -> StandaloneConnector.create(null, decliner).open("foo:///"));
    }

    @Test
    void readOnlyConnectionRefusesChanges() {
        FakeDriver d = FakeDriver.accepting("d");
        connector.addDriver(d, d.info());
        Connection ro = connector.openReadOnly("fake:///ro");
        assertTrue(ro.isReadOnly());
        assertTrue(d.requests.get(0).readOnly(), "the driver is told");

        VirtException e = fails(ErrorCode.OPERATION_DENIED, () -> ro.defineXml("<domain/>"));
        assertEquals("operation forbidden: read only access prevents virDomainDefineXMLFlags", e.getMessage());
        Domain dom = ro.lookupByName("vm1"); // reads work
        assertEquals("vm1", dom.name());
        fails(ErrorCode.OPERATION_DENIED, dom::destroy);
        fails(ErrorCode.OPERATION_DENIED, () -> dom.xmlDesc(io.jvirt.api.XmlFlag.SECURE));

        assertEquals("defined", connector.open("fake:///rw").defineXml("<domain/>").name());
    }

    @Test
    void unsupportedCallsNameTheLibvirtFunction() {
        FakeDriver d = FakeDriver.accepting("d");
        connector.addDriver(d, d.info());
        Connection c = connector.open("fake:///");

        VirtException e = fails(ErrorCode.NO_SUPPORT, c::nodeInfo);
        assertEquals("this function is not supported by the connection driver: virNodeGetInfo", e.getMessage());
        Domain dom = c.lookupByName("vm1");
        e = fails(ErrorCode.NO_SUPPORT, dom::suspend);
        assertTrue(e.getMessage().endsWith(": virDomainSuspend"), e.getMessage());
        e = fails(ErrorCode.NO_SUPPORT, () -> dom.setAutostart(true));
        assertTrue(e.getMessage().endsWith(": virDomainSetAutostart"), e.getMessage());
    }

    @Test
    void driverBugIsInternalErrorNotACrash() {
        FakeDriver d = FakeDriver.accepting("d");
        connector.addDriver(d, d.info());
        VirtException e = fails(ErrorCode.INTERNAL_ERROR, connector.open("fake:///")::hostname);
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }

    @Test
    void connectionDroppedWithoutCloseIsReleased() throws Exception {
        FakeDriver d = FakeDriver.accepting("d");
        connector.addDriver(d, d.info());
        openAndForget();
        // a console session that ended leaves its connection unreachable: the core closes it
        Poll.until("the driver side of an unreachable connection to be closed", Duration.ofSeconds(4), () -> {
            System.gc();
            return d.closed.get() > 0;
        });
        assertEquals(1, d.closed.get(), "the driver side of an unreachable connection is closed once");
        assertTrue(connector.drivers().size() == 1);
    }

    private void openAndForget() {
        assertTrue(connector.open("fake:///").isAlive());
    }

    @Test
    void closedConnectionIsInvalidAndToldClient() throws Exception {
        FakeDriver d = FakeDriver.accepting("d");
        connector.addDriver(d, d.info());
        Connection c = connector.open("fake:///");
        BlockingQueue<CloseListener.Reason> reasons = new ArrayBlockingQueue<>(4);
        c.addCloseListener((conn, reason) -> reasons.add(reason));

        c.close();
        c.close(); // idempotent
        assertEquals(CloseListener.Reason.CLIENT, reasons.poll(5, TimeUnit.SECONDS));
        assertEquals(1, d.closed.get(), "the driver connection is closed once");
        fails(ErrorCode.INVALID_CONN, c::uri);
        assertFalse(c.isAlive());
    }

    @Test
    void removedDriverFailsItsConnectionsUntilAddedAgain() throws Exception {
        FakeDriver d = FakeDriver.accepting("d");
        FakeDriver other = FakeDriver.accepting("other");
        connector.addDriver(d, d.info("fake"));
        connector.addDriver(other, other.info("other"));
        Connection c1 = connector.open("fake:///one");
        Connection c2 = connector.openReadOnly("fake:///two");
        Connection survivor = connector.open("other:///");
        Domain dom = c1.lookupByName("vm");
        BlockingQueue<String> closes = new ArrayBlockingQueue<>(8);
        c1.addCloseListener((conn, reason) -> closes.add("c1 " + reason + " " + Thread.currentThread().getName()));
        c2.addCloseListener((conn, reason) -> closes.add("c2 " + reason));

        connector.removeDriver(d);

        VirtException e = fails(ErrorCode.NO_CONNECT, c1::uri);
        assertEquals("no connection driver available for fake:///one (the 'd' driver was removed)", e.getMessage());
        fails(ErrorCode.NO_CONNECT, dom::info);
        fails(ErrorCode.NO_CONNECT, () -> c2.lookupByName("vm"));
        assertFalse(c1.isAlive());
        String first = closes.poll(5, TimeUnit.SECONDS);
        String second = closes.poll(5, TimeUnit.SECONDS);
        List<String> got = List.of(first, second);
        assertTrue(got.stream().anyMatch(s -> s.startsWith("c1 EOF jvirt-events-")), got.toString());
        assertTrue(got.contains("c2 EOF"), got.toString());
        assertEquals(2, d.closed.get(), "both driver connections are released");
        assertEquals("other:///", survivor.uri(), "other drivers' connections are untouched");

        fails(ErrorCode.NO_CONNECT, () -> connector.open("fake:///one"));
        c1.close(); // closing a dead connection is harmless
        assertEquals(2, d.closed.get());

        connector.addDriver(d, d.info("fake"));
        assertEquals("fake:///one", connector.open("fake:///one").uri());
        fails(ErrorCode.NO_CONNECT, c1::uri); // the old connection stays dead
    }

    @Test
    void connectionOpenedWhileItsDriverLeavesIsNotHandedOutAlive() {
        ConnectorImpl[] self = {connector};
        FakeDriver[] d = new FakeDriver[1];
        d[0] = new FakeDriver("leaving", r -> {
            // the service goes away while it is opening
            self[0].removeDriver(d[0]);
            return d[0].new Conn(r.uri().toString());
        });
        connector.addDriver(d[0], d[0].info());
        Connection c = connector.open("fake:///");
        assertFalse(c.isAlive());
        fails(ErrorCode.NO_CONNECT, c::uri);
        assertEquals(1, d[0].closed.get());
    }

    @Test
    void driversAreListedInOrder() {
        FakeDriver a = FakeDriver.accepting("a");
        FakeDriver b = FakeDriver.accepting("b");
        connector.addDriver(a, a.info("a"));
        connector.addDriver(b, b.info("b", "B2"));
        assertEquals(List.of("a", "b"), connector.drivers().stream().map(i -> i.name()).toList());
        connector.removeDriver(a);
        assertEquals(1, connector.drivers().size());
        assertSame(b.name, connector.drivers().get(0).name());
        assertEquals("b2:///", connector.open("b2:///").uri(), "schemes match regardless of case");
    }
}
