package io.jvirt.core.kit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;

/**
 * The domains of one stateful driver host (libvirt's {@code virDomainObjList}): the name and UUID
 * indexes, their uniqueness across persistent and transient domains and the per-object jobs of
 * every {@link ObjectRegistry} (which networks and storage pools use as they are), plus what only
 * domains have: ids for running domains, virsh's list order and libvirt's listing filters.
 *
 * <p>Locking: changes to the indexes take the registry's monitor for a few map operations only;
 * no registry lock is held while a driver works on a domain. Operations on one domain are serialized
 * by its job ({@link #job}), with a bounded wait; operations on different domains run in parallel.
 * Lookups and listings take no lock at all. A driver must not wait for a job while it holds
 * another domain's job unless it always takes them in one order (libvirt's rule too); a nested job
 * on the same domain is refused at once rather than left to time out.
 *
 * <p>Errors: OPERATION_FAILED for a name or UUID already taken ({@link #addOrFind}),
 * OPERATION_INVALID for a rename to a taken name, NO_DOMAIN for lookups that find nothing,
 * OPERATION_TIMEOUT when a job cannot be had in time, INTERNAL_ERROR for an id already in use or a
 * nested job.
 *
 * @param <T> the driver's per-domain runtime data
 */
public final class DomainRegistry<T> extends ObjectRegistry<DomainObject<T>> {

    /** Default bound on the wait for a domain's job, as libvirt's 30 s job wait. */
    public static final long DEFAULT_JOB_TIMEOUT_MS = 30_000;

    private final Map<Integer, DomainObject<T>> byId = new ConcurrentHashMap<>();
    private int nextId = 1;
    /** The last listing's order, reused while it is still right (see {@link #ordered()}). */
    private volatile ListOrder<T> order;

    public DomainRegistry() {
        this(DEFAULT_JOB_TIMEOUT_MS);
    }

    /** @param jobTimeoutMillis how long {@link #job} waits for a busy domain before OPERATION_TIMEOUT */
    public DomainRegistry(long jobTimeoutMillis) {
        super(Kind.DOMAIN, jobTimeoutMillis);
    }

    /**
     * What {@link #place} did: the domain, and whether this very call added it (a define decides
     * ADDED or UPDATED, and what a failure must roll back, from this, never from the registry's
     * size, which concurrent defines of other names change).
     *
     * @since 1.0.0
     */
    public record Placement<T>(DomainObject<T> domain, boolean added) {
    }

    /**
     * Adds a new domain or finds the existing one for {@code def}, as libvirt's
     * {@code virDomainObjListAdd}: the same UUID with another name, or the same name with another
     * UUID, is refused with OPERATION_FAILED.
     *
     * @param runtime makes the driver's runtime data of a new domain; called under the registry's
     *                monitor, so it must be cheap and must not call the hypervisor
     * @return the existing domain with this name and UUID, or a new inactive one holding {@code def}
     */
    public synchronized DomainObject<T> addOrFind(DomainDef def, boolean persistent, java.util.function.Supplier<T> runtime) {
        return place(def, persistent, runtime).domain();
    }

    /** {@link #addOrFind}, saying whether the domain was added by this call. */
    public synchronized Placement<T> place(DomainDef def, boolean persistent, java.util.function.Supplier<T> runtime) {
        return place(def, persistent, runtime, null);
    }

    /** {@link #place}; a domain it adds holds a job for {@code jobOwner} (when not null) before it is indexed. */
    private Placement<T> place(DomainDef def, boolean persistent, java.util.function.Supplier<T> runtime,
                               String jobOwner) {
        Placed<DomainObject<T>> p = placeObject(def.name(), def.uuid(), () -> {
            DomainObject<T> dom = new DomainObject<>(def, persistent);
            dom.setRuntime(runtime.get());
            return dom;
        }, jobOwner);
        return new Placement<>(p.object(), p.added());
    }

    /**
     * The work of a job that may have added its domain ({@link #placeInJob}).
     *
     * @since 1.1.0
     */
    @FunctionalInterface
    public interface PlacedWork<T, R> {
        /**
         * @param added whether this very call added the domain: a failure then removes it again,
         *              inside the job, before anyone else can take the domain's job
         */
        R apply(DomainObject<T> domain, boolean added);
    }

    /**
     * {@link #place} and a job on the domain, as one step (libvirt's {@code virDomainObjListAdd}
     * returning the new object already locked): a domain this call adds holds its job from the
     * moment it becomes visible, so no other caller can take it in between; when {@code work} fails
     * on a domain this call added, the domain leaves the registry before its job ends (the
     * rollback of a failed define or createXml runs inside the job, so a concurrent define of the
     * same name waiting for that job can never see a half-made domain nor lose its own). A found
     * domain is waited for as {@link #job} does; if it was removed while this call waited (the
     * rollback of another call), the placement is tried again.
     *
     * @since 1.1.0
     */
    public <R> R placeInJob(DomainDef def, boolean persistent, java.util.function.Supplier<T> runtime, String what,
                            PlacedWork<T, R> work) {
        return placeObjectInJob(def.name(), def.uuid(), () -> {
            DomainObject<T> dom = new DomainObject<>(def, persistent);
            dom.setRuntime(runtime.get());
            return dom;
        }, what, work::apply);
    }

    /** Removes a domain from every index, its id too; its jobs still running see {@link DomainObject#isRemoved()}. */
    @Override
    public synchronized void remove(DomainObject<T> dom) {
        if (dom.id() >= 0) {
            byId.remove(dom.id(), dom);
        }
        super.remove(dom);
    }

    /** Gives a domain that starts running the next free id (ids only grow, as in libvirt). */
    public synchronized int assignId(DomainObject<T> dom) {
        if (dom.id() >= 0) {
            return dom.id();
        }
        int id = nextId++;
        dom.setId(id);
        byId.put(id, dom);
        return id;
    }

    /**
     * Gives a domain a known id (a domain found running after a restart, from its status file);
     * later ids start above it.
     *
     * @throws VirtException INTERNAL_ERROR when another domain has the id, or the id is negative
     */
    public synchronized void assignId(DomainObject<T> dom, int id) {
        if (id < 0) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN, "invalid domain id " + id);
        }
        DomainObject<T> holder = byId.get(id);
        if (holder == dom) {
            return;
        }
        if (holder != null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN, "domain id " + id + " is in use");
        }
        if (dom.id() >= 0) {
            // without this the old id would stay in the index, pointing at a domain that no longer has it
            byId.remove(dom.id(), dom);
        }
        dom.setId(id);
        byId.put(id, dom);
        nextId = Math.max(nextId, id + 1);
    }

    /** Takes the id of a domain that stopped. */
    public synchronized void releaseId(DomainObject<T> dom) {
        if (dom.id() >= 0) {
            byId.remove(dom.id(), dom);
            dom.setId(-1);
        }
    }

    public DomainObject<T> findById(int id) {
        return byId.get(id);
    }

    /** @throws VirtException NO_DOMAIN "no domain with matching id N" */
    public DomainObject<T> getById(int id) {
        DomainObject<T> d = byId.get(id);
        if (d == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN, ErrorDomain.DOMAIN, "no domain with matching id " + id);
        }
        return d;
    }

    public int countActive() {
        return byId.size();
    }

    public int countInactive() {
        // counted, not subtracted: the two maps are read at different moments, the difference could
        // even be negative while a domain starts
        int n = 0;
        for (DomainObject<T> d : objects()) {
            if (!d.isActive()) {
                n++;
            }
        }
        return n;
    }

    /** Every domain, running ones first by id, then the others by name (virsh's list order). */
    public List<DomainObject<T>> all() {
        return list(0);
    }

    /**
     * The domains that pass libvirt's listing filter {@code flags} (a {@link io.jvirt.api.ListFilter}
     * bit set): the one {@link DomainListFilter} every driver uses.
     */
    public List<DomainObject<T>> list(int flags) {
        DomainListFilter.Facts<DomainObject<T>> f = withSnapshots;
        return DomainListFilter.of(flags).select(ordered(), f != null ? f : facts());
    }

    /** The listing's facts with the driver's snapshot rule; null: no domain has snapshots. */
    private volatile DomainListFilter.Facts<DomainObject<T>> withSnapshots;

    /**
     * How the listing's HAS_SNAPSHOT / NO_SNAPSHOT filters (virsh list --with-snapshot) learn
     * whether a domain has snapshots: from its runtime, as the driver keeps them. Without it no
     * domain has any.
     *
     * @since 1.8.0
     */
    public void snapshotsBy(java.util.function.Predicate<T> hasSnapshots) {
        withSnapshots = DomainListFilter.facts(DomainObject::isActive, DomainObject::isPersistent, d -> d.state().state(),
            DomainObject::hasManagedSave, DomainObject::autostart, d -> d.runtime() != null && hasSnapshots.test(d.runtime()));
    }

    /** What the shared listing filter reads of a registered domain (without a driver's snapshot rule: none). */
    private static final DomainListFilter.Facts<DomainObject<?>> FACTS = DomainListFilter.facts(DomainObject::isActive,
        DomainObject::isPersistent, d -> d.state().state(), DomainObject::hasManagedSave, DomainObject::autostart,
        d -> false);

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> DomainListFilter.Facts<DomainObject<T>> facts() {
        return (DomainListFilter.Facts) FACTS;
    }

    /**
     * Every domain in list order: running ones first by id, then the others by name. Sorting was most of a listing's time with thousands of
     * domains (bench, scenario 1), and between two listings the order rarely changes: the last
     * order is reused when no domain came or went since and every domain still has the id and
     * name it was sorted by (an O(n) check); otherwise it is sorted afresh. Lock-free as before:
     * a listing racing a change returns what the maps showed, and only an order taken with an
     * unchanged membership count is remembered.
     */
    private List<DomainObject<T>> ordered() {
        long seen = membership();
        ListOrder<T> o = order;
        if (o != null && o.membership() == seen && o.stillSorted()) {
            return o.domains();
        }
        o = ListOrder.of(seen, objects());
        if (membership() == seen) {
            order = o;
        }
        return o.domains();
    }

    /**
     * A sorted snapshot with the sort keys (id, name) each domain had when it was taken: the keys
     * are read once, before sorting, so the snapshot is sorted by exactly the keys it remembers
     * even if a domain starts or is renamed meanwhile (then {@link #stillSorted} fails next time).
     */
    private record ListOrder<T>(long membership, List<DomainObject<T>> domains, DomainObject<?>[] array, int[] ids, String[] names) {

        private record Keyed<T>(DomainObject<T> dom, int id, String name) {
        }

        static <T> ListOrder<T> of(long membership, Collection<DomainObject<T>> doms) {
            List<Keyed<T>> keyed = new ArrayList<>(doms.size());
            for (DomainObject<T> d : doms) {
                keyed.add(new Keyed<>(d, d.id(), d.name()));
            }
            // the list order, on the remembered keys
            keyed.sort((x, y) -> {
                int c = Integer.compare(x.id() < 0 ? Integer.MAX_VALUE : x.id(), y.id() < 0 ? Integer.MAX_VALUE : y.id());
                return c != 0 ? c : x.name().compareTo(y.name());
            });
            List<DomainObject<T>> sorted = new ArrayList<>(keyed.size());
            DomainObject<?>[] array = new DomainObject<?>[keyed.size()];
            int[] ids = new int[keyed.size()];
            String[] names = new String[keyed.size()];
            for (int i = 0; i < ids.length; i++) {
                sorted.add(keyed.get(i).dom());
                array[i] = keyed.get(i).dom();
                ids[i] = keyed.get(i).id();
                names[i] = keyed.get(i).name();
            }
            return new ListOrder<>(membership, Collections.unmodifiableList(sorted), array, ids, names);
        }

        /** Every domain still has its remembered id and name (the same name string unless renamed). */
        boolean stillSorted() {
            for (int i = 0; i < array.length; i++) {
                DomainObject<?> d = array[i];
                String name = d.name();
                if (d.id() != ids[i] || name != names[i] && !name.equals(names[i])) {
                    return false;
                }
            }
            return true;
        }
    }
}
