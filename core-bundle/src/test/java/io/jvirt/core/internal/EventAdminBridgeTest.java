package io.jvirt.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.core.kit.DomainEventObservers;
import io.jvirt.core.runtime.DomainEventSource;

class EventAdminBridgeTest {

    @Test
    void theBridgePostsEveryEventOfTheSourceWithItsProperties() {
        List<Event> posted = new ArrayList<>();
        EventAdmin admin = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                synchronized (posted) {
                    posted.add(event);
                }
            }

            @Override
            public void sendEvent(Event event) {
                throw new AssertionError("the bridge must not wait for handlers");
            }
        };
        DomainEventObservers all = new DomainEventObservers();
        DomainEventSource source = all::add;
        EventAdminBridge bridge = new EventAdminBridge(admin, source);
        UUID uuid = UUID.randomUUID();
        try {
            all.dispatch("test:///default", new DomainEvent("vm1", uuid, 3, DomainEventType.STOPPED, DomainEvent.STOPPED_DESTROYED));
            all.dispatch(null, new DomainEvent("vm2", uuid, -1, DomainEventType.UNDEFINED, 0));
        } finally {
            bridge.deactivate();
        }
        all.dispatch("x:///", new DomainEvent("after", uuid, -1, DomainEventType.UNDEFINED, 0));
        synchronized (posted) {
            assertEquals(2, posted.size(), "nothing is posted once the bridge is deactivated");
            Event e = posted.get(0);
            assertEquals("io/jvirt/domain/STOPPED", e.getTopic());
            Map<String, Object> props = new HashMap<>();
            for (String k : e.getPropertyNames()) {
                props.put(k, e.getProperty(k));
            }
            assertEquals("test:///default", props.get("uri"));
            assertEquals("vm1", props.get("name"));
            assertEquals(uuid.toString(), props.get("uuid"));
            assertEquals("STOPPED", props.get("event"));
            assertEquals(1, props.get("detail"));
            assertEquals("Destroyed", props.get("detail.label"));
            assertEquals(3, props.get("id"));
            assertEquals("io/jvirt/domain/UNDEFINED", posted.get(1).getTopic());
            assertEquals("", posted.get(1).getProperty("uri"));
        }
    }
}
