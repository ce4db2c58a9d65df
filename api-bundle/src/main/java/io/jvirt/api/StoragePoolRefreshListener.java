package io.jvirt.api;

/**
 * Receives storage pool refresh events ({@code VIR_STORAGE_POOL_EVENT_ID_REFRESH}): told after a
 * pool was refreshed. Called as {@link StoragePoolEventListener} is: asynchronously, in order.
 *
 * @since 0.6.0
 */
@FunctionalInterface
public interface StoragePoolRefreshListener {
    void onRefresh(Connection connection, StoragePool pool);
}
