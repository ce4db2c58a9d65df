package io.jvirt.core.internal;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainEvent;
import io.jvirt.core.runtime.DomainEventSource;

/**
 * Posts every domain lifecycle event of every driver host to OSGi EventAdmin, topic
 * {@code io/jvirt/domain/<TYPE>} ({@code io/jvirt/domain/STOPPED}), with the properties
 * {@value #PROP_URI}, {@value #PROP_NAME}, {@value #PROP_UUID}, {@value #PROP_ID},
 * {@value #PROP_EVENT}, {@value #PROP_DETAIL} and {@value #PROP_DETAIL_LABEL}.
 *
 * <p>EventAdmin is optional: this component is satisfied only while an EventAdmin service exists
 * (a static, mandatory reference: it is simply deactivated when EventAdmin goes), and the bundle
 * imports {@code org.osgi.service.event} with {@code resolution:=optional}, so the core runs
 * without it. {@code postEvent} is asynchronous, so the driver thread that publishes (which holds
 * the domain's job) never waits for event handlers; EventAdmin keeps the order of events posted by
 * one thread, hence per domain.
 */
@Component(service = {}, immediate = true)
public final class EventAdminBridge {

    /** Topic prefix; the event type's name follows. */
    public static final String TOPIC_PREFIX = "io/jvirt/domain/";
    /** String: the URI of the driver host ("test:///default"), "" when the driver did not say. */
    public static final String PROP_URI = "uri";
    /** String: the domain's name. */
    public static final String PROP_NAME = "name";
    /** String: the domain's UUID in canonical form. */
    public static final String PROP_UUID = "uuid";
    /** Integer: the domain's id, -1 when not running. */
    public static final String PROP_ID = "id";
    /** String: the event type's name ("STOPPED"), as in the topic. */
    public static final String PROP_EVENT = "event";
    /** Integer: libvirt's detail number within the type (STOPPED: 1 = destroyed). */
    public static final String PROP_DETAIL = "detail";
    /** String: the detail as virsh words it ("Destroyed"). */
    public static final String PROP_DETAIL_LABEL = "detail.label";

    private static final Logger LOG = LoggerFactory.getLogger(EventAdminBridge.class);

    private final EventAdmin eventAdmin;
    private final AutoCloseable hook;

    @Activate
    public EventAdminBridge(@Reference EventAdmin eventAdmin, @Reference DomainEventSource events) {
        this.eventAdmin = eventAdmin;
        this.hook = events.addDomainEventObserver(this::post);
        LOG.info("posting domain events to EventAdmin under {}*", TOPIC_PREFIX);
    }

    @Deactivate
    public void deactivate() {
        try {
            hook.close();
        } catch (Exception e) {
            LOG.debug("removing the event hook", e);
        }
    }

    void post(String uri, DomainEvent e) {
        Map<String, Object> props = new HashMap<>();
        props.put(PROP_URI, uri == null ? "" : uri); // the core stripped any password
        props.put(PROP_NAME, e.name());
        props.put(PROP_UUID, e.uuid().toString());
        props.put(PROP_ID, e.id());
        props.put(PROP_EVENT, e.type().name());
        props.put(PROP_DETAIL, e.detail());
        props.put(PROP_DETAIL_LABEL, e.type().detailLabel(e.detail()));
        try {
            eventAdmin.postEvent(new Event(TOPIC_PREFIX + e.type().name(), props));
        } catch (RuntimeException ex) {
            // EventAdmin going away under us (IllegalStateException) must not fail the driver
            LOG.debug("EventAdmin refused {}", e, ex);
        }
    }
}
