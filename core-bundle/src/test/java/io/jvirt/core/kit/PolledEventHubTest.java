package io.jvirt.core.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.jvirt.api.DomainState;

/** One host's subscriptions across connections: a change through one is seen at once by all of them. */
class PolledEventHubTest {

    private static final Duration NEVER = Duration.ofHours(1);

    private final UUID u = UUID.randomUUID();
    private final List<PolledDomainEvents.Seen> now = new CopyOnWriteArrayList<>();

    private List<PolledDomainEvents.Seen> read() {
        return List.copyOf(now);
    }

    private void define() {
        now.add(new PolledDomainEvents.Seen(u, "m", -1, DomainState.SHUTOFF, false, true));
    }

    @Test
    void aChangeThroughOneConnectionReachesEveryConnectionsSubscriptionAtOnce() throws Exception {
        PolledEventHub hub = new PolledEventHub();
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        try (PolledEventHub.Scope a = hub.scope(); PolledEventHub.Scope b = hub.scope()) {
            a.subscribe(this::read, NEVER, e -> first.add(e.name() + " " + e.type()), Map.<UUID, Integer>of()::get, "a");
            b.subscribe(this::read, NEVER, e -> second.add(e.name() + " " + e.type()), Map.<UUID, Integer>of()::get, "b");
            b.afterChange(this::define);
            assertEquals(List.of("m DEFINED"), first);
            assertEquals(List.of("m DEFINED"), second);
        }
    }

    @Test
    void aFailedChangeIsStillFollowedByAPollAndItsErrorReachesTheCaller() throws Exception {
        PolledEventHub hub = new PolledEventHub();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (PolledEventHub.Scope a = hub.scope()) {
            a.subscribe(this::read, NEVER, e -> seen.add(e.type().name()), Map.<UUID, Integer>of()::get, "a");
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> a.afterChange(() -> {
                define(); // half of a change happened before it failed
                throw new IllegalStateException("failed half-way");
            }));
            assertEquals("failed half-way", thrown.getMessage());
            assertEquals(List.of("DEFINED"), seen);
        }
    }

    @Test
    void closingAConnectionsScopeEndsOnlyItsSubscriptions() throws Exception {
        PolledEventHub hub = new PolledEventHub();
        List<String> closedOnes = new CopyOnWriteArrayList<>();
        List<String> open = new CopyOnWriteArrayList<>();
        PolledEventHub.Scope gone = hub.scope();
        gone.subscribe(this::read, NEVER, e -> closedOnes.add(e.type().name()), Map.<UUID, Integer>of()::get, "gone");
        try (PolledEventHub.Scope stays = hub.scope()) {
            stays.subscribe(this::read, NEVER, e -> open.add(e.type().name()), Map.<UUID, Integer>of()::get, "stays");
            gone.close();
            stays.afterChange(this::define);
            assertEquals(List.of(), closedOnes);
            assertEquals(List.of("DEFINED"), open);
        }
    }

    @Test
    void aSubscriptionsHandleEndsItAlone() throws Exception {
        PolledEventHub hub = new PolledEventHub();
        List<String> ended = new CopyOnWriteArrayList<>();
        List<String> kept = new CopyOnWriteArrayList<>();
        try (PolledEventHub.Scope a = hub.scope()) {
            AutoCloseable handle = a.subscribe(this::read, NEVER, e -> ended.add(e.type().name()), Map.<UUID, Integer>of()::get, "x");
            a.subscribe(this::read, NEVER, e -> kept.add(e.type().name()), Map.<UUID, Integer>of()::get, "y");
            handle.close();
            a.afterChange(this::define);
            assertEquals(List.of(), ended);
            assertEquals(List.of("DEFINED"), kept);
        }
    }
}
