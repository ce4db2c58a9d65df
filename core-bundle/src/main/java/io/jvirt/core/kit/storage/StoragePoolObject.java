package io.jvirt.core.kit.storage;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.jvirt.api.storage.StoragePoolDef;
import io.jvirt.api.storage.StorageVolDef;
import io.jvirt.core.kit.KitObject;

/**
 * One pool of a {@link StorageHost}, as libvirt's virStoragePoolObj: its definition (with the sizes
 * its last refresh measured), the definition a redefinition of an active pool takes at the next
 * start, whether it is active, persistent and autostarted, and its volumes. Fields change only
 * under the pool's job; readers see a consistent value of each through volatile reads (the volume
 * list is replaced as a whole).
 *
 * @since 1.0.0
 */
public final class StoragePoolObject extends KitObject {

    private volatile StoragePoolDef def;
    private volatile StoragePoolDef nextDef;
    private volatile boolean active;
    private volatile boolean persistent;
    private volatile boolean autostart;
    private volatile List<StorageVolDef> volumes = List.of();
    /** Streams open on a volume and wipes running on it (libvirt's in_use), by volume name. */
    private final Map<String, AtomicInteger> inUse = new ConcurrentHashMap<>();
    /**
     * Volumes being built outside the pool's job (libvirt's building flag with the pool's asyncjobs):
     * their names are taken, the volumes are not listed until they are made.
     */
    private final java.util.Set<String> building = ConcurrentHashMap.newKeySet();

    StoragePoolObject(UUID uuid, StoragePoolDef def) {
        super(uuid);
        this.def = def;
    }

    @Override
    public String name() {
        return def.name();
    }

    /** The definition it runs with while active, else its persistent one. */
    public StoragePoolDef def() {
        return def;
    }

    /** The persistent definition: the one waiting for the next start while active, else {@link #def()}. */
    public StoragePoolDef persistentDef() {
        StoragePoolDef n = nextDef;
        return n != null ? n : def;
    }

    public boolean isActive() {
        return active;
    }

    public boolean isPersistent() {
        return persistent;
    }

    public boolean isAutostart() {
        return autostart;
    }

    /** The volumes its last refresh found (empty while inactive), in the pool's order. */
    public List<StorageVolDef> volumes() {
        return volumes;
    }

    /** The volume of that name, or null. */
    public StorageVolDef volume(String name) {
        for (StorageVolDef v : volumes) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        return null;
    }

    boolean isInUse(String volume) {
        AtomicInteger n = inUse.get(volume);
        return n != null && n.get() > 0;
    }

    void use(String volume) {
        inUse.computeIfAbsent(volume, k -> new AtomicInteger()).incrementAndGet();
    }

    void release(String volume) {
        inUse.computeIfPresent(volume, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    boolean isBuilding(String volume) {
        return building.contains(volume);
    }

    /** Takes the name for a volume build; false when another build has it. */
    boolean startBuilding(String volume) {
        return building.add(volume);
    }

    void endBuilding(String volume) {
        building.remove(volume);
    }

    /** libvirt's asyncjobs: a volume build, a wipe or a stream is running on the pool. */
    boolean hasAsyncJobs() {
        return !building.isEmpty() || !inUse.isEmpty();
    }

    void def(StoragePoolDef d) {
        def = d;
    }

    void nextDef(StoragePoolDef d) {
        nextDef = d;
    }

    StoragePoolDef nextDef() {
        return nextDef;
    }

    void active(boolean a) {
        active = a;
    }

    void persistent(boolean p) {
        persistent = p;
    }

    void autostart(boolean a) {
        autostart = a;
    }

    void volumes(List<StorageVolDef> v) {
        volumes = List.copyOf(v);
    }
}
