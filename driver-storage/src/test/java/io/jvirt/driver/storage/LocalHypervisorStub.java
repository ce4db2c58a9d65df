package io.jvirt.driver.storage;

import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * Stands in for the QEMU driver where only qemu:///system's storage half is under test: its
 * connections have no storage of their own, so the core routes every storage call to the storage
 * driver serving the URI, as it does for the real QEMU driver.
 */
final class LocalHypervisorStub implements HypervisorDriver {

    @Override
    public String name() {
        return "qemu";
    }

    @Override
    public DriverConnection open(ConnectRequest request) {
        if (!"qemu".equals(request.scheme())) {
            return null;
        }
        return new DriverConnection() {
            @Override
            public String type() {
                return "QEMU";
            }

            @Override
            public void close() {
            }
        };
    }
}
