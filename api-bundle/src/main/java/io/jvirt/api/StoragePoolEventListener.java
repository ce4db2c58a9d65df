package io.jvirt.api;

/**
 * Receives storage pool lifecycle events (never {@link StoragePoolEventType#REFRESH}: that is
 * {@link StoragePoolRefreshListener}'s). Called asynchronously, never on the thread that caused the
 * event, one event at a time and in the order the events happened for each pool.
 *
 * @since 0.6.0
 */
@FunctionalInterface
public interface StoragePoolEventListener {
    void onEvent(Connection connection, StoragePool pool, StoragePoolEvent event);
}
