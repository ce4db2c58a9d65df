package io.jvirt.core.kit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;

/**
 * The core service that tells hypervisor drivers where a storage volume is, for
 * {@code <disk type='volume'><source pool='P' volume='V'/>}, as {@link NetworkResolver} tells
 * them a network's bridge: the core registers one that asks every registered
 * {@link io.jvirt.core.spi.StorageDriver#volumePath}. Outside OSGi a driver takes any
 * implementation, e.g. {@code storageDriver::volumePath}.
 *
 * @since 1.6.0
 */
@ProviderType
@FunctionalInterface
public interface VolumeResolver {

    /** No storage: every volume disk fails with NO_STORAGE_POOL. */
    VolumeResolver NONE = (pool, volume) -> Optional.empty();

    /**
     * The host path of volume {@code volume} of pool {@code pool}; empty when no storage driver
     * has a pool of that name.
     *
     * @throws VirtException the storage driver's CONFIG_UNSUPPORTED "storage pool 'P' containing
     *                       volume 'V' is not active", NO_STORAGE_VOL for a missing volume
     */
    Optional<String> volumePath(String pool, String volume);

    /**
     * libvirt's virDomainDiskTranslateSourcePool for a live definition: every {@code type='volume'}
     * disk gets its volume's path and what that path is (file, block device, directory) as its
     * {@link DiskDef#sourceActualType}; the XML keeps showing the pool and the volume. Called
     * before a start touches the host, so a failure leaves nothing behind.
     *
     * @throws VirtException NO_STORAGE_POOL "no storage pool with matching name 'P'" for an unknown
     *                       pool; the storage driver's errors for an inactive pool or a missing
     *                       volume; XML_ERROR for a {@code mode} (only iSCSI pools have one, and no
     *                       storage driver of jvirt serves them)
     */
    default void resolve(DomainDef live) {
        for (DiskDef d : live.disks()) {
            if (!"volume".equals(d.type()) || !d.hasSource()) {
                continue;
            }
            String pool = d.sourcePool();
            String volume = d.sourceVolume();
            if (pool == null || volume == null) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                    "disk '" + d.targetDev() + "': a volume source needs both 'pool' and 'volume'");
            }
            String path = volumePath(pool, volume).orElseThrow(() -> new VirtException(ErrorCode.NO_STORAGE_POOL,
                ErrorDomain.STORAGE, "no storage pool with matching name '" + pool + "'"));
            if (d.sourceMode() != null) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                    "disk source mode is only valid when storage pool is of iscsi type");
            }
            d.sourcePath(path);
            d.sourceActualType(actualType(Path.of(path)));
        }
    }

    /** What libvirt's volume type would make of {@code path}: "dir", "block" or "file". */
    static String actualType(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            int kind = mode & 0170000;
            return kind == 0040000 ? "dir" : kind == 0060000 ? "block" : "file";
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "file"; // gone meanwhile: QEMU will say it cannot open it
        }
    }
}
