package io.jvirt.core.kit;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.spi.DomainRef;

/**
 * One domain of a stateful driver (libvirt's {@code virDomainObj}): its definitions, state, id and
 * flags, over {@link KitObject}'s identity and job. Fields are changed only by the thread that holds the domain's job
 * ({@link DomainRegistry#job}); readers without the job see a consistent but possibly stale value,
 * which is all a listing needs.
 *
 * @param <T> the driver's own per-domain runtime data (a process, a monitor, ...)
 */
public final class DomainObject<T> extends KitObject {

    private volatile DomainDef def;
    private volatile DomainDef newDef;
    private volatile boolean persistent;
    /** Every new domain's state: one immutable record shared by all of them, not one per domain (issue 27). */
    private static final StateReason INITIAL_STATE = new StateReason(DomainState.SHUTOFF, StateReason.UNKNOWN);

    private volatile StateReason state = INITIAL_STATE;
    private volatile int id = -1;
    private volatile boolean autostart;
    private volatile boolean managedSave;
    private volatile boolean updated;
    private volatile T runtime;

    DomainObject(DomainDef def, boolean persistent) {
        super(def.uuid());
        this.def = def;
        this.persistent = persistent;
    }

    @Override
    public String name() {
        return def.name();
    }

    /** The definition in force: the live one while running, else the persistent one. */
    public DomainDef def() {
        return def;
    }

    public void setDef(DomainDef def) {
        this.def = def;
    }

    /**
     * The persistent definition while the domain runs with a live definition that may differ from it;
     * null when the domain is inactive or transient.
     */
    public DomainDef newDef() {
        return newDef;
    }

    public void setNewDef(DomainDef newDef) {
        this.newDef = newDef;
    }

    /** The persistent definition: {@link #newDef()} if set, else {@link #def()}. */
    public DomainDef persistentDef() {
        DomainDef n = newDef;
        return n != null ? n : def;
    }

    public boolean isPersistent() {
        return persistent;
    }

    public void setPersistent(boolean persistent) {
        this.persistent = persistent;
    }

    public StateReason state() {
        return state;
    }

    public void setState(DomainState state, int reason) {
        StateReason now = this.state;
        if (now.state() == state && now.reason() == reason) {
            return; // the same immutable record serves: no new one per domain and change
        }
        this.state = new StateReason(state, reason);
    }

    /** Running, paused, blocked, in shutdown or crashed-but-alive: anything but shut off / no state. */
    public boolean isActive() {
        return id >= 0;
    }

    public int id() {
        return id;
    }

    void setId(int id) {
        this.id = id;
    }

    public boolean autostart() {
        return autostart;
    }

    public void setAutostart(boolean autostart) {
        this.autostart = autostart;
    }

    /**
     * Whether the persistent definition changed while the domain ran (libvirt's
     * {@code virDomainObj.updated}, what {@code virDomainIsUpdated} answers): set by a define or a
     * CONFIG change of a running domain, cleared when it starts or stops.
     *
     * @since 1.1.0
     */
    public boolean isUpdated() {
        return updated;
    }

    /** @since 1.1.0 */
    public void setUpdated(boolean updated) {
        this.updated = updated;
    }

    public boolean hasManagedSave() {
        return managedSave;
    }

    public void setManagedSave(boolean managedSave) {
        this.managedSave = managedSave;
    }

    public T runtime() {
        return runtime;
    }

    public void setRuntime(T runtime) {
        this.runtime = runtime;
    }

    public DomainRef ref() {
        return new DomainRef(def.name(), uuid(), id);
    }

    /** Throws OPERATION_INVALID "domain is not running" unless the domain is active. */
    public void requireActive() {
        if (!isActive()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
        }
    }

    /** Throws OPERATION_INVALID "domain is already running" when the domain is active. */
    public void requireInactive() {
        if (isActive()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is already running");
        }
    }
}
