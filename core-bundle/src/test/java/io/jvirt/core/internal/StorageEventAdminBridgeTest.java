package io.jvirt.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.jvirt.api.StoragePoolEvent;
import io.jvirt.api.StoragePoolEventType;
import io.jvirt.core.kit.StorageEventObservers;
import io.jvirt.core.runtime.StorageEventSource;

class StorageEventAdminBridgeTest {

    @Test
    void theBridgePostsEveryPoolEventUnderTheStoragePoolTopic() {
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
        StorageEventObservers all = new StorageEventObservers();
        StorageEventSource source = all::add;
        StorageEventAdminBridge bridge = new StorageEventAdminBridge(admin, source);
        UUID uuid = UUID.randomUUID();
        try {
            all.accept("qemu:///system", new StoragePoolEvent("default", uuid, StoragePoolEventType.STARTED));
            all.accept(null, new StoragePoolEvent("images", uuid, StoragePoolEventType.REFRESH));
        } finally {
            bridge.deactivate();
        }
        all.accept("x:///", new StoragePoolEvent("after", uuid, StoragePoolEventType.DEFINED));
        assertEquals(2, posted.size(), "nothing is posted once the bridge is deactivated");
        Event e = posted.get(0);
        assertEquals("io/jvirt/storagepool/STARTED", e.getTopic());
        assertEquals("qemu:///system", e.getProperty("uri"));
        assertEquals("default", e.getProperty("name"));
        assertEquals(uuid.toString(), e.getProperty("uuid"));
        assertEquals("STARTED", e.getProperty("event"));
        assertEquals(0, e.getProperty("detail"));
        assertEquals("io/jvirt/storagepool/REFRESH", posted.get(1).getTopic());
        assertEquals("", posted.get(1).getProperty("uri"));
    }
}
