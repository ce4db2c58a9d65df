package io.jvirt.core.runtime;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.Flag;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StoragePoolBuildFlag;
import io.jvirt.api.StoragePoolCreateFlag;
import io.jvirt.api.StoragePoolDeleteFlag;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolCreateFlag;
import io.jvirt.api.StorageXmlFlag;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.StoragePoolRef;
import io.jvirt.core.spi.StorageVolRef;

/**
 * A {@link StoragePool} handle: each call goes through its connection's entry-point skeleton,
 * changes through {@link ConnectionImpl#changeRun} (refused on a read-only connection with
 * libvirt's "read only access prevents virStoragePoolX", as libvirt-storage.c's
 * virCheckReadOnlyGoto does).
 */
final class StoragePoolImpl extends ObjectHandle<StoragePoolRef> implements StoragePool {

    StoragePoolImpl(ConnectionImpl conn, StoragePoolRef ref) {
        super(conn, ref);
    }

    @Override
    String kind() {
        return "StoragePool";
    }

    StoragePoolRef ref() {
        return ref;
    }

    private DriverConnection d() {
        return conn.storage();
    }

    @Override
    public boolean isActive() {
        return conn.call(() -> d().storagePoolIsActive(ref));
    }

    @Override
    public boolean isPersistent() {
        return conn.call(() -> d().storagePoolIsPersistent(ref));
    }

    @Override
    public StoragePoolInfo info() {
        return conn.call(() -> d().storagePoolInfo(ref));
    }

    @Override
    public String xmlDesc(StorageXmlFlag... flags) {
        return conn.call(() -> d().storagePoolXmlDesc(ref, Flag.bits(flags)));
    }

    @Override
    public void build(StoragePoolBuildFlag... flags) {
        conn.changeRun("virStoragePoolBuild", () -> d().storagePoolBuild(ref, Flag.bits(flags)));
    }

    @Override
    public void create(StoragePoolCreateFlag... flags) {
        conn.changeRun("virStoragePoolCreate", () -> d().storagePoolCreate(ref, Flag.bits(flags)));
    }

    @Override
    public void destroy() {
        conn.changeRun("virStoragePoolDestroy", () -> d().storagePoolDestroy(ref));
    }

    @Override
    public void delete(StoragePoolDeleteFlag... flags) {
        conn.changeRun("virStoragePoolDelete", () -> d().storagePoolDelete(ref, Flag.bits(flags)));
    }

    @Override
    public void undefine() {
        conn.changeRun("virStoragePoolUndefine", () -> d().storagePoolUndefine(ref));
    }

    @Override
    public void refresh() {
        conn.changeRun("virStoragePoolRefresh", () -> d().storagePoolRefresh(ref, 0));
    }

    @Override
    public boolean autostart() {
        return conn.call(() -> d().storagePoolAutostart(ref));
    }

    @Override
    public void setAutostart(boolean autostart) {
        conn.changeRun("virStoragePoolSetAutostart", () -> d().storagePoolSetAutostart(ref, autostart));
    }

    @Override
    public int numOfVolumes() {
        return conn.call(() -> d().storagePoolNumOfVolumes(ref));
    }

    @Override
    public List<StorageVol> listAllVolumes() {
        List<StorageVolRef> refs = conn.call(() -> d().storagePoolListAllVolumes(ref, 0));
        List<StorageVol> out = new ArrayList<>(refs == null ? 0 : refs.size());
        if (refs != null) {
            for (StorageVolRef r : refs) {
                out.add(conn.wrap(r));
            }
        }
        return out;
    }

    @Override
    public StorageVol lookupVolumeByName(String name) {
        ConnectionImpl.requireArg(name, "name");
        return conn.wrap(conn.call(() -> d().storageVolLookupByName(ref, name)));
    }

    @Override
    public StorageVol createVolumeXml(String xml, StorageVolCreateFlag... flags) {
        ConnectionImpl.requireArg(xml, "xml");
        int bits = Flag.bits(flags);
        return conn.wrap(conn.change("virStorageVolCreateXML", () -> d().storageVolCreateXml(ref, xml, bits)));
    }

    @Override
    public StorageVol createVolumeXmlFrom(String xml, StorageVol source, StorageVolCreateFlag... flags) {
        ConnectionImpl.requireArg(xml, "xml");
        StorageVolRef src = conn.ownVolume(source, "source");
        int bits = Flag.bits(flags);
        return conn.wrap(conn.change("virStorageVolCreateXMLFrom", () -> d().storageVolCreateXmlFrom(ref, xml, src, bits)));
    }
}
