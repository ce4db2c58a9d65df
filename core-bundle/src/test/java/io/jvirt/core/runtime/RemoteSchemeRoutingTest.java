package io.jvirt.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.CloseListener;
import io.jvirt.api.Connection;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * What the remote driver needs of the core: schemes of the form DRIVER+TRANSPORT claimed with a
 * transport pattern ({@code *+unix}), and a connection lost on the driver's side reported to the
 * connection's close listeners (libvirt's close callback).
 */
class RemoteSchemeRoutingTest {

    private final ConnectorImpl connector = new ConnectorImpl();

    @AfterEach
    void stop() {
        connector.shutdown();
    }

    @Test
    void aTransportPatternClaimsEveryDriverNameWithThatTransport() {
        FakeDriver remote = FakeDriver.accepting("remote");
        FakeDriver test = FakeDriver.accepting("test");
        connector.addDriver(test, test.info("test"));
        connector.addDriver(remote, remote.info("*+unix", "*+tcp"));

        connector.open("test+unix:///default?socket=/tmp/s").close();
        connector.open("QEMU+UNIX:///system").close();
        connector.open("lxc+tcp://host/").close();
        assertEquals(3, remote.requests.size());
        connector.open("test:///default").close();
        assertEquals(1, test.requests.size(), "the plain scheme is the local driver's");
        assertEquals(3, remote.requests.size());
        for (String notRemote : List.of("unix:///x", "test+tls://h/", "a+b+unix:///x")) {
            VirtException e = assertThrows(VirtException.class, () -> connector.open(notRemote));
            assertEquals(ErrorCode.NO_CONNECT, e.code(), notRemote);
        }
        assertEquals(3, remote.requests.size());
    }

    @Test
    void theFallbackDriverIsAskedLastForWhatTheOthersDeclined() {
        // registered FIRST, and still asked after the drivers that list the scheme
        FakeDriver remote = FakeDriver.accepting("remote");
        connector.addDriver(remote, remote.info("*+unix", HypervisorDriver.SCHEME_FALLBACK));
        FakeDriver[] test = new FakeDriver[1];
        test[0] = new FakeDriver("test", r -> r.uri().getHost() != null ? null : test[0].new Conn(r.uri().toString()));
        connector.addDriver(test[0], test[0].info("test"));

        connector.open("test:///default").close();
        assertEquals(1, test[0].requests.size());
        assertEquals(0, remote.requests.size(), "a URI the local driver accepts never reaches the fallback");
        connector.open("test://host.example/default").close();
        assertEquals(2, test[0].requests.size(), "the local driver was asked first");
        assertEquals(1, remote.requests.size(), "and declined: the fallback took it, as libvirt's remote driver");
        connector.open("qemu://host.example/system").close();
        assertEquals(2, remote.requests.size(), "a scheme no driver lists reaches the fallback too");
    }

    @Test
    void aConnectionLostByTheDriverIsReportedToTheCloseListeners() throws InterruptedException {
        AtomicReference<Consumer<CloseListener.Reason>> sink = new AtomicReference<>();
        BlockingQueue<String> unsubscribed = new ArrayBlockingQueue<>(1);
        FakeDriver[] self = new FakeDriver[1];
        self[0] = new FakeDriver("remote", r -> new DriverConnection() {
            @Override
            public String type() {
                return "FAKE";
            }

            @Override
            public void close() {
            }

            @Override
            public AutoCloseable subscribeClose(Consumer<CloseListener.Reason> s) {
                sink.set(s);
                return () -> unsubscribed.add("closed");
            }
        });
        connector.addDriver(self[0], self[0].info("*+unix"));
        Connection c = connector.open("test+unix:///default");
        BlockingQueue<CloseListener.Reason> reasons = new ArrayBlockingQueue<>(4);
        c.addCloseListener((conn, reason) -> reasons.add(reason));
        sink.get().accept(CloseListener.Reason.KEEPALIVE);
        assertEquals(CloseListener.Reason.KEEPALIVE, reasons.poll(10, TimeUnit.SECONDS));
        assertEquals("FAKE", c.type(), "the connection stays open until its user closes it, as libvirt's");
        c.close();
        assertEquals(CloseListener.Reason.CLIENT, reasons.poll(10, TimeUnit.SECONDS));
        assertEquals("closed", unsubscribed.poll(10, TimeUnit.SECONDS));
        assertTrue(reasons.isEmpty());
    }
}
