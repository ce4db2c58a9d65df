package io.jvirt.core.kit;

import java.net.URI;

import org.osgi.annotation.versioning.ProviderType;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The core service that tells a hypervisor driver the host path of a storage volume, for
 * {@code <disk type='volume'><source pool='P' volume='V'/>} (libvirt's
 * virDomainStorageSourceTranslateSourcePool): it asks the storage drivers that serve the driver's
 * URI ({@link io.jvirt.core.spi.StorageDriver#volumePath}). The core registers one for as long as
 * it runs; outside OSGi a driver takes {@link #NONE} or any implementation.
 *
 * @since 1.5.0
 */
@ProviderType
@FunctionalInterface
public interface StorageVolumes {

    /** No storage: every volume disk fails with NO_STORAGE_POOL. */
    StorageVolumes NONE = (uri, pool, volume) -> {
        throw noPool(pool);
    };

    /**
     * @param uri the hypervisor connection's URI (which storage drivers serve it)
     * @throws VirtException NO_STORAGE_POOL "no storage pool with matching name 'P'" when no storage
     *                       driver serving {@code uri} has the pool, CONFIG_UNSUPPORTED "storage pool
     *                       'P' containing volume 'V' is not active", NO_STORAGE_VOL for a missing volume
     */
    String volumePath(URI uri, String pool, String volume);

    /** libvirt's error for a pool no storage driver has. */
    static VirtException noPool(String pool) {
        return new VirtException(ErrorCode.NO_STORAGE_POOL, ErrorDomain.STORAGE,
            "no storage pool with matching name '" + pool + "'");
    }
}
