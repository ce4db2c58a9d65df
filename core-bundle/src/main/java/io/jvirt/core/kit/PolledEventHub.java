package io.jvirt.core.kit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.jvirt.api.DomainEvent;

/**
 * The {@link PolledDomainEvents} subscriptions that see one hypervisor: a change made through any
 * connection is followed by a poll of every subscription, so that a console's destroy and another
 * console's event loop (two connections) see it at once and in order. A driver whose connections
 * share a host keeps one hub on the host and gives each connection a {@link #scope}; a driver whose
 * connection is its own host (a remote one) makes a hub per connection.
 *
 * @since 1.6.0
 */
public final class PolledEventHub {

    private final List<PolledDomainEvents> all = new CopyOnWriteArrayList<>();

    /** The subscriptions of one connection, closed with it. */
    public Scope scope() {
        return new Scope();
    }

    /** Polls every subscription of the hub now (after a change); a failed reading waits for the next interval. */
    public void pollAll() {
        for (PolledDomainEvents p : all) {
            try {
                p.pollNow();
            } catch (RuntimeException e) {
                // the change is what the caller asked about; the next interval reads again
            }
        }
    }

    /** One connection's share of the hub. */
    public final class Scope implements AutoCloseable {

        private final List<PolledDomainEvents> mine = new CopyOnWriteArrayList<>();

        private Scope() {
        }

        /**
         * Starts a subscription (see {@link PolledDomainEvents}); closing the returned handle ends it.
         *
         * @param stopDetail the STOPPED detail of a stop a connection asked for, or null
         * @param what       names the polling thread
         */
        public AutoCloseable subscribe(Supplier<List<PolledDomainEvents.Seen>> read, Duration interval,
                                       Consumer<DomainEvent> sink, Function<UUID, Integer> stopDetail, String what) {
            PolledDomainEvents p = new PolledDomainEvents(read, interval, sink, stopDetail, what);
            mine.add(p);
            all.add(p);
            return () -> end(p);
        }

        /** Runs one change, then lets every subscription of the hub see it at once, also when it failed. */
        public void afterChange(Runnable change) {
            try {
                change.run();
            } finally {
                pollAll();
            }
        }

        private void end(PolledDomainEvents p) {
            mine.remove(p);
            all.remove(p);
            p.close();
        }

        /** Ends this connection's subscriptions. */
        @Override
        public void close() {
            for (PolledDomainEvents p : mine) {
                end(p);
            }
        }
    }
}
