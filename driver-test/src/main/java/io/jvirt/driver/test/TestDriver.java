package io.jvirt.driver.test;

import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.DomainEventObservers;
import io.jvirt.core.kit.NetworkEventObservers;
import io.jvirt.core.kit.StorageEventObservers;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DomainEventObserver;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;
import io.jvirt.core.spi.NetworkEventObserver;
import io.jvirt.core.spi.StorageEventObserver;

/**
 * The test driver service. {@code test:///default} connections share one host per driver instance
 * (so per framework, as libvirt shares it per process: one connection sees what another does,
 * events included); every {@code test:///PATH} connection gets a private host loaded from the node
 * file at PATH. Nothing is ever written to disk.
 */
@Component(service = HypervisorDriver.class, property = {
    HypervisorDriver.PROP_NAME + "=test",
    HypervisorDriver.PROP_SCHEMES + "=test",
    HypervisorDriver.PROP_STATEFUL + ":Boolean=true"
})
public final class TestDriver implements HypervisorDriver {

    /** Every host's events, for the core's observers (EventAdmin). */
    private final DomainEventObservers observers = new DomainEventObservers();
    /** Every host's network events, for the core's observers (EventAdmin). */
    private final NetworkEventObservers networkObservers = new NetworkEventObservers();
    /** Every host's storage pool events, for the core's observers (EventAdmin). */
    private final StorageEventObservers storageObservers = new StorageEventObservers();
    private TestHost defaultHost;

    @Override
    public String name() {
        return "test";
    }

    @Override
    public Class<? extends DriverConnection> connectionType() {
        return TestConnection.class;
    }

    @Override
    public DriverConnection open(ConnectRequest request) {
        if (!"test".equals(request.scheme())) {
            return null;
        }
        if (request.uri().getHost() != null && !request.uri().getHost().isEmpty()) {
            // test://HOST/... is for libvirt's remote driver; jvirt has none
            return null;
        }
        String path = request.path();
        if (path.isEmpty() || "/".equals(path)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                "testOpen: supply a path or use test:///default");
        }
        if ("/default".equals(path)) {
            return new TestConnection(defaultHost());
        }
        return new TestConnection(NodeFile.load(request.files(), path, "test://" + path, observers, networkObservers, storageObservers));
    }

    @Override
    public AutoCloseable observeDomainEvents(DomainEventObserver observer) {
        return observers.add(observer);
    }

    @Override
    public AutoCloseable observeNetworkEvents(NetworkEventObserver observer) {
        return networkObservers.add(observer);
    }

    @Override
    public AutoCloseable observeStoragePoolEvents(StorageEventObserver observer) {
        return storageObservers.add(observer);
    }

    synchronized TestHost defaultHost() {
        if (defaultHost == null) {
            defaultHost = TestHost.createDefault(observers, networkObservers, storageObservers);
        }
        return defaultHost;
    }
}
