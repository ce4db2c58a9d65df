package io.jvirt.driver.storage;

/**
 * A pool's sizes as libvirt reports them (virStoragePoolInfo).
 *
 * @param capacity   bytes in all
 * @param allocation bytes in use (capacity - available)
 * @param available  bytes free
 */
record PoolSpace(long capacity, long allocation, long available) {
}
