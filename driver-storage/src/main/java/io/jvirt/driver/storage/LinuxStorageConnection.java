package io.jvirt.driver.storage;

import io.jvirt.core.kit.storage.StorageHost;
import io.jvirt.core.kit.storage.StorageHostConnection;

/**
 * The storage half of a qemu:///system, lxc:/// ... connection: every storage entry point is the
 * driver's {@link StorageHost}'s; closing it releases nothing (the pools are the driver's).
 */
final class LinuxStorageConnection implements StorageHostConnection {

    private final StorageHost host;

    LinuxStorageConnection(StorageHost host) {
        this.host = host;
    }

    @Override
    public StorageHost storageHost() {
        return host;
    }

    /** Never shown: the connection's own driver answers virConnectGetType. */
    @Override
    public String type() {
        return "storage";
    }

    @Override
    public void close() {
    }
}
