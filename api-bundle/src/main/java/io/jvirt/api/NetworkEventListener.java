package io.jvirt.api;

/**
 * Receives network lifecycle events. Called asynchronously, never on the thread that caused the
 * event, one event at a time and in the order the events happened for each network.
 *
 * @since 0.5.0
 */
@FunctionalInterface
public interface NetworkEventListener {
    void onEvent(Connection connection, Network network, NetworkEvent event);
}
