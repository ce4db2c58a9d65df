package io.jvirt.core.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;

/** Readings compared one after the other, as a driver's connection polls after each change. */
class PolledDomainEventsTest {

    private final UUID u = UUID.randomUUID();
    private final List<PolledDomainEvents.Seen> now = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    private void is(DomainState s, boolean saved, boolean settled) {
        now.clear();
        now.add(new PolledDomainEvents.Seen(u, "m", s == DomainState.SHUTOFF || s == DomainState.CRASHED ? -1 : 1, s, saved, settled));
    }

    @Test
    void settledChangesBecomeLibvirtsEventsAndTransitionsWait() {
        try (PolledDomainEvents p = new PolledDomainEvents(() -> List.copyOf(now), Duration.ofHours(1),
            e -> events.add(e.type() + "/" + e.detail()), Map.of(u, DomainEvent.STOPPED_DESTROYED)::get, "test")) {
            is(DomainState.SHUTOFF, false, true);
            p.pollNow();
            is(DomainState.NOSTATE, false, false); // starting
            p.pollNow();
            is(DomainState.RUNNING, false, true);
            p.pollNow();
            is(DomainState.PAUSED, false, true);
            p.pollNow();
            is(DomainState.SHUTDOWN, false, true); // a guest shutting down still runs
            p.pollNow();
            is(DomainState.SHUTOFF, true, true);
            p.pollNow();
            is(DomainState.RUNNING, false, true);
            p.pollNow();
            is(DomainState.CRASHED, false, true);
            p.pollNow();
            is(DomainState.BLOCKED, false, true);
            p.pollNow();
            is(DomainState.SHUTOFF, false, true);
            p.pollNow();
            now.clear();
            p.pollNow();
        }
        assertEquals(List.of(
            DomainEventType.DEFINED + "/" + DomainEvent.DEFINED_ADDED,
            DomainEventType.STARTED + "/" + DomainEvent.STARTED_BOOTED,
            DomainEventType.SUSPENDED + "/" + DomainEvent.SUSPENDED_PAUSED,
            DomainEventType.RESUMED + "/" + DomainEvent.RESUMED_UNPAUSED,
            DomainEventType.STOPPED + "/" + DomainEvent.STOPPED_SAVED,
            DomainEventType.STARTED + "/" + DomainEvent.STARTED_RESTORED,
            DomainEventType.STOPPED + "/" + DomainEvent.STOPPED_CRASHED,
            DomainEventType.STARTED + "/" + DomainEvent.STARTED_BOOTED,
            DomainEventType.STOPPED + "/" + DomainEvent.STOPPED_DESTROYED,
            DomainEventType.UNDEFINED + "/" + DomainEvent.UNDEFINED_REMOVED), events);
    }
}
