package io.jvirt.core.kit;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;

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

    /**
     * libvirt's virDomainDiskTranslateSourcePool for a live definition of a connection to
     * {@code uri}: every {@code type='volume'} disk gets its volume's path and what that path is
     * (file, block device, directory) as its {@link DiskDef#sourceActualType}; the XML keeps
     * showing the pool and the volume. Called before a start touches the host, so a failure leaves
     * nothing behind.
     *
     * @throws VirtException {@link #volumePath}'s errors; XML_ERROR for a source without pool or
     *                       volume, and for a {@code mode} (only iSCSI pools have one, and no
     *                       storage driver of jvirt serves them)
     */
    default void resolve(URI uri, DomainDef live) {
        for (DiskDef d : live.disks()) {
            if (!"volume".equals(d.type()) || !d.hasSource()) {
                continue;
            }
            if (d.sourcePool() == null || d.sourceVolume() == null) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                    "disk '" + d.targetDev() + "': a volume source needs both 'pool' and 'volume'");
            }
            String path = volumePath(uri, d.sourcePool(), d.sourceVolume());
            if (d.sourceMode() != null) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                    "disk source mode is only valid when storage pool is of iscsi type");
            }
            d.sourcePath(path);
            d.sourceActualType(actualType(Path.of(path)));
        }
    }

    /** What libvirt's volume type makes of {@code path} as a disk source: "dir", "block" or "file". */
    static String actualType(Path path) {
        try {
            int kind = (Integer) Files.getAttribute(path, "unix:mode") & 0170000;
            return kind == 0040000 ? "dir" : kind == 0060000 ? "block" : "file";
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "file"; // gone meanwhile: QEMU will say it cannot open it
        }
    }

    /** libvirt's error for a pool no storage driver has. */
    static VirtException noPool(String pool) {
        return new VirtException(ErrorCode.NO_STORAGE_POOL, ErrorDomain.STORAGE,
            "no storage pool with matching name '" + pool + "'");
    }
}
