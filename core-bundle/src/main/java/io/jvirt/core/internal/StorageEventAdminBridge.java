package io.jvirt.core.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.StoragePoolEvent;
import io.jvirt.core.runtime.StorageEventSource;

/**
 * Posts every storage pool event (lifecycle and refresh) of every driver host to OSGi EventAdmin,
 * as {@link NetworkEventAdminBridge} does for networks: topic {@code io/jvirt/storagepool/<TYPE>}
 * ({@code io/jvirt/storagepool/STARTED}, {@code io/jvirt/storagepool/REFRESH}) with the properties {@value EventAdminBridge#PROP_URI},
 * {@value EventAdminBridge#PROP_NAME}, {@value EventAdminBridge#PROP_UUID},
 * {@value EventAdminBridge#PROP_EVENT} and {@value EventAdminBridge#PROP_DETAIL}. Optional and
 * asynchronous for the same reasons as the domain bridge.
 */
@Component(service = {}, immediate = true)
public final class StorageEventAdminBridge {

    /** Topic prefix; the event type's name follows. */
    public static final String TOPIC_PREFIX = "io/jvirt/storagepool/";

    private static final Logger LOG = LoggerFactory.getLogger(StorageEventAdminBridge.class);

    private final ObjectEventPoster poster;
    private final AutoCloseable hook;

    @Activate
    public StorageEventAdminBridge(@Reference EventAdmin eventAdmin, @Reference StorageEventSource events) {
        this.poster = new ObjectEventPoster(eventAdmin, TOPIC_PREFIX, LOG);
        this.hook = events.addStorageEventObserver(this::post);
        LOG.info("posting storage pool events to EventAdmin under {}*", TOPIC_PREFIX);
    }

    @Deactivate
    public void deactivate() {
        try {
            hook.close();
        } catch (Exception e) {
            LOG.debug("removing the storage pool event hook", e);
        }
    }

    void post(String uri, StoragePoolEvent e) {
        poster.post(uri, e.name(), e.uuid(), e.type().name(), e.detail(), e);
    }
}
