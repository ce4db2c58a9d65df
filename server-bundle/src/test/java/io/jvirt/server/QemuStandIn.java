package io.jvirt.server;

import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * qemu:///system without QEMU: a hypervisor driver whose connections have no storage of their own,
 * so that the core routes their storage calls to driver-storage, as it does for the QEMU driver.
 */
final class QemuStandIn implements HypervisorDriver {

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
            public String uri() {
                return "qemu:///system";
            }

            @Override
            public long hypervisorVersion() {
                return 7_002_000;
            }

            @Override
            public void close() {
            }
        };
    }
}
