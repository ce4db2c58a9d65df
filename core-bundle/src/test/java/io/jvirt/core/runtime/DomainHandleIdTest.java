package io.jvirt.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * A domain handle carries its id as libvirt's virDomainPtr does: reading it asks the driver
 * nothing (a listing of N domains is one driver call, not N + 1), and the handle's own lifecycle
 * calls keep it true.
 */
class DomainHandleIdTest {

    /** Domains by name with their current id; counts the id queries. */
    static final class Host implements HypervisorDriver {
        final Map<String, Integer> ids = new ConcurrentHashMap<>();
        final AtomicInteger idQueries = new AtomicInteger();
        final AtomicInteger nextId = new AtomicInteger(10);
        final java.util.Set<String> transients = ConcurrentHashMap.newKeySet();

        @Override
        public String name() {
            return "ids";
        }

        @Override
        public DriverConnection open(ConnectRequest request) {
            if (!"ids".equals(request.scheme())) {
                return null;
            }
            return new DriverConnection() {
                @Override
                public String type() {
                    return "IDS";
                }

                @Override
                public String uri() {
                    return "ids:///";
                }

                @Override
                public void close() {
                }

                private DomainRef ref(String n) {
                    Integer id = ids.get(n);
                    if (id == null) {
                        throw new VirtException(ErrorCode.NO_DOMAIN, ErrorDomain.DOMAIN, "Domain not found: " + n);
                    }
                    return new DomainRef(n, UUID.nameUUIDFromBytes(n.getBytes()), id);
                }

                @Override
                public DomainRef lookupByName(String n) {
                    return ref(n);
                }

                @Override
                public List<DomainRef> listAllDomains(int flags) {
                    List<DomainRef> out = new ArrayList<>();
                    for (String n : ids.keySet()) {
                        out.add(ref(n));
                    }
                    return out;
                }

                @Override
                public int domainId(DomainRef dom) {
                    idQueries.incrementAndGet();
                    return ref(dom.name()).id();
                }

                @Override
                public void domainCreate(DomainRef dom, int flags) {
                    ids.put(dom.name(), nextId.getAndIncrement());
                }

                @Override
                public void domainShutdown(DomainRef dom, int flags) {
                    if (transients.contains(dom.name())) {
                        ids.remove(dom.name());
                    } else {
                        ids.put(dom.name(), -1);
                    }
                }

                @Override
                public void domainDestroy(DomainRef dom, int flags) {
                    ids.put(dom.name(), -1);
                }
            };
        }
    }

    @Test
    void aListingsIdsAreTheHandlesWithoutAQueryEach() {
        Host host = new Host();
        for (int i = 0; i < 50; i++) {
            host.ids.put("d" + i, i % 2 == 0 ? i + 1 : -1);
        }
        Connector connector = StandaloneConnector.create(null, host);
        try (Connection c = connector.open("ids:///")) {
            List<Domain> all = c.listAllDomains();
            assertEquals(50, all.size());
            for (Domain d : all) {
                int n = Integer.parseInt(d.name().substring(1));
                assertEquals(n % 2 == 0 ? n + 1 : -1, d.id(), d.name());
            }
            assertEquals(0, host.idQueries.get(), "ids read from the listing, as libvirt's virDomainGetID");
        }
    }

    @Test
    void aHandlesOwnLifecycleKeepsItsIdAndChangesElsewhereNeedALookup() {
        Host host = new Host();
        host.ids.put("web", -1);
        Connector connector = StandaloneConnector.create(null, host);
        try (Connection c = connector.open("ids:///")) {
            Domain d = c.lookupByName("web");
            assertEquals(-1, d.id());
            d.create();
            assertEquals(10, d.id(), "the id the start gave");
            d.shutdown();
            assertEquals(-1, d.id(), "a shutdown the driver finished");
            d.create();
            assertEquals(11, d.id());
            d.destroy();
            assertEquals(-1, d.id());

            // started through another handle: this one keeps what it had, a lookup sees the new id
            c.lookupByName("web").create();
            assertEquals(-1, d.id());
            assertEquals(12, c.lookupByName("web").id());

            // a transient domain's shutdown ends it: the handle's own call leaves -1, not an error
            host.ids.put("tmp", 20);
            host.transients.add("tmp");
            Domain tmp = c.lookupByName("tmp");
            assertEquals(20, tmp.id());
            tmp.shutdown();
            assertEquals(-1, tmp.id());
            assertThrows(VirtException.class, () -> c.lookupByName("tmp"));
        }
    }
}
