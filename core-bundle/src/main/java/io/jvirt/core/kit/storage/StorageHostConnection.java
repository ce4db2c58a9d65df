package io.jvirt.core.kit.storage;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import io.jvirt.api.StoragePoolEvent;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.api.StorageVolInfo;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.StoragePoolRef;
import io.jvirt.core.spi.StorageVolRef;

/**
 * A driver connection whose storage entry points are its {@link StorageHost}'s: a driver
 * connection class implements this and names its host; every storage call of the SPI then follows
 * libvirt's semantics without a line of its own.
 *
 * @since 1.0.0
 */
public interface StorageHostConnection extends DriverConnection {

    /** The pools this connection serves. */
    StorageHost storageHost();

    @Override
    default List<StoragePoolRef> listAllStoragePools(int flags) {
        return storageHost().listAllStoragePools(flags);
    }

    @Override
    default int numOfStoragePools() {
        return storageHost().numOfStoragePools();
    }

    @Override
    default int numOfDefinedStoragePools() {
        return storageHost().numOfDefinedStoragePools();
    }

    @Override
    default StoragePoolRef storagePoolLookupByName(String name) {
        return storageHost().lookupByName(name);
    }

    @Override
    default StoragePoolRef storagePoolLookupByUuid(UUID uuid) {
        return storageHost().lookupByUuid(uuid);
    }

    @Override
    default StoragePoolRef storagePoolLookupByVolume(StorageVolRef vol) {
        return storageHost().lookupByVolume(vol);
    }

    @Override
    default StoragePoolRef storagePoolLookupByTargetPath(String path) {
        return storageHost().lookupByTargetPath(path);
    }

    @Override
    default StoragePoolRef storagePoolDefineXml(String xml, int flags) {
        return storageHost().defineXml(xml, flags);
    }

    @Override
    default StoragePoolRef storagePoolCreateXml(String xml, int flags) {
        return storageHost().createXml(xml, flags);
    }

    @Override
    default AutoCloseable subscribeStoragePoolEvents(Consumer<StoragePoolEvent> sink) {
        return storageHost().subscribeEvents(sink);
    }

    @Override
    default boolean storagePoolIsActive(StoragePoolRef pool) {
        return storageHost().isActive(pool);
    }

    @Override
    default boolean storagePoolIsPersistent(StoragePoolRef pool) {
        return storageHost().isPersistent(pool);
    }

    @Override
    default StoragePoolInfo storagePoolInfo(StoragePoolRef pool) {
        return storageHost().info(pool);
    }

    @Override
    default String storagePoolXmlDesc(StoragePoolRef pool, int flags) {
        return storageHost().xmlDesc(pool, flags);
    }

    @Override
    default void storagePoolBuild(StoragePoolRef pool, int flags) {
        storageHost().build(pool, flags);
    }

    @Override
    default void storagePoolCreate(StoragePoolRef pool, int flags) {
        storageHost().create(pool, flags);
    }

    @Override
    default void storagePoolDestroy(StoragePoolRef pool) {
        storageHost().destroy(pool);
    }

    @Override
    default void storagePoolDelete(StoragePoolRef pool, int flags) {
        storageHost().delete(pool, flags);
    }

    @Override
    default void storagePoolUndefine(StoragePoolRef pool) {
        storageHost().undefine(pool);
    }

    @Override
    default void storagePoolRefresh(StoragePoolRef pool, int flags) {
        storageHost().refresh(pool, flags);
    }

    @Override
    default boolean storagePoolAutostart(StoragePoolRef pool) {
        return storageHost().autostart(pool);
    }

    @Override
    default void storagePoolSetAutostart(StoragePoolRef pool, boolean autostart) {
        storageHost().setAutostart(pool, autostart);
    }

    @Override
    default int storagePoolNumOfVolumes(StoragePoolRef pool) {
        return storageHost().numOfVolumes(pool);
    }

    @Override
    default List<StorageVolRef> storagePoolListAllVolumes(StoragePoolRef pool, int flags) {
        return storageHost().listAllVolumes(pool, flags);
    }

    @Override
    default StorageVolRef storageVolLookupByName(StoragePoolRef pool, String name) {
        return storageHost().volLookupByName(pool, name);
    }

    @Override
    default StorageVolRef storageVolLookupByKey(String key) {
        return storageHost().volLookupByKey(key);
    }

    @Override
    default StorageVolRef storageVolLookupByPath(String path) {
        return storageHost().volLookupByPath(path);
    }

    @Override
    default StorageVolRef storageVolCreateXml(StoragePoolRef pool, String xml, int flags) {
        return storageHost().volCreateXml(pool, xml, flags);
    }

    @Override
    default StorageVolRef storageVolCreateXmlFrom(StoragePoolRef pool, String xml, StorageVolRef source, int flags) {
        return storageHost().volCreateXmlFrom(pool, xml, source, flags);
    }

    @Override
    default void storageVolDelete(StorageVolRef vol, int flags) {
        storageHost().volDelete(vol, flags);
    }

    @Override
    default void storageVolWipe(StorageVolRef vol, int algorithm, int flags) {
        storageHost().volWipe(vol, algorithm, flags);
    }

    @Override
    default void storageVolResize(StorageVolRef vol, long capacity, int flags) {
        storageHost().volResize(vol, capacity, flags);
    }

    @Override
    default StorageVolInfo storageVolInfo(StorageVolRef vol, int flags) {
        return storageHost().volInfo(vol, flags);
    }

    @Override
    default String storageVolXmlDesc(StorageVolRef vol, int flags) {
        return storageHost().volXmlDesc(vol, flags);
    }

    @Override
    default String storageVolPath(StorageVolRef vol) {
        return storageHost().volPath(vol);
    }

    @Override
    default InputStream storageVolDownload(StorageVolRef vol, long offset, long length, int flags) {
        return storageHost().volDownload(vol, offset, length, flags);
    }

    @Override
    default OutputStream storageVolUpload(StorageVolRef vol, long offset, long length, int flags) {
        return storageHost().volUpload(vol, offset, length, flags);
    }
}
