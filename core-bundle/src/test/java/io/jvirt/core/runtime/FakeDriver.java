package io.jvirt.core.runtime;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DriverInfo;
import io.jvirt.core.kit.DomainEventBus;
import io.jvirt.core.kit.DomainEventObservers;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/** A scriptable driver: {@code opener} decides per request (a connection, null to decline, or throw). */
final class FakeDriver implements HypervisorDriver {

    final String name;
    final List<ConnectRequest> requests = new CopyOnWriteArrayList<>();
    final DomainEventObservers observers = new DomainEventObservers();
    final DomainEventBus bus = new DomainEventBus("fake:///host", observers);
    final AtomicInteger closed = new AtomicInteger();
    private final Function<ConnectRequest, DriverConnection> opener;

    FakeDriver(String name, Function<ConnectRequest, DriverConnection> opener) {
        this.name = name;
        this.opener = opener;
    }

    /** A driver that accepts every request with a {@link Conn}. */
    static FakeDriver accepting(String name) {
        FakeDriver[] self = new FakeDriver[1];
        self[0] = new FakeDriver(name, r -> self[0].new Conn(r.uri().toString()));
        return self[0];
    }

    DriverInfo info(String... schemes) {
        return new DriverInfo(name, List.of(schemes), true, -1, "", "");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DriverConnection open(ConnectRequest request) {
        requests.add(request);
        return opener.apply(request);
    }

    @Override
    public AutoCloseable observeDomainEvents(io.jvirt.core.spi.DomainEventObserver observer) {
        return observers.add(observer);
    }

    /** Implements a few calls only, so that the others show the NO_SUPPORT defaults. */
    final class Conn implements DriverConnection {
        private final String uri;

        Conn(String uri) {
            this.uri = uri;
        }

        @Override
        public String type() {
            return "FAKE";
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }

        @Override
        public String uri() {
            return uri;
        }

        @Override
        public DomainRef lookupByName(String n) {
            return new DomainRef(n, UUID.nameUUIDFromBytes(n.getBytes()), -1);
        }

        @Override
        public DomainRef defineXml(String xml, int flags) {
            return lookupByName("defined");
        }

        @Override
        public String hostname() {
            throw new IllegalStateException("boom");
        }

        @Override
        public AutoCloseable subscribeDomainEvents(Consumer<DomainEvent> sink) {
            return bus.subscribe(sink);
        }
    }
}
