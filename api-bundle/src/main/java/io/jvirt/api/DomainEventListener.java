package io.jvirt.api;

/**
 * Receives lifecycle events. Called asynchronously, never on the thread that caused the event, one
 * event at a time and in the order the events happened for each domain.
 */
@FunctionalInterface
public interface DomainEventListener {
    void onEvent(Connection connection, Domain domain, DomainEvent event);
}
