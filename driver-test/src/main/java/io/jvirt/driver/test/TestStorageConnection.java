package io.jvirt.driver.test;

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
 * The storage entry points of a test driver connection: its host's {@link TestStorage}. What the
 * test driver has no function for (lookup by target path, pool capabilities, wipe, resize, upload,
 * download) keeps the SPI's NO_SUPPORT, as in libvirt's testStorageDriver table.
 */
interface TestStorageConnection extends DriverConnection {

    TestStorage storage();

    /**
     * testConnectFindStoragePoolSources: fixed answers for logical pools and for netfs pools (on the
     * host the source specification names); any other type is refused, "dir" included (libvirt
     * tests the type's number for zero, which is dir's).
     */
    @Override
    default String findStoragePoolSources(String type, String srcSpec, int flags) {
        DriverConnection.checkFlags(flags, 0, io.jvirt.api.ErrorDomain.STORAGE, "testConnectFindStoragePoolSources");
        io.jvirt.api.storage.StoragePoolType t = io.jvirt.api.storage.StoragePoolType.ofLabel(type);
        if (t == null || t == io.jvirt.api.storage.StoragePoolType.DIR) {
            throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.INTERNAL_ERROR, io.jvirt.api.ErrorDomain.STORAGE,
                "unknown storage pool type " + type);
        }
        io.jvirt.api.storage.StoragePoolDef.Source source = srcSpec == null ? null
            : io.jvirt.api.storage.StoragePoolXml.parseSource(t, srcSpec);
        switch (t) {
            case LOGICAL:
                return "<sources>\n  <source>\n    <device path='/dev/sda20'/>\n    <name>testvg1</name>\n"
                    + "    <format type='lvm2'/>\n  </source>\n  <source>\n    <device path='/dev/sda21'/>\n"
                    + "    <name>testvg2</name>\n    <format type='lvm2'/>\n  </source>\n</sources>\n";
            case NETFS:
                if (source == null || source.hosts().isEmpty() || source.hosts().get(0).name() == null) {
                    throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.INVALID_ARG, io.jvirt.api.ErrorDomain.STORAGE,
                        "hostname must be specified for netfs sources");
                }
                return "<sources>\n  <source>\n    <host name='"
                    + escapeAttr(source.hosts().get(0).name())
                    + "'/>\n    <dir path='/testshare'/>\n    <format type='nfs'/>\n  </source>\n</sources>\n";
            default:
                throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.NO_SUPPORT, io.jvirt.api.ErrorDomain.STORAGE,
                    "pool type '" + type + "' does not support source discovery");
        }
    }

    @Override
    default List<StoragePoolRef> listAllStoragePools(int flags) {
        return storage().listAll(flags);
    }

    @Override
    default int numOfStoragePools() {
        return storage().numOfPools(true);
    }

    @Override
    default int numOfDefinedStoragePools() {
        return storage().numOfPools(false);
    }

    @Override
    default StoragePoolRef storagePoolLookupByName(String name) {
        return storage().lookupByName(name);
    }

    @Override
    default StoragePoolRef storagePoolLookupByUuid(UUID uuid) {
        return storage().lookupByUuid(uuid);
    }

    @Override
    default StoragePoolRef storagePoolLookupByVolume(StorageVolRef vol) {
        return storage().lookupByVolume(vol);
    }

    @Override
    default StoragePoolRef storagePoolDefineXml(String xml, int flags) {
        return storage().define(xml, flags);
    }

    @Override
    default StoragePoolRef storagePoolCreateXml(String xml, int flags) {
        return storage().create(xml, flags);
    }

    @Override
    default AutoCloseable subscribeStoragePoolEvents(Consumer<StoragePoolEvent> sink) {
        return storage().subscribe(sink);
    }

    @Override
    default boolean storagePoolIsActive(StoragePoolRef pool) {
        return storage().isActive(pool);
    }

    @Override
    default boolean storagePoolIsPersistent(StoragePoolRef pool) {
        return storage().isPersistent(pool);
    }

    @Override
    default StoragePoolInfo storagePoolInfo(StoragePoolRef pool) {
        return storage().info(pool);
    }

    @Override
    default String storagePoolXmlDesc(StoragePoolRef pool, int flags) {
        return storage().xmlDesc(pool, flags);
    }

    @Override
    default void storagePoolBuild(StoragePoolRef pool, int flags) {
        storage().build(pool, flags);
    }

    @Override
    default void storagePoolCreate(StoragePoolRef pool, int flags) {
        storage().start(pool, flags);
    }

    @Override
    default void storagePoolDestroy(StoragePoolRef pool) {
        storage().destroy(pool);
    }

    @Override
    default void storagePoolDelete(StoragePoolRef pool, int flags) {
        storage().delete(pool, flags);
    }

    @Override
    default void storagePoolUndefine(StoragePoolRef pool) {
        storage().undefine(pool);
    }

    @Override
    default void storagePoolRefresh(StoragePoolRef pool, int flags) {
        storage().refresh(pool, flags);
    }

    @Override
    default boolean storagePoolAutostart(StoragePoolRef pool) {
        return storage().autostart(pool);
    }

    @Override
    default void storagePoolSetAutostart(StoragePoolRef pool, boolean autostart) {
        storage().setAutostart(pool, autostart);
    }

    @Override
    default int storagePoolNumOfVolumes(StoragePoolRef pool) {
        return storage().numOfVolumes(pool);
    }

    @Override
    default List<StorageVolRef> storagePoolListAllVolumes(StoragePoolRef pool, int flags) {
        return storage().listAllVolumes(pool, flags);
    }

    @Override
    default StorageVolRef storageVolLookupByName(StoragePoolRef pool, String name) {
        return storage().volLookupByName(pool, name);
    }

    @Override
    default StorageVolRef storageVolLookupByKey(String key) {
        return storage().volLookupByKey(key);
    }

    @Override
    default StorageVolRef storageVolLookupByPath(String path) {
        return storage().volLookupByPath(path);
    }

    @Override
    default StorageVolRef storageVolCreateXml(StoragePoolRef pool, String xml, int flags) {
        return storage().volCreate(pool, xml, flags);
    }

    @Override
    default StorageVolRef storageVolCreateXmlFrom(StoragePoolRef pool, String xml, StorageVolRef source, int flags) {
        return storage().volCreateFrom(pool, xml, source, flags);
    }

    @Override
    default void storageVolDelete(StorageVolRef vol, int flags) {
        storage().volDelete(vol, flags);
    }

    @Override
    default StorageVolInfo storageVolInfo(StorageVolRef vol, int flags) {
        return storage().volInfo(vol, flags);
    }

    @Override
    default String storageVolXmlDesc(StorageVolRef vol, int flags) {
        return storage().volXmlDesc(vol, flags);
    }

    @Override
    default String storageVolPath(StorageVolRef vol) {
        return storage().volPath(vol);
    }

    /** A value inside a quoted attribute (libvirt prints the name as given; a name with a quote would break the document). */
    private static String escapeAttr(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;").replace("\"", "&quot;");
    }
}
