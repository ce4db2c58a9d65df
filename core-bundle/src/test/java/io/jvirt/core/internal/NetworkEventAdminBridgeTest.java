package io.jvirt.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.jvirt.api.NetworkEvent;
import io.jvirt.api.NetworkEventType;
import io.jvirt.core.kit.NetworkEventObservers;
import io.jvirt.core.runtime.NetworkEventSource;

class NetworkEventAdminBridgeTest {

    @Test
    void theBridgePostsEveryNetworkEventUnderTheNetworkTopic() {
        List<Event> posted = new ArrayList<>();
        EventAdmin admin = new EventAdmin() {
            @Override
            public synchronized void postEvent(Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                throw new AssertionError("the bridge must not wait for handlers");
            }
        };
        NetworkEventObservers all = new NetworkEventObservers();
        NetworkEventSource source = all::add;
        NetworkEventAdminBridge bridge = new NetworkEventAdminBridge(admin, source);
        UUID uuid = UUID.randomUUID();
        try {
            all.accept("test:///default", new NetworkEvent("default", uuid, NetworkEventType.STARTED));
            all.accept(null, new NetworkEvent("net2", uuid, NetworkEventType.UNDEFINED));
        } finally {
            bridge.deactivate();
        }
        all.accept("x:///", new NetworkEvent("after", uuid, NetworkEventType.DEFINED));
        assertEquals(2, posted.size(), "nothing is posted once the bridge is deactivated");
        Event e = posted.get(0);
        assertEquals("io/jvirt/network/STARTED", e.getTopic());
        assertEquals("test:///default", e.getProperty("uri"));
        assertEquals("default", e.getProperty("name"));
        assertEquals(uuid.toString(), e.getProperty("uuid"));
        assertEquals("STARTED", e.getProperty("event"));
        assertEquals(0, e.getProperty("detail"));
        assertEquals("io/jvirt/network/UNDEFINED", posted.get(1).getTopic());
        assertEquals("", posted.get(1).getProperty("uri"));
    }
}
