package io.jvirt.driver.remote;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.StoragePoolEvent;
import io.jvirt.api.StoragePoolEventType;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.api.StoragePoolState;
import io.jvirt.api.StorageVolInfo;
import io.jvirt.api.StorageVolType;
import io.jvirt.core.kit.rpc.RpcClient;
import io.jvirt.core.kit.rpc.XdrStruct;
import io.jvirt.core.spi.StoragePoolRef;
import io.jvirt.core.spi.StorageVolRef;

/**
 * The storage half of libvirt's remote driver table (remote_driver.c's storage driver): pools and
 * volumes, each entry point one procedure of remote_protocol.x, and pool events (lifecycle and
 * refresh) registered on the far side and delivered by callback id.
 */
abstract class RemoteStorage extends RemoteNetworks {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteStorage.class);
    /** VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE and _REFRESH. */
    private static final int POOL_EVENT_LIFECYCLE = 0;
    private static final int POOL_EVENT_REFRESH = 1;

    private final RemoteCallbacks<StoragePoolEvent> poolCallbacks = callbacks(
        "CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY", "CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY", "pool");

    RemoteStorage(RpcClient client, String uri, boolean eventCallbacks) {
        super(client, uri, eventCallbacks);
        client.onEvent(client.procedure("STORAGE_POOL_EVENT_LIFECYCLE"), this::poolLifecycle);
        client.onEvent(client.procedure("STORAGE_POOL_EVENT_REFRESH"), this::poolRefresh);
    }

    static XdrStruct wire(StoragePoolRef p) {
        return XdrStruct.of("nonnull_storage_pool", "name", p.name(), "uuid", p.uuid());
    }

    static XdrStruct wire(StorageVolRef v) {
        return XdrStruct.of("nonnull_storage_vol", "pool", v.pool(), "name", v.name(), "key", v.key());
    }

    private static StoragePoolRef pool(XdrStruct p) {
        return new StoragePoolRef(p.getString("name"), p.getUuid("uuid"));
    }

    private static StorageVolRef vol(XdrStruct v) {
        return new StorageVolRef(v.getString("pool"), v.getString("name"), v.getString("key"));
    }

    private StoragePoolRef poolCall(String procedure, Object... namesAndValues) {
        return pool(call(procedure, namesAndValues).getStruct("pool"));
    }

    private StorageVolRef volCall(String procedure, Object... namesAndValues) {
        return vol(call(procedure, namesAndValues).getStruct("vol"));
    }

    // ---- pools ----

    @Override
    public List<StoragePoolRef> listAllStoragePools(int flags) {
        List<StoragePoolRef> out = new ArrayList<>();
        for (Object p : call("CONNECT_LIST_ALL_STORAGE_POOLS", "need_results", 1, "flags", flags).getList("pools")) {
            out.add(pool((XdrStruct) p));
        }
        return out;
    }

    @Override
    public int numOfStoragePools() {
        return call("CONNECT_NUM_OF_STORAGE_POOLS").getInt("num");
    }

    @Override
    public int numOfDefinedStoragePools() {
        return call("CONNECT_NUM_OF_DEFINED_STORAGE_POOLS").getInt("num");
    }

    @Override
    public StoragePoolRef storagePoolLookupByName(String name) {
        return poolCall("STORAGE_POOL_LOOKUP_BY_NAME", "name", name);
    }

    @Override
    public StoragePoolRef storagePoolLookupByUuid(UUID uuid) {
        return poolCall("STORAGE_POOL_LOOKUP_BY_UUID", "uuid", uuid);
    }

    @Override
    public StoragePoolRef storagePoolLookupByVolume(StorageVolRef vol) {
        return poolCall("STORAGE_POOL_LOOKUP_BY_VOLUME", "vol", wire(vol));
    }

    @Override
    public StoragePoolRef storagePoolLookupByTargetPath(String path) {
        return poolCall("STORAGE_POOL_LOOKUP_BY_TARGET_PATH", "path", path);
    }

    @Override
    public StoragePoolRef storagePoolDefineXml(String xml, int flags) {
        return poolCall("STORAGE_POOL_DEFINE_XML", "xml", xml, "flags", flags);
    }

    @Override
    public StoragePoolRef storagePoolCreateXml(String xml, int flags) {
        return poolCall("STORAGE_POOL_CREATE_XML", "xml", xml, "flags", flags);
    }

    @Override
    public String findStoragePoolSources(String type, String srcSpec, int flags) {
        return call("CONNECT_FIND_STORAGE_POOL_SOURCES", "type", type, "srcSpec", srcSpec, "flags", flags).getString("xml");
    }

    @Override
    public String storagePoolCapabilities(int flags) {
        return call("CONNECT_GET_STORAGE_POOL_CAPABILITIES", "flags", flags).getString("capabilities");
    }

    @Override
    public boolean storagePoolIsActive(StoragePoolRef pool) {
        return call("STORAGE_POOL_IS_ACTIVE", "pool", wire(pool)).getInt("active") != 0;
    }

    @Override
    public boolean storagePoolIsPersistent(StoragePoolRef pool) {
        return call("STORAGE_POOL_IS_PERSISTENT", "pool", wire(pool)).getInt("persistent") != 0;
    }

    @Override
    public StoragePoolInfo storagePoolInfo(StoragePoolRef pool) {
        XdrStruct r = call("STORAGE_POOL_GET_INFO", "pool", wire(pool));
        return new StoragePoolInfo(StoragePoolState.ofNumber(r.getInt("state")), r.getLong("capacity"), r.getLong("allocation"),
            r.getLong("available"));
    }

    @Override
    public String storagePoolXmlDesc(StoragePoolRef pool, int flags) {
        return call("STORAGE_POOL_GET_XML_DESC", "pool", wire(pool), "flags", flags).getString("xml");
    }

    @Override
    public void storagePoolBuild(StoragePoolRef pool, int flags) {
        call("STORAGE_POOL_BUILD", "pool", wire(pool), "flags", flags);
    }

    @Override
    public void storagePoolCreate(StoragePoolRef pool, int flags) {
        call("STORAGE_POOL_CREATE", "pool", wire(pool), "flags", flags);
    }

    @Override
    public void storagePoolDestroy(StoragePoolRef pool) {
        call("STORAGE_POOL_DESTROY", "pool", wire(pool));
    }

    @Override
    public void storagePoolDelete(StoragePoolRef pool, int flags) {
        call("STORAGE_POOL_DELETE", "pool", wire(pool), "flags", flags);
    }

    @Override
    public void storagePoolUndefine(StoragePoolRef pool) {
        call("STORAGE_POOL_UNDEFINE", "pool", wire(pool));
    }

    @Override
    public void storagePoolRefresh(StoragePoolRef pool, int flags) {
        call("STORAGE_POOL_REFRESH", "pool", wire(pool), "flags", flags);
    }

    @Override
    public boolean storagePoolAutostart(StoragePoolRef pool) {
        return call("STORAGE_POOL_GET_AUTOSTART", "pool", wire(pool)).getInt("autostart") != 0;
    }

    @Override
    public void storagePoolSetAutostart(StoragePoolRef pool, boolean autostart) {
        call("STORAGE_POOL_SET_AUTOSTART", "pool", wire(pool), "autostart", autostart ? 1 : 0);
    }

    @Override
    public int storagePoolNumOfVolumes(StoragePoolRef pool) {
        return call("STORAGE_POOL_NUM_OF_VOLUMES", "pool", wire(pool)).getInt("num");
    }

    @Override
    public List<StorageVolRef> storagePoolListAllVolumes(StoragePoolRef pool, int flags) {
        List<StorageVolRef> out = new ArrayList<>();
        for (Object v : call("STORAGE_POOL_LIST_ALL_VOLUMES", "pool", wire(pool), "need_results", 1, "flags", flags)
                .getList("vols")) {
            out.add(vol((XdrStruct) v));
        }
        return out;
    }

    // ---- volumes ----

    @Override
    public StorageVolRef storageVolLookupByName(StoragePoolRef pool, String name) {
        return volCall("STORAGE_VOL_LOOKUP_BY_NAME", "pool", wire(pool), "name", name);
    }

    @Override
    public StorageVolRef storageVolLookupByKey(String key) {
        return volCall("STORAGE_VOL_LOOKUP_BY_KEY", "key", key);
    }

    @Override
    public StorageVolRef storageVolLookupByPath(String path) {
        return volCall("STORAGE_VOL_LOOKUP_BY_PATH", "path", path);
    }

    @Override
    public StorageVolRef storageVolCreateXml(StoragePoolRef pool, String xml, int flags) {
        return volCall("STORAGE_VOL_CREATE_XML", "pool", wire(pool), "xml", xml, "flags", flags);
    }

    @Override
    public StorageVolRef storageVolCreateXmlFrom(StoragePoolRef pool, String xml, StorageVolRef source, int flags) {
        return volCall("STORAGE_VOL_CREATE_XML_FROM", "pool", wire(pool), "xml", xml, "clonevol", wire(source), "flags", flags);
    }

    @Override
    public void storageVolDelete(StorageVolRef vol, int flags) {
        call("STORAGE_VOL_DELETE", "vol", wire(vol), "flags", flags);
    }

    /** virStorageVolWipe (165) for the ZERO algorithm, virStorageVolWipePattern (259) for the others. */
    @Override
    public void storageVolWipe(StorageVolRef vol, int algorithm, int flags) {
        if (algorithm == 0) {
            call("STORAGE_VOL_WIPE", "vol", wire(vol), "flags", flags);
        } else {
            call("STORAGE_VOL_WIPE_PATTERN", "vol", wire(vol), "algorithm", algorithm, "flags", flags);
        }
    }

    @Override
    public void storageVolResize(StorageVolRef vol, long capacity, int flags) {
        call("STORAGE_VOL_RESIZE", "vol", wire(vol), "capacity", capacity, "flags", flags);
    }

    /** virStorageVolGetInfo (98); with flags, virStorageVolGetInfoFlags (378). */
    @Override
    public StorageVolInfo storageVolInfo(StorageVolRef vol, int flags) {
        XdrStruct r = flags == 0 ? call("STORAGE_VOL_GET_INFO", "vol", wire(vol))
            : call("STORAGE_VOL_GET_INFO_FLAGS", "vol", wire(vol), "flags", flags);
        StorageVolType[] types = StorageVolType.values();
        int type = r.getInt("type");
        if (type < 0 || type >= types.length) {
            throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.RPC, io.jvirt.api.ErrorDomain.RPC,
                "unknown storage volume type " + type + " from " + uri);
        }
        return new StorageVolInfo(types[type], r.getLong("capacity"), r.getLong("allocation"));
    }

    @Override
    public String storageVolXmlDesc(StorageVolRef vol, int flags) {
        return call("STORAGE_VOL_GET_XML_DESC", "vol", wire(vol), "flags", flags).getString("xml");
    }

    @Override
    public String storageVolPath(StorageVolRef vol) {
        return call("STORAGE_VOL_GET_PATH", "vol", wire(vol)).getString("name");
    }

    // ---- streams ----

    /** VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM and VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM. */
    private static final int SPARSE_STREAM = 1;

    /**
     * virStorageVolDownload: the call (209) opens the stream; its bytes come as the server sends them
     * (holes of a sparse stream read as zeros), and the end is libvirt's finish handshake.
     */
    @Override
    public InputStream storageVolDownload(StorageVolRef vol, long offset, long length, int flags) {
        return client.openStream("STORAGE_VOL_DOWNLOAD", XdrStruct.of("storage_vol_download_args", "vol", wire(vol),
            "offset", offset, "length", length, "flags", flags), (flags & SPARSE_STREAM) != 0).input();
    }

    /** virStorageVolUpload: the call (208) opens the stream; closing the returned stream finishes it. */
    @Override
    public OutputStream storageVolUpload(StorageVolRef vol, long offset, long length, int flags) {
        return client.openStream("STORAGE_VOL_UPLOAD", XdrStruct.of("storage_vol_upload_args", "vol", wire(vol),
            "offset", offset, "length", length, "flags", flags), (flags & SPARSE_STREAM) != 0).output();
    }

    // ---- events ----

    /** Lifecycle and refresh callbacks for every pool on the far side; closing deregisters both. */
    @Override
    public AutoCloseable subscribeStoragePoolEvents(Consumer<StoragePoolEvent> sink) {
        return register(poolCallbacks, "virConnectStoragePoolEventRegisterAny", sink, POOL_EVENT_LIFECYCLE, POOL_EVENT_REFRESH);
    }

    private void poolLifecycle(XdrStruct m) {
        XdrStruct p = m.getStruct("pool");
        int type = m.getInt("event");
        StoragePoolEventType[] types = StoragePoolEventType.values();
        if (type < 0 || type >= types.length || !types[type].isLifecycle()) {
            LOG.debug("pool event of unknown type {} from {} dropped", type, uri);
            return;
        }
        poolCallbacks.deliver(m.getInt("callbackID"),
            new StoragePoolEvent(p.getString("name"), p.getUuid("uuid"), types[type], m.getInt("detail")));
    }

    private void poolRefresh(XdrStruct m) {
        XdrStruct p = m.getStruct("pool");
        poolCallbacks.deliver(m.getInt("callbackID"),
            new StoragePoolEvent(p.getString("name"), p.getUuid("uuid"), StoragePoolEventType.REFRESH, 0));
    }
}
