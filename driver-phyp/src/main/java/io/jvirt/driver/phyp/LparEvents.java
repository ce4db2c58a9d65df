package io.jvirt.driver.phyp;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.VirtException;

/**
 * Lifecycle events of an HMC, which sends none (libvirt's phyp driver had no events): one listing
 * every interval, compared with the last. An LPAR that appeared is DEFINED (added), one that went
 * away UNDEFINED (removed); powered on is STARTED (booted), powered off STOPPED (shutdown, or
 * destroyed when this connection asked for it). The connection also polls right after each change
 * it makes ({@link #pollNow}), so its own changes are seen in order. A failed listing is logged and
 * the next interval tries again.
 */
final class LparEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LparEvents.class);

    private record Seen(String name, boolean active, int id) {
    }

    private final Supplier<List<Lpar>> list;
    private final Consumer<DomainEvent> sink;
    private final Function<UUID, Integer> stopDetail;
    private final Thread thread;
    private Map<UUID, Seen> last;
    private volatile boolean closed;

    LparEvents(Supplier<List<Lpar>> list, Duration interval, Consumer<DomainEvent> sink,
               Function<UUID, Integer> stopDetail, String what) {
        this.list = list;
        this.sink = sink;
        this.stopDetail = stopDetail;
        this.last = snapshot(list.get());
        this.thread = new Thread(() -> run(interval), "jvirt-phyp-events " + what);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Duration interval) {
        while (!closed) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            try {
                pollNow();
            } catch (VirtException e) {
                LOG.debug("event poll failed: {}", e.getMessage());
            }
        }
    }

    synchronized void pollNow() {
        if (closed) {
            return;
        }
        Map<UUID, Seen> now = snapshot(list.get());
        for (Map.Entry<UUID, Seen> e : now.entrySet()) {
            Seen before = last.get(e.getKey());
            Seen after = e.getValue();
            if (before == null) {
                emit(e.getKey(), after, DomainEventType.DEFINED, DomainEvent.DEFINED_ADDED);
                before = new Seen(after.name(), false, -1);
            }
            if (!before.active() && after.active()) {
                emit(e.getKey(), after, DomainEventType.STARTED, DomainEvent.STARTED_BOOTED);
            } else if (before.active() && !after.active()) {
                Integer asked = stopDetail.apply(e.getKey());
                emit(e.getKey(), after, DomainEventType.STOPPED, asked != null ? asked : DomainEvent.STOPPED_SHUTDOWN);
            }
        }
        for (Map.Entry<UUID, Seen> e : last.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                emit(e.getKey(), e.getValue(), DomainEventType.UNDEFINED, DomainEvent.UNDEFINED_REMOVED);
            }
        }
        last = now;
    }

    private void emit(UUID uuid, Seen s, DomainEventType type, int detail) {
        sink.accept(new DomainEvent(s.name(), uuid, s.id(), type, detail));
    }

    private static Map<UUID, Seen> snapshot(List<Lpar> lpars) {
        Map<UUID, Seen> out = new HashMap<>();
        for (Lpar l : lpars) {
            out.put(l.uuid(), new Seen(l.name(), l.active(), l.id()));
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
