package io.jvirt.core.internal;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainEvent;

/**
 * The core's own observers of every {@link io.jvirt.core.spi.DomainEventBus} (today: the EventAdmin
 * bridge). Static on purpose: drivers create their buses themselves, so the core has no other way
 * to see the events of a host that no client is connected to. The state lives as long as the core
 * bundle's class loader, the same lifetime as the components that register here; this package is
 * not exported, so drivers cannot add hooks.
 *
 * <p>Hooks run on the publishing driver thread, usually inside the domain's job: they must only
 * enqueue (EventAdmin's {@code postEvent} does).
 */
public final class CoreEventHooks {

    private static final Logger LOG = LoggerFactory.getLogger(CoreEventHooks.class);
    private static final CopyOnWriteArrayList<BiConsumer<String, DomainEvent>> HOOKS = new CopyOnWriteArrayList<>();

    private CoreEventHooks() {
    }

    /** Adds a hook receiving (host URI or "", event); closing the result removes it. */
    static AutoCloseable register(BiConsumer<String, DomainEvent> hook) {
        HOOKS.add(hook);
        return () -> HOOKS.remove(hook);
    }

    /** Called by every bus after its subscribers. Never throws. */
    public static void dispatch(String uri, DomainEvent event) {
        for (BiConsumer<String, DomainEvent> h : HOOKS) {
            try {
                h.accept(uri == null ? "" : uri, event);
            } catch (RuntimeException e) {
                LOG.warn("core event hook failed on {}", event, e);
            }
        }
    }
}
