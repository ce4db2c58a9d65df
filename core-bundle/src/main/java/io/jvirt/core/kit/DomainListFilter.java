package io.jvirt.core.kit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import io.jvirt.api.DomainState;
import io.jvirt.api.ListFilter;

/**
 * libvirt's listing filter ({@code virDomainObjListFilter}, and the same groups every driver of
 * its own applies in {@code xxxConnectListAllDomains}), written once for every jvirt driver: the
 * registry of the stateful drivers ({@link DomainRegistry#list}) and the inventories of the remote
 * ones ({@code io.jvirt.core.kit.remote.DomainInventory}) both filter through it.
 *
 * <p>The flags form six groups: active/inactive, persistent/transient, the four states
 * (running, paused, shut off, other), managed save or not, autostart or not, snapshot or not.
 * Groups combine with AND, the flags of one group with OR; a group with none of its flags, or with
 * all of them, selects everything. A fact is read only when its group asks for it, so a remote
 * driver pays for an expensive fact (autostart: one more call to the server) only when the caller
 * filters on it ({@link #asks}).
 *
 * <p>The flags are not checked here: a driver checks them first, with its own function name
 * ({@code DriverConnection.checkFlags(flags, domain, "xxxConnectListAllDomains", ListFilter.values())}).
 *
 * @since 1.1.0
 */
public final class DomainListFilter {

    /** The facts of one domain the filter may ask for, read only when a group needs them. */
    public interface Facts<D> {
        boolean isActive(D domain);

        boolean isPersistent(D domain);

        DomainState state(D domain);

        boolean hasManagedSave(D domain);

        boolean autostart(D domain);

        boolean hasSnapshot(D domain);
    }

    /** Facts from one reader per fact. */
    public static <D> Facts<D> facts(Predicate<D> active, Predicate<D> persistent, Function<D, DomainState> state,
                                     Predicate<D> managedSave, Predicate<D> autostart, Predicate<D> snapshot) {
        return new Facts<>() {
            @Override
            public boolean isActive(D d) {
                return active.test(d);
            }

            @Override
            public boolean isPersistent(D d) {
                return persistent.test(d);
            }

            @Override
            public DomainState state(D d) {
                return state.apply(d);
            }

            @Override
            public boolean hasManagedSave(D d) {
                return managedSave.test(d);
            }

            @Override
            public boolean autostart(D d) {
                return autostart.test(d);
            }

            @Override
            public boolean hasSnapshot(D d) {
                return snapshot.test(d);
            }
        };
    }

    /** The groups, each as (the flag for "yes", the flag for "no"). */
    private static final int ACTIVE = ListFilter.ACTIVE.bit() | ListFilter.INACTIVE.bit();
    private static final int PERSISTENT = ListFilter.PERSISTENT.bit() | ListFilter.TRANSIENT.bit();
    private static final int STATE = ListFilter.RUNNING.bit() | ListFilter.PAUSED.bit() | ListFilter.SHUTOFF.bit()
        | ListFilter.OTHER.bit();
    private static final int MANAGEDSAVE = ListFilter.MANAGEDSAVE.bit() | ListFilter.NO_MANAGEDSAVE.bit();
    private static final int AUTOSTART = ListFilter.AUTOSTART.bit() | ListFilter.NO_AUTOSTART.bit();
    private static final int SNAPSHOT = ListFilter.HAS_SNAPSHOT.bit() | ListFilter.NO_SNAPSHOT.bit();

    private final int flags;
    /** The bits of the groups that select something (neither none nor all of their flags). */
    private final int effective;

    private DomainListFilter(int flags) {
        this.flags = flags;
        int e = 0;
        for (int group : new int[] {ACTIVE, PERSISTENT, STATE, MANAGEDSAVE, AUTOSTART, SNAPSHOT}) {
            int set = flags & group;
            if (set != 0 && set != group) {
                e |= set;
            }
        }
        this.effective = e;
    }

    /** The filter of {@code flags}, a {@link ListFilter} bit set (0: every domain). */
    public static DomainListFilter of(int flags) {
        return new DomainListFilter(flags);
    }

    public int flags() {
        return flags;
    }

    /** Whether the filter selects on {@code f}'s group, i.e. reads that fact of each domain. */
    public boolean asks(ListFilter f) {
        return (effective & groupOf(f.bit())) != 0;
    }

    /** Whether {@code domain} passes. */
    public <D> boolean test(D domain, Facts<D> facts) {
        int e = effective;
        if (e == 0) {
            return true;
        }
        if ((e & ACTIVE) != 0 && !pick(e, ListFilter.ACTIVE, ListFilter.INACTIVE, facts.isActive(domain))) {
            return false;
        }
        if ((e & PERSISTENT) != 0 && !pick(e, ListFilter.PERSISTENT, ListFilter.TRANSIENT, facts.isPersistent(domain))) {
            return false;
        }
        if ((e & STATE) != 0 && (e & stateBit(facts.state(domain))) == 0) {
            return false;
        }
        if ((e & MANAGEDSAVE) != 0
            && !pick(e, ListFilter.MANAGEDSAVE, ListFilter.NO_MANAGEDSAVE, facts.hasManagedSave(domain))) {
            return false;
        }
        if ((e & AUTOSTART) != 0 && !pick(e, ListFilter.AUTOSTART, ListFilter.NO_AUTOSTART, facts.autostart(domain))) {
            return false;
        }
        return (e & SNAPSHOT) == 0 || pick(e, ListFilter.HAS_SNAPSHOT, ListFilter.NO_SNAPSHOT, facts.hasSnapshot(domain));
    }

    /** The domains of {@code all} that pass, in their order. */
    public <D> List<D> select(Iterable<D> all, Facts<D> facts) {
        List<D> out = new ArrayList<>();
        for (D d : all) {
            if (test(d, facts)) {
                out.add(d);
            }
        }
        return out;
    }

    /** The state group's flag a domain in {@code s} answers to: libvirt's OTHER is every other state. */
    private static int stateBit(DomainState s) {
        return switch (s) {
            case RUNNING -> ListFilter.RUNNING.bit();
            case PAUSED -> ListFilter.PAUSED.bit();
            case SHUTOFF -> ListFilter.SHUTOFF.bit();
            default -> ListFilter.OTHER.bit();
        };
    }

    /** One of a group's two flags is set (never both: then the group selects nothing). */
    private static boolean pick(int effective, ListFilter yes, ListFilter no, boolean fact) {
        return fact ? (effective & yes.bit()) != 0 : (effective & no.bit()) != 0;
    }

    private static int groupOf(int bit) {
        for (int group : new int[] {ACTIVE, PERSISTENT, STATE, MANAGEDSAVE, AUTOSTART, SNAPSHOT}) {
            if ((group & bit) != 0) {
                return group;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return "DomainListFilter[0x" + Integer.toHexString(flags) + "]";
    }
}
