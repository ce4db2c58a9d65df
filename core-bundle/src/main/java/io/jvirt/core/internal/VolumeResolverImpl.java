package io.jvirt.core.internal;

import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.jvirt.core.kit.VolumeResolver;
import io.jvirt.core.spi.StorageDriver;

/**
 * The {@link VolumeResolver} service: the first registered storage driver that has the pool
 * answers (libvirt has one storage driver; jvirt may have several, each with its own pools).
 * Without a storage driver every volume disk fails with NO_STORAGE_POOL.
 */
@Component(service = VolumeResolver.class)
public class VolumeResolverImpl implements VolumeResolver {

    private final CopyOnWriteArrayList<StorageDriver> storageDrivers = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStorageDriver(StorageDriver driver) {
        storageDrivers.add(driver);
    }

    void removeStorageDriver(StorageDriver driver) {
        storageDrivers.remove(driver);
    }

    @Override
    public Optional<String> volumePath(String pool, String volume) {
        for (StorageDriver d : storageDrivers) {
            Optional<String> p = d.volumePath(pool, volume);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }
}
