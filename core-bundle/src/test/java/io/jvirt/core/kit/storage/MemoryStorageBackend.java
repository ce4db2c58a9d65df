package io.jvirt.core.kit.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.storage.StoragePoolDef;
import io.jvirt.api.storage.StorageVolDef;

/**
 * A storage backend whose pools are maps of byte arrays: what a pool's operations do, in memory,
 * with calls recorded. A pool is "built" once built, "running" once started; each pool holds 1 MiB.
 */
class MemoryStorageBackend implements StorageBackend {

    static final long POOL_SIZE = 1 << 20;

    final List<String> calls = new ArrayList<>();
    final Set<String> built = ConcurrentHashMap.newKeySet();
    final Set<String> running = ConcurrentHashMap.newKeySet();
    final Map<String, Map<String, byte[]>> data = new ConcurrentHashMap<>();
    final Map<String, Map<String, StorageVolDef>> vols = new ConcurrentHashMap<>();
    volatile boolean failRefresh;

    @Override
    public boolean isRunning(StoragePoolDef def) {
        return running.contains(def.name());
    }

    @Override
    public synchronized void buildPool(StoragePoolDef def, int flags) {
        calls.add("build " + def.name() + " " + flags);
        built.add(def.name());
    }

    @Override
    public synchronized void startPool(StoragePoolDef def) {
        calls.add("start " + def.name());
        if (!built.contains(def.name())) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.STORAGE,
                "cannot open directory '" + def.targetPath() + "': No such file or directory");
        }
        running.add(def.name());
    }

    @Override
    public synchronized void stopPool(StoragePoolDef def) {
        calls.add("stop " + def.name());
        running.remove(def.name());
    }

    @Override
    public synchronized void deletePool(StoragePoolDef def, int flags) {
        calls.add("delete " + def.name());
        built.remove(def.name());
        data.remove(def.name());
        vols.remove(def.name());
    }

    @Override
    public synchronized StoragePoolContents refreshPool(StoragePoolDef def) {
        calls.add("refresh " + def.name());
        if (failRefresh) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.STORAGE, "refresh failed");
        }
        List<StorageVolDef> list = new ArrayList<>(vols(def).values());
        long used = list.stream().mapToLong(StorageVolDef::allocation).sum();
        return new StoragePoolContents(POOL_SIZE, used, POOL_SIZE - used, list);
    }

    private Map<String, StorageVolDef> vols(StoragePoolDef def) {
        return vols.computeIfAbsent(def.name(), k -> new LinkedHashMap<>());
    }

    private Map<String, byte[]> data(StoragePoolDef def) {
        return data.computeIfAbsent(def.name(), k -> new ConcurrentHashMap<>());
    }

    private StorageVolDef made(StoragePoolDef pool, StorageVolDef vol, long capacity) {
        String path = pool.targetPath() + "/" + vol.name();
        StorageVolDef.Target t = new StorageVolDef.Target(path, vol.target().format(), vol.target().permissions(), null,
            vol.target().encryption(), vol.target().compat(), vol.target().nocow(), vol.target().clusterSize(),
            vol.target().features());
        long allocation = vol.hasAllocation() ? Math.min(vol.allocation(), capacity) : capacity;
        return new StorageVolDef(vol.name(), path, vol.type(), capacity, allocation, true, 0, List.of(), t, vol.backingStore());
    }

    @Override
    public synchronized StorageVolDef createVolume(StoragePoolDef pool, StorageVolDef vol, int flags) {
        calls.add("create " + vol.name() + " " + flags);
        StorageVolDef v = made(pool, vol, vol.capacity());
        vols(pool).put(v.name(), v);
        data(pool).put(v.name(), new byte[(int) vol.capacity()]);
        return v;
    }

    @Override
    public synchronized StorageVolDef cloneVolume(StoragePoolDef pool, StorageVolDef vol, StoragePoolDef sourcePool,
                                                  StorageVolDef source, int flags) {
        calls.add("clone " + source.name() + " -> " + vol.name());
        StorageVolDef v = made(pool, vol, vol.capacity());
        byte[] copy = Arrays.copyOf(data(sourcePool).get(source.name()), (int) vol.capacity());
        vols(pool).put(v.name(), v);
        data(pool).put(v.name(), copy);
        return v;
    }

    @Override
    public synchronized void deleteVolume(StoragePoolDef pool, StorageVolDef vol, int flags) {
        calls.add("delete " + vol.name());
        vols(pool).remove(vol.name());
        data(pool).remove(vol.name());
    }

    @Override
    public synchronized StorageVolDef refreshVolume(StoragePoolDef pool, StorageVolDef vol) {
        return vols(pool).get(vol.name());
    }

    @Override
    public synchronized void resizeVolume(StoragePoolDef pool, StorageVolDef vol, long capacity, int flags) {
        calls.add("resize " + vol.name() + " " + capacity + " " + flags);
        data(pool).put(vol.name(), Arrays.copyOf(data(pool).get(vol.name()), (int) capacity));
        StorageVolDef now = made(pool, vol, capacity);
        if ((flags & io.jvirt.api.StorageVolResizeFlag.ALLOCATE.bit()) != 0) {
            now = now.withLive(now.key(), now.type(), capacity, capacity, 0, now.target(), now.backingStore());
        }
        vols(pool).put(vol.name(), now);
    }

    @Override
    public synchronized void wipeVolume(StoragePoolDef pool, StorageVolDef vol, int algorithm, int flags) {
        calls.add("wipe " + vol.name() + " " + algorithm);
        Arrays.fill(data(pool).get(vol.name()), (byte) 0);
    }

    @Override
    public InputStream download(StoragePoolDef pool, StorageVolDef vol, long offset, long length, int flags) {
        byte[] b = data(pool).get(vol.name());
        int end = length == 0 ? b.length : (int) Math.min(b.length, offset + length);
        return new ByteArrayInputStream(b, (int) offset, end - (int) offset);
    }

    @Override
    public OutputStream upload(StoragePoolDef pool, StorageVolDef vol, long offset, long length, int flags) {
        byte[] b = data(pool).get(vol.name());
        return new OutputStream() {
            private int pos = (int) offset;

            @Override
            public void write(int c) throws IOException {
                if (pos >= b.length || length != 0 && pos >= offset + length) {
                    throw new IOException("write beyond the end of the volume");
                }
                b[pos++] = (byte) c;
            }
        };
    }
}
