package io.jvirt.api;

import java.util.List;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A handle to one storage pool of a {@link Connection} ({@code virStoragePoolPtr}). The name and
 * UUID are those seen when the handle was obtained; everything else is asked of the driver at each
 * call. A pool that no longer exists makes calls fail with NO_STORAGE_POOL.
 *
 * <p>Every call that changes the pool or its volumes fails with OPERATION_DENIED on a read-only
 * connection ("read only access prevents virStoragePoolBuild"); calls that need a certain state
 * fail with OPERATION_INVALID worded as libvirt's storage driver words it ("storage pool 'x' is not
 * active").
 *
 * @since 0.6.0
 */
@ProviderType
public interface StoragePool {

    Connection connection();

    String name();

    UUID uuid();

    /** The UUID in its canonical 36-character form ({@code virStoragePoolGetUUIDString}). */
    default String uuidString() {
        return uuid().toString();
    }

    /** {@code virStoragePoolIsActive}. */
    boolean isActive();

    /** {@code virStoragePoolIsPersistent}: false for a pool made by {@link Connection#createStoragePoolXml}. */
    boolean isPersistent();

    /** State and sizes ({@code virStoragePoolGetInfo}). */
    StoragePoolInfo info();

    /**
     * The pool XML ({@code virStoragePoolGetXMLDesc}); {@link StorageXmlFlag#INACTIVE} gives the
     * persistent definition of a running pool rather than its live one.
     */
    String xmlDesc(StorageXmlFlag... flags);

    /**
     * Builds the pool's storage ({@code virStoragePoolBuild}): makes the directory, formats the
     * device, creates the volume group, as the pool type needs. For an inactive pool.
     *
     * @throws VirtException OPERATION_INVALID "storage pool 'x' is already active" for a running pool,
     *                       INVALID_ARG when OVERWRITE and NO_OVERWRITE are both given
     */
    void build(StoragePoolBuildFlag... flags);

    /**
     * Starts a defined pool ({@code virStoragePoolCreate}), building it first when a WITH_BUILD flag
     * says so; a started pool is refreshed (its volumes listed).
     *
     * @throws VirtException OPERATION_INVALID "storage pool 'x' is already active" when it runs
     */
    void create(StoragePoolCreateFlag... flags);

    /** Stops the pool ({@code virStoragePoolDestroy}); a transient pool then disappears. Its storage stays. */
    void destroy();

    /**
     * Deletes the pool's storage ({@code virStoragePoolDelete}): the inverse of {@link #build}. For
     * an inactive pool; the definition stays.
     */
    void delete(StoragePoolDeleteFlag... flags);

    /** Removes the persistent definition ({@code virStoragePoolUndefine}); a running pool becomes transient. */
    void undefine();

    /** Lists the pool's volumes and sizes again from its storage ({@code virStoragePoolRefresh}). For an active pool. */
    void refresh();

    /** {@code virStoragePoolGetAutostart}. */
    boolean autostart();

    /**
     * {@code virStoragePoolSetAutostart}.
     *
     * @throws VirtException INTERNAL_ERROR "cannot set autostart for transient pool" for a transient pool
     */
    void setAutostart(boolean autostart);

    /** The number of the pool's volumes ({@code virStoragePoolNumOfVolumes}). For an active pool. */
    int numOfVolumes();

    /**
     * The pool's volumes ({@code virStoragePoolListAllVolumes}), in the driver's order (libvirt's:
     * the order the pool found or created them). For an active pool.
     *
     * @return a new list; empty, never null
     */
    List<StorageVol> listAllVolumes();

    /**
     * @throws VirtException NO_STORAGE_VOL "no storage vol with matching name 'x'"
     */
    StorageVol lookupVolumeByName(String name);

    /**
     * Creates a volume in the pool from its XML ({@code virStorageVolCreateXML}).
     *
     * @throws VirtException STORAGE_VOL_EXIST "'x'" when the pool has a volume of that name,
     *                       XML_ERROR (and libvirt's other parse errors) for bad XML
     */
    StorageVol createVolumeXml(String xml, StorageVolCreateFlag... flags);

    /**
     * Creates a volume in the pool as a copy of {@code source} (which may be in another pool of the
     * same connection), with the name, format and sizes of {@code xml} ({@code virStorageVolCreateXMLFrom}).
     */
    StorageVol createVolumeXmlFrom(String xml, StorageVol source, StorageVolCreateFlag... flags);
}
