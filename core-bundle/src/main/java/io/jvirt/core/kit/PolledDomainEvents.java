package io.jvirt.core.kit;

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
import io.jvirt.api.DomainState;
import io.jvirt.api.VirtException;

/**
 * Lifecycle events of a hypervisor that sends none (VirtualBox through VBoxManage, Hyper-V through
 * WS-Man): what the hypervisor has is read every interval ({@link Seen}, one per domain) and
 * compared with the last reading. A domain that appeared is DEFINED (added), one that went away
 * UNDEFINED (removed); a settled state change is STARTED (booted, or restored from a saved state),
 * SUSPENDED, RESUMED or STOPPED (saved, crashed, or the detail the connection asked for, else
 * shutdown). A domain in a transition ({@link Seen#settled} false) keeps what the last reading saw
 * of it, so only settled states are compared. A connection also polls right after each change it
 * makes ({@link #pollNow}), so its own changes are seen in order however fast they follow each
 * other; other clients' changes are seen at the interval. A failed reading is logged and the next
 * interval tries again.
 *
 * @since 1.4.0
 */
public final class PolledDomainEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PolledDomainEvents.class);

    /**
     * One domain as a reading saw it.
     *
     * @param state   libvirt's state (SHUTDOWN, a guest shutting down, counts as running)
     * @param saved   whether a shut-off domain has a saved state (a stop into it is STOPPED_SAVED,
     *                a start from it STARTED_RESTORED)
     * @param settled false while the hypervisor is between two states (starting, saving...)
     */
    public record Seen(UUID uuid, String name, int id, DomainState state, boolean saved, boolean settled) {
    }

    private final Supplier<List<Seen>> read;
    private final Consumer<DomainEvent> sink;
    private final Function<UUID, Integer> stopDetail;
    private final Thread thread;
    private Map<UUID, Seen> last;
    private volatile boolean closed;

    /** How long close waits for a poll in flight (an interrupted CLI call is killed within seconds). */
    private static final long CLOSE_WAIT_MS = 10_000;

    /**
     * Takes the first reading (the baseline: what exists at subscription makes no event) and starts
     * the polling thread.
     *
     * @param read       what the hypervisor has now
     * @param stopDetail the STOPPED detail of a stop the connection asked for (DESTROYED), or null
     * @param what       names the thread
     */
    public PolledDomainEvents(Supplier<List<Seen>> read, Duration interval, Consumer<DomainEvent> sink,
                              Function<UUID, Integer> stopDetail, String what) {
        this.read = read;
        this.sink = sink;
        this.stopDetail = stopDetail;
        this.last = snapshot(read.get(), Map.of());
        this.thread = new Thread(() -> run(interval), "jvirt-events " + what);
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

    /** Reads the hypervisor now and emits what changed since the last reading. */
    public synchronized void pollNow() {
        if (closed) {
            return;
        }
        Map<UUID, Seen> now = snapshot(read.get(), last);
        for (Map.Entry<UUID, Seen> e : now.entrySet()) {
            Seen before = last.get(e.getKey());
            Seen after = e.getValue();
            if (before == null) {
                emit(after, DomainEventType.DEFINED, DomainEvent.DEFINED_ADDED);
                before = new Seen(after.uuid(), after.name(), -1, DomainState.SHUTOFF, false, true);
            }
            changed(before, after);
        }
        for (Map.Entry<UUID, Seen> e : last.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                emit(e.getValue(), DomainEventType.UNDEFINED, DomainEvent.UNDEFINED_REMOVED);
            }
        }
        last = now;
    }

    private static boolean active(DomainState s) {
        return s == DomainState.RUNNING || s == DomainState.PAUSED || s == DomainState.BLOCKED;
    }

    private void changed(Seen before, Seen after) {
        boolean wasActive = active(before.state());
        boolean isActive = active(after.state());
        if (!wasActive && isActive) {
            emit(after, DomainEventType.STARTED, before.saved() ? DomainEvent.STARTED_RESTORED : DomainEvent.STARTED_BOOTED);
            if (after.state() == DomainState.PAUSED) {
                emit(after, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
            }
        } else if (wasActive && !isActive) {
            Integer asked = stopDetail == null ? null : stopDetail.apply(after.uuid());
            int detail = after.saved() ? DomainEvent.STOPPED_SAVED
                : after.state() == DomainState.CRASHED ? DomainEvent.STOPPED_CRASHED
                : asked != null ? asked : DomainEvent.STOPPED_SHUTDOWN;
            emit(after, DomainEventType.STOPPED, detail);
        } else if (before.state() == DomainState.RUNNING && after.state() == DomainState.PAUSED) {
            emit(after, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
        } else if (before.state() == DomainState.PAUSED && after.state() == DomainState.RUNNING) {
            emit(after, DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED);
        }
    }

    private void emit(Seen s, DomainEventType type, int detail) {
        sink.accept(new DomainEvent(s.name(), s.uuid(), s.id(), type, detail));
    }

    /** The settled domains of a reading; one in a transition keeps what the last reading saw of it. */
    private static Map<UUID, Seen> snapshot(List<Seen> seen, Map<UUID, Seen> last) {
        Map<UUID, Seen> out = new HashMap<>();
        for (Seen s : seen) {
            if (!s.settled() || s.state() == DomainState.NOSTATE) {
                Seen prev = last.get(s.uuid());
                if (prev != null) {
                    out.put(s.uuid(), prev);
                }
                continue;
            }
            out.put(s.uuid(), s.state() == DomainState.SHUTDOWN
                ? new Seen(s.uuid(), s.name(), s.id(), DomainState.RUNNING, s.saved(), true) : s);
        }
        return out;
    }

    /**
     * Ends the polling and waits (bounded) for a poll in flight to end, so that no reading of the
     * hypervisor (a CLI call, a request) runs once the subscription is closed: a caller that then
     * removes the hypervisor's files or stops its peer is not raced by a late poll.
     */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(CLOSE_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
