package io.jvirt.core.internal;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.jvirt.core.kit.StorageVolumes;
import io.jvirt.core.spi.StorageDriver;

/**
 * The {@link StorageVolumes} service: asks the storage drivers serving a URI, in the order they
 * came, for a volume's path.
 */
@Component(service = StorageVolumes.class)
public class StorageVolumesImpl implements StorageVolumes {

    private final CopyOnWriteArrayList<StorageDriver> storageDrivers = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStorageDriver(StorageDriver driver) {
        storageDrivers.add(driver);
    }

    void removeStorageDriver(StorageDriver driver) {
        storageDrivers.remove(driver);
    }

    @Override
    public String volumePath(URI uri, String pool, String volume) {
        for (StorageDriver d : storageDrivers) {
            if (d.serves(uri)) {
                Optional<String> path = d.volumePath(pool, volume);
                if (path.isPresent()) {
                    return path.get();
                }
            }
        }
        throw StorageVolumes.noPool(pool);
    }
}
