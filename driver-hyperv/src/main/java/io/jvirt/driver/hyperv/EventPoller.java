package io.jvirt.driver.hyperv;

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
 * Lifecycle events of a host that sends none (libvirt's Hyper-V driver has no events at all):
 * one listing of the host's VMs every interval, compared with the last one. A VM that appeared is
 * DEFINED (added), one that went away UNDEFINED (removed); a settled state change is STARTED,
 * SUSPENDED, RESUMED or STOPPED. A VM in a transition (starting, stopping, saving) is left for
 * the next listing, so only settled states are compared. The connection also polls right after
 * each change it makes itself ({@link #pollNow}), so its own changes are seen in order, however
 * fast they follow each other; another client's changes are seen at the interval. Listing
 * failures (an unreachable host) are logged and the next interval tries again.
 */
final class EventPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventPoller.class);

    private record Seen(String name, DomainState state, boolean saved, int id) {
    }

    private final Supplier<List<Vm>> list;
    private final Consumer<DomainEvent> sink;
    /** The detail of a stop this connection asked for (STOPPED_DESTROYED), read once when the stop is seen. */
    private final Function<UUID, Integer> stopDetail;
    private final Thread thread;
    private Map<UUID, Seen> last;
    private volatile boolean closed;

    EventPoller(Supplier<List<Vm>> list, Duration interval, Consumer<DomainEvent> sink, Function<UUID, Integer> stopDetail,
                String what) {
        this.list = list;
        this.sink = sink;
        this.stopDetail = stopDetail;
        // the first listing is the baseline: what exists when the client subscribes makes no event
        this.last = snapshot(list.get(), Map.of());
        this.thread = new Thread(() -> run(interval), "jvirt-hyperv-events " + what);
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

    /** Lists the VMs now and emits what changed since the last listing. */
    synchronized void pollNow() {
        if (closed) {
            return;
        }
        Map<UUID, Seen> now = snapshot(list.get(), last);
        for (Map.Entry<UUID, Seen> e : now.entrySet()) {
            Seen before = last.get(e.getKey());
            Seen after = e.getValue();
            if (before == null) {
                emit(e.getKey(), after, DomainEventType.DEFINED, DomainEvent.DEFINED_ADDED);
                before = new Seen(after.name(), DomainState.SHUTOFF, false, -1);
            }
            changed(e.getKey(), before, after);
        }
        for (Map.Entry<UUID, Seen> e : last.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                emit(e.getKey(), e.getValue(), DomainEventType.UNDEFINED, DomainEvent.UNDEFINED_REMOVED);
            }
        }
        last = now;
    }

    private void changed(UUID uuid, Seen before, Seen after) {
        boolean wasActive = before.state() == DomainState.RUNNING || before.state() == DomainState.PAUSED;
        boolean isActive = after.state() == DomainState.RUNNING || after.state() == DomainState.PAUSED;
        if (!wasActive && isActive) {
            emit(uuid, after, DomainEventType.STARTED, before.saved() ? DomainEvent.STARTED_RESTORED : DomainEvent.STARTED_BOOTED);
            if (after.state() == DomainState.PAUSED) {
                emit(uuid, after, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
            }
        } else if (wasActive && !isActive) {
            Integer asked = stopDetail.apply(uuid);
            int detail = after.saved() ? DomainEvent.STOPPED_SAVED : asked != null ? asked : DomainEvent.STOPPED_SHUTDOWN;
            emit(uuid, after, DomainEventType.STOPPED, detail);
        } else if (before.state() == DomainState.RUNNING && after.state() == DomainState.PAUSED) {
            emit(uuid, after, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
        } else if (before.state() == DomainState.PAUSED && after.state() == DomainState.RUNNING) {
            emit(uuid, after, DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED);
        }
    }

    private void emit(UUID uuid, Seen s, DomainEventType type, int detail) {
        sink.accept(new DomainEvent(s.name(), uuid, s.id(), type, detail));
    }

    /** The settled VMs of a listing; a VM in a transition keeps what the last listing saw of it. */
    private static Map<UUID, Seen> snapshot(List<Vm> vms, Map<UUID, Seen> last) {
        Map<UUID, Seen> out = new HashMap<>();
        for (Vm vm : vms) {
            if (vm.inTransition() || vm.state() == DomainState.NOSTATE) {
                Seen prev = last.get(vm.uuid());
                if (prev != null) {
                    out.put(vm.uuid(), prev);
                }
                continue;
            }
            out.put(vm.uuid(), new Seen(vm.name(), vm.state() == DomainState.SHUTDOWN ? DomainState.RUNNING : vm.state(),
                EnabledState.saved(vm.enabledState()), vm.id()));
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
