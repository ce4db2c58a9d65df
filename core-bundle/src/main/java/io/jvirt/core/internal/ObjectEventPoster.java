package io.jvirt.core.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;

/**
 * What the network and storage pool EventAdmin bridges share: an object event posted under
 * {@code <prefix><TYPE>} with the properties {@value EventAdminBridge#PROP_URI},
 * {@value EventAdminBridge#PROP_NAME}, {@value EventAdminBridge#PROP_UUID},
 * {@value EventAdminBridge#PROP_EVENT} and {@value EventAdminBridge#PROP_DETAIL}, never failing the
 * publishing driver.
 */
final class ObjectEventPoster {

    private final EventAdmin eventAdmin;
    private final String topicPrefix;
    private final Logger log;

    ObjectEventPoster(EventAdmin eventAdmin, String topicPrefix, Logger log) {
        this.eventAdmin = eventAdmin;
        this.topicPrefix = topicPrefix;
        this.log = log;
    }

    void post(String uri, String name, UUID uuid, String type, int detail, Object shown) {
        Map<String, Object> props = new HashMap<>();
        props.put(EventAdminBridge.PROP_URI, uri == null ? "" : uri); // the core stripped any password
        props.put(EventAdminBridge.PROP_NAME, name);
        props.put(EventAdminBridge.PROP_UUID, uuid.toString());
        props.put(EventAdminBridge.PROP_EVENT, type);
        props.put(EventAdminBridge.PROP_DETAIL, detail);
        try {
            eventAdmin.postEvent(new Event(topicPrefix + type, props));
        } catch (RuntimeException ex) {
            // EventAdmin going away under us (IllegalStateException) must not fail the driver
            log.debug("EventAdmin refused {}", shown, ex);
        }
    }
}
