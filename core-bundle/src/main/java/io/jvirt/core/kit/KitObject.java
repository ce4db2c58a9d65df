package io.jvirt.core.kit;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every stateful object of a driver host has, whatever it is (a domain, and next a network or
 * a storage pool, as libvirt's virDomainObj, virNetworkObj and virStoragePoolObj share virObject's
 * lockable base): a UUID that never changes, a name, one job at a time ({@link ObjectRegistry#job})
 * and whether it has left its registry. The object's own fields are the subclass's.
 *
 * @since 1.1.0
 */
public abstract class KitObject {

    private final UUID uuid;
    private final ReentrantLock jobLock = new ReentrantLock();
    private volatile String jobOwner;
    private volatile boolean removed;

    protected KitObject(UUID uuid) {
        this.uuid = uuid;
    }

    public final UUID uuid() {
        return uuid;
    }

    /** The object's current name (an object may be renamed, its UUID never changes). */
    public abstract String name();

    /** Whether the object has left its registry (undefined, or transient and stopped). */
    public final boolean isRemoved() {
        return removed;
    }

    final void markRemoved() {
        removed = true;
    }

    final boolean tryBeginJob(String owner, long timeoutMillis) throws InterruptedException {
        if (jobLock.tryLock(timeoutMillis, TimeUnit.MILLISECONDS)) {
            jobOwner = owner;
            return true;
        }
        return false;
    }

    /** Takes the job of an object no other thread can reach yet (just made, not yet indexed). */
    final void beginNewJob(String owner) {
        if (!jobLock.tryLock()) {
            throw new IllegalStateException("the job of a new object is taken");
        }
        jobOwner = owner;
    }

    final void endJob() {
        jobOwner = null;
        jobLock.unlock();
    }

    final String jobOwner() {
        return jobOwner;
    }

    /** Whether the calling thread holds this object's job (a nested job would be a driver bug). */
    final boolean jobHeldByCurrentThread() {
        return jobLock.isHeldByCurrentThread();
    }
}
