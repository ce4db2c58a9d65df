package io.jvirt.api;

import java.io.InputStream;
import java.io.OutputStream;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A handle to one storage volume ({@code virStorageVolPtr}). The pool name, volume name and key
 * are those seen when the handle was obtained; everything else is asked of the driver at each call.
 * A volume that no longer exists makes calls fail with NO_STORAGE_VOL.
 *
 * <p>Every call that changes the volume (and, as in libvirt, {@link #download}) fails with
 * OPERATION_DENIED on a read-only connection.
 *
 * @since 0.6.0
 */
@ProviderType
public interface StorageVol {

    Connection connection();

    /** The name of the pool the volume is in. */
    String poolName();

    /** {@code virStorageVolGetName}. */
    String name();

    /** The volume's key, unique on the host (for file volumes their path; {@code virStorageVolGetKey}). */
    String key();

    /** The pool the volume is in ({@code virStoragePoolLookupByVolume}). */
    StoragePool pool();

    /** The volume's path on the host ({@code virStorageVolGetPath}). */
    String path();

    /** Type and sizes ({@code virStorageVolGetInfo}). */
    StorageVolInfo info();

    /**
     * Type and sizes ({@code virStorageVolGetInfoFlags}); {@link StorageVolInfoFlag#GET_PHYSICAL}
     * reports the physical size as the allocation.
     */
    StorageVolInfo info(StorageVolInfoFlag... flags);

    /** The volume XML ({@code virStorageVolGetXMLDesc}). */
    String xmlDesc();

    /** Removes the volume and its storage ({@code virStorageVolDelete}). */
    void delete(StorageVolDeleteFlag... flags);

    /** Overwrites the volume's data with zeros ({@code virStorageVolWipe}). */
    void wipe();

    /** Overwrites the volume's data with {@code algorithm}'s pattern ({@code virStorageVolWipePattern}). */
    void wipe(StorageVolWipeAlgorithm algorithm);

    /**
     * Changes the volume's capacity ({@code virStorageVolResize}): {@code capacity} bytes, or with
     * {@link StorageVolResizeFlag#DELTA} that many bytes more (fewer with SHRINK).
     *
     * @throws VirtException INVALID_ARG "can't shrink capacity below existing allocation" and libvirt's
     *                       other refusals; OPERATION_UNSUPPORTED for a shrink without SHRINK
     */
    void resize(long capacity, StorageVolResizeFlag... flags);

    /**
     * Reads the volume's bytes ({@code virStorageVolDownload} with libvirt's stream semantics):
     * from {@code offset}, {@code length} bytes or, for length 0, up to the volume's end. The
     * stream ends (read returns -1) after the last byte; closing it earlier ends the transfer
     * (libvirt's virStreamAbort). A driver failure while reading surfaces as an IOException whose
     * cause is the driver's VirtException. With {@link StorageVolDownloadFlag#SPARSE_STREAM} the
     * stream may also implement {@link SparseInput} and tell where the holes are (since 0.10.0).
     *
     * @param offset where to start, in bytes from the volume's start; not negative
     * @param length how many bytes; 0 for "to the end"; not negative
     * @throws VirtException before any byte: OPERATION_DENIED on a read-only connection,
     *                       INVALID_ARG for a negative offset or length, libvirt's errors for an
     *                       offset beyond the volume
     */
    InputStream download(long offset, long length, StorageVolDownloadFlag... flags);

    /**
     * Writes bytes into the volume ({@code virStorageVolUpload} with libvirt's stream semantics):
     * from {@code offset}, at most {@code length} bytes or, for length 0, up to the volume's end.
     * What is written lands in the volume; {@link OutputStream#close()} ends the transfer (libvirt's
     * virStreamFinish) and reports a failure of the driver's side as an IOException whose cause is
     * its VirtException. Writing past {@code length} fails with an IOException. The stream may also
     * implement {@link SparseOutput} and take a hole without its zeros (since 0.10.0).
     *
     * @param offset where to start, in bytes from the volume's start; not negative
     * @param length at most how many bytes; 0 for "up to the end"; not negative
     * @throws VirtException before any byte: OPERATION_DENIED on a read-only connection,
     *                       INVALID_ARG for a negative offset or length
     */
    OutputStream upload(long offset, long length, StorageVolUploadFlag... flags);
}
