package io.jvirt.core.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.NetworkEvent;
import io.jvirt.core.runtime.NetworkEventSource;

/**
 * Posts every network lifecycle event of every driver host to OSGi EventAdmin, as
 * {@link EventAdminBridge} does for domains: topic {@code io/jvirt/network/<TYPE>}
 * ({@code io/jvirt/network/STARTED}) with the properties {@value EventAdminBridge#PROP_URI},
 * {@value EventAdminBridge#PROP_NAME}, {@value EventAdminBridge#PROP_UUID},
 * {@value EventAdminBridge#PROP_EVENT} and {@value EventAdminBridge#PROP_DETAIL}. Optional and
 * asynchronous for the same reasons as the domain bridge.
 */
@Component(service = {}, immediate = true)
public final class NetworkEventAdminBridge {

    /** Topic prefix; the event type's name follows. */
    public static final String TOPIC_PREFIX = "io/jvirt/network/";

    private static final Logger LOG = LoggerFactory.getLogger(NetworkEventAdminBridge.class);

    private final ObjectEventPoster poster;
    private final AutoCloseable hook;

    @Activate
    public NetworkEventAdminBridge(@Reference EventAdmin eventAdmin, @Reference NetworkEventSource events) {
        this.poster = new ObjectEventPoster(eventAdmin, TOPIC_PREFIX, LOG);
        this.hook = events.addNetworkEventObserver(this::post);
        LOG.info("posting network events to EventAdmin under {}*", TOPIC_PREFIX);
    }

    @Deactivate
    public void deactivate() {
        try {
            hook.close();
        } catch (Exception e) {
            LOG.debug("removing the network event hook", e);
        }
    }

    void post(String uri, NetworkEvent e) {
        poster.post(uri, e.name(), e.uuid(), e.type().name(), e.detail(), e);
    }
}
