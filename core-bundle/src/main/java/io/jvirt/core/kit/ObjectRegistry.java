package io.jvirt.core.kit;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The stateful objects of one kind that one driver host keeps (libvirt's virDomainObjList,
 * virNetworkObjList, virStoragePoolObjList, which all index by name and UUID): uniqueness of
 * names and UUIDs, lookups with libvirt's "no OBJECT with matching ..." errors, and one job per
 * object at a time with a bounded wait. {@link DomainRegistry} adds what only domains have (ids,
 * the listing order and filters); a network or storage pool driver uses this class as it is.
 *
 * <p>Locking: index changes take the registry's monitor for a few map operations; lookups take no
 * lock; work on one object is serialized by its job, with {@link #jobTimeoutMillis()} as the bound;
 * a nested job of the same object on the same thread is refused at once.
 *
 * @param <O> the kind of object
 * @since 1.1.0
 */
public class ObjectRegistry<O extends KitObject> {

    /** What a registry holds, for libvirt's words: "domain" / ErrorDomain.DOMAIN / NO_DOMAIN, "network" / NETWORK / NO_NETWORK. */
    public record Kind(String noun, ErrorDomain errorDomain, ErrorCode noSuchObject) {
        public static final Kind DOMAIN = new Kind("domain", ErrorDomain.DOMAIN, ErrorCode.NO_DOMAIN);
        public static final Kind NETWORK = new Kind("network", ErrorDomain.NETWORK, ErrorCode.NO_NETWORK);
        public static final Kind STORAGE_POOL = new Kind("storage pool", ErrorDomain.STORAGE, ErrorCode.NO_STORAGE_POOL);
    }

    /** What {@link #placeObject} did: the object, and whether this very call added it. */
    public record Placed<O>(O object, boolean added) {
    }

    /** The work of a job whose object the same call may have added ({@link #placeObjectInJob}). */
    @FunctionalInterface
    public interface Work<O, R> {
        /** @param added whether this call added the object: a failure then removes it again, inside the job */
        R apply(O object, boolean added);
    }

    private final Map<UUID, O> byUuid = new ConcurrentHashMap<>();
    private final Map<String, O> byName = new ConcurrentHashMap<>();
    private final long jobTimeoutMillis;
    private final Kind kind;
    /** Bumped (under the monitor, after the maps changed) whenever an object comes or goes. */
    private volatile long membership;

    /** @param jobTimeoutMillis how long {@link #job} waits for a busy object before OPERATION_TIMEOUT */
    public ObjectRegistry(Kind kind, long jobTimeoutMillis) {
        if (jobTimeoutMillis < 0) {
            throw new IllegalArgumentException("negative job timeout");
        }
        this.kind = kind;
        this.jobTimeoutMillis = jobTimeoutMillis;
    }

    public final Kind kind() {
        return kind;
    }

    public final long jobTimeoutMillis() {
        return jobTimeoutMillis;
    }

    /**
     * Adds a new object or finds the existing one with this name and UUID (libvirt's
     * virDomainObjListAdd / virNetworkObjAssignDef): the same UUID under another name, or the same
     * name with another UUID, is refused with OPERATION_FAILED.
     *
     * @param make     makes the new object; called under the registry's monitor, so it must be cheap
     * @param jobOwner when not null, an object this call adds holds a job for it before it is indexed
     */
    protected final synchronized Placed<O> placeObject(String name, UUID uuid, Supplier<O> make, String jobOwner) {
        if (name == null || uuid == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, kind.errorDomain(), kind.noun() + " definition without name or uuid");
        }
        O existing = byUuid.get(uuid);
        if (existing != null) {
            if (!existing.name().equals(name)) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, kind.errorDomain(),
                    kind.noun() + " '" + existing.name() + "' is already defined with uuid " + uuid);
            }
            return new Placed<>(existing, false);
        }
        existing = byName.get(name);
        if (existing != null) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, kind.errorDomain(),
                kind.noun() + " '" + name + "' already exists with uuid " + existing.uuid());
        }
        O object = make.get();
        if (jobOwner != null) {
            // before the maps: a lock-free lookup must not find the object with its job free
            object.beginNewJob(jobOwner);
        }
        byUuid.put(uuid, object);
        byName.put(name, object);
        membership++;
        return new Placed<>(object, true);
    }

    /** {@link #placeObject} without a job. */
    public final Placed<O> placeObject(String name, UUID uuid, Supplier<O> make) {
        return placeObject(name, uuid, make, null);
    }

    /**
     * {@link #placeObject} and a job on the object as one step: an object this call adds holds its
     * job from the moment it becomes visible, and when {@code work} fails on it, it leaves the
     * registry before its job ends; a found object is waited for as {@link #job} does, and placed
     * again if it was removed meanwhile.
     */
    public final <R> R placeObjectInJob(String name, UUID uuid, Supplier<O> make, String what, Work<O, R> work) {
        while (true) {
            Placed<O> p = placeObject(name, uuid, make, what);
            O object = p.object();
            if (p.added()) {
                try {
                    return work.apply(object, true);
                } catch (RuntimeException | Error e) {
                    remove(object);
                    throw e;
                } finally {
                    object.endJob();
                }
            }
            acquire(object, what);
            try {
                if (!object.isRemoved()) {
                    return work.apply(object, false);
                }
            } finally {
                object.endJob();
            }
        }
    }

    /** Removes an object from every index; its jobs still running see {@link KitObject#isRemoved()}. */
    public synchronized void remove(O object) {
        byUuid.remove(object.uuid(), object);
        if (!byName.remove(object.name(), object)) {
            // the index was renamed before the definition (or the other way round): find it by identity
            byName.values().removeIf(o -> o == object);
        }
        membership++;
        object.markRemoved();
    }

    /** Renames an object in the index; the caller holds its job and changes its definition. */
    public final synchronized void rename(O object, String oldName, String newName) {
        if (byName.get(oldName) != object) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, kind.errorDomain(),
                kind.noun() + " '" + oldName + "' is not registered under that name");
        }
        if (oldName.equals(newName)) {
            return;
        }
        if (byName.containsKey(newName)) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, kind.errorDomain(),
                kind.noun() + " with name '" + newName + "' already exists");
        }
        byName.remove(oldName, object);
        byName.put(newName, object);
    }

    public final O findByName(String name) {
        return byName.get(name);
    }

    public final O findByUuid(UUID uuid) {
        return byUuid.get(uuid);
    }

    /** @throws VirtException the kind's no-such-object code, "no domain with matching name 'x'" */
    public final O getByName(String name) {
        O o = byName.get(name);
        if (o == null) {
            throw new VirtException(kind.noSuchObject(), kind.errorDomain(),
                "no " + kind.noun() + " with matching name '" + name + "'");
        }
        return o;
    }

    /** @throws VirtException the kind's no-such-object code, "no domain with matching uuid 'x'" */
    public final O getByUuid(UUID uuid) {
        O o = byUuid.get(uuid);
        if (o == null) {
            throw new VirtException(kind.noSuchObject(), kind.errorDomain(),
                "no " + kind.noun() + " with matching uuid '" + uuid + "'");
        }
        return o;
    }

    public final int size() {
        return byUuid.size();
    }

    /** Every object, in no order (a live view: lock-free, as lookups). */
    public final Collection<O> objects() {
        return byUuid.values();
    }

    /** Changes whenever an object comes or goes (for a subclass's cached orders). */
    protected final long membership() {
        return membership;
    }

    /**
     * Runs {@code work} as a job of {@code object}: one job per object at a time, waiting at most
     * the job timeout; the object is checked to still be registered once the job is held.
     *
     * @param what names the job in a timeout error ("virDomainSuspend")
     * @throws VirtException OPERATION_TIMEOUT when another job holds the object too long, the kind's
     *                       no-such-object code when it went away while waiting, OPERATION_ABORTED
     *                       when the waiting thread is interrupted, INTERNAL_ERROR for a nested job
     */
    public final <R> R job(O object, String what, Function<O, R> work) {
        acquire(object, what);
        try {
            if (object.isRemoved()) {
                throw new VirtException(kind.noSuchObject(), kind.errorDomain(),
                    "no " + kind.noun() + " with matching uuid '" + object.uuid() + "' (" + object.name() + ")");
            }
            return work.apply(object);
        } finally {
            object.endJob();
        }
    }

    /** {@link #job} for work with no result. */
    public final void run(O object, String what, java.util.function.Consumer<O> work) {
        job(object, what, o -> {
            work.accept(o);
            return null;
        });
    }

    /** Takes {@code object}'s job, waiting at most the job timeout; the caller ends it. */
    private void acquire(O object, String what) {
        if (object.jobHeldByCurrentThread()) {
            // the lock is reentrant; a nested job would silently share (and then clear) the outer one
            throw new VirtException(ErrorCode.INTERNAL_ERROR, kind.errorDomain(),
                "nested job " + what + " of " + kind.noun() + " '" + object.name() + "' inside " + object.jobOwner());
        }
        boolean acquired;
        try {
            acquired = object.tryBeginJob(what, jobTimeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, kind.errorDomain(),
                "interrupted waiting for a job of " + kind.noun() + " '" + object.name() + "'");
        }
        if (!acquired) {
            throw new VirtException(ErrorCode.OPERATION_TIMEOUT, kind.errorDomain(),
                "cannot acquire state change lock (held by " + object.jobOwner() + ")");
        }
    }
}
