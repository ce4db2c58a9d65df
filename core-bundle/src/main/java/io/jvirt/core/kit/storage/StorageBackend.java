package io.jvirt.core.kit.storage;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collection;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.storage.StoragePoolDef;
import io.jvirt.api.storage.StorageVolDef;

/**
 * What a {@link StorageHost} leaves to its driver: what a pool's operations do on the host (libvirt's
 * virStorageBackend table: buildPool, startPool, stopPool, deletePool, refreshPool, createVol /
 * buildVol, buildVolFrom, deleteVol, refreshVol, resizeVol, wipeVol, uploadVol, downloadVol). The
 * host has checked the state, the flags and the names before it calls; a backend reports failures
 * as VirtException with libvirt's words and leaves nothing half-made behind. Every operation a
 * backend does not implement answers as libvirt's storage driver does for a backend without it.
 *
 * @since 1.0.0
 */
public interface StorageBackend {

    /**
     * Checks a definition about to be defined or created (a pool type the backend does not run is
     * refused here: libvirt's "missing backend for pool type"); {@code others} are the other pools'
     * definitions. May complete the definition.
     */
    default StoragePoolDef prepare(StoragePoolDef def, Collection<StoragePoolDef> others) {
        return def;
    }

    /** Whether a pool is running on the host already (libvirt's checkPool, asked when the driver restarts). */
    default boolean isRunning(StoragePoolDef def) {
        return false;
    }

    /**
     * Builds the pool's storage (a directory, a volume group on the pool's devices).
     *
     * @param flags {@code virStoragePoolBuildFlags} bits (NO_OVERWRITE, OVERWRITE), checked by the host
     */
    default void buildPool(StoragePoolDef def, int flags) {
    }

    /** Makes the pool usable (mounts, activates the group); on failure nothing of it is left. */
    default void startPool(StoragePoolDef def) {
    }

    /** Undoes {@link #startPool}; the pool's storage and volumes stay. */
    default void stopPool(StoragePoolDef def) {
    }

    /** Removes the pool's storage (the inverse of {@link #buildPool}). */
    default void deletePool(StoragePoolDef def, int flags) {
        throw noSupport("pool does not support pool deletion");
    }

    /** Measures the pool and lists its volumes. */
    StoragePoolContents refreshPool(StoragePoolDef def);

    /**
     * Creates a volume from its parsed definition: gives it its key and path and makes its storage
     * (libvirt's createVol and buildVol); returns the volume as a refresh would see it.
     *
     * @param flags {@code virStorageVolCreateFlags} bits (PREALLOC_METADATA), checked by the host
     */
    default StorageVolDef createVolume(StoragePoolDef pool, StorageVolDef vol, int flags) {
        throw noSupport("storage pool does not support volume creation");
    }

    /**
     * Creates a volume as a copy of {@code source} of {@code sourcePool} (the same pool or
     * another): libvirt's buildVolFrom.
     */
    default StorageVolDef cloneVolume(StoragePoolDef pool, StorageVolDef vol, StoragePoolDef sourcePool,
                                      StorageVolDef source, int flags) {
        throw noSupport("storage pool does not support volume creation from an existing volume");
    }

    /** Removes a volume and its storage. */
    default void deleteVolume(StoragePoolDef pool, StorageVolDef vol, int flags) {
        throw noSupport("storage pool does not support vol deletion");
    }

    /** The volume as its storage shows it now (sizes, format, backing store). */
    default StorageVolDef refreshVolume(StoragePoolDef pool, StorageVolDef vol) {
        return vol;
    }

    /**
     * Changes a volume's capacity to {@code capacity} bytes (an absolute size: the host resolved
     * DELTA and checked the limits).
     *
     * @param flags ALLOCATE and SHRINK bits
     */
    default void resizeVolume(StoragePoolDef pool, StorageVolDef vol, long capacity, int flags) {
        throw noSupport("storage pool does not support changing of volume capacity");
    }

    /** Overwrites a volume's data with {@code algorithm}'s pattern ({@code virStorageVolWipeAlgorithm} number). */
    default void wipeVolume(StoragePoolDef pool, StorageVolDef vol, int algorithm, int flags) {
        throw noSupport("storage pool doesn't support volume wiping");
    }

    /**
     * Opens a read of the volume's bytes (length 0: to the end). With SPARSE_STREAM in
     * {@code flags} the stream may implement {@link io.jvirt.api.SparseInput} to tell its holes;
     * the host's hold on the volume keeps that.
     */
    default InputStream download(StoragePoolDef pool, StorageVolDef vol, long offset, long length, int flags) {
        throw noSupport("storage pool doesn't support volume download");
    }

    /** Opens a write into the volume (length 0: up to the end); close() finishes it. */
    default OutputStream upload(StoragePoolDef pool, StorageVolDef vol, long offset, long length, int flags) {
        throw noSupport("storage pool doesn't support volume upload");
    }

    /** libvirt's NO_SUPPORT of an operation a backend lacks. */
    static VirtException noSupport(String message) {
        return new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.STORAGE, message);
    }
}
