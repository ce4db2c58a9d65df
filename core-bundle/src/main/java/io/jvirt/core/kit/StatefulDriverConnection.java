package io.jvirt.core.kit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.ListFilter;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;

import org.osgi.annotation.versioning.ConsumerType;

import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * The part of the driver table that every stateful driver answers the same way from its
 * {@link DomainRegistry} and {@link DomainEventBus}: listings, counts, lookups, event subscription,
 * the host name and the domain facts the registry holds (id, OS type, state, persistence,
 * autostart, managed save). A driver extends this and implements what its hypervisor does; it overrides a
 * method here only where libvirt's driver words or checks it differently.
 *
 * @param <T> the driver's per-domain runtime data
 */
@ConsumerType
public abstract class StatefulDriverConnection<T> implements DriverConnection {

    protected final DomainRegistry<T> domains;
    protected final DomainEventBus events;
    private final ErrorDomain errorDomain;

    protected StatefulDriverConnection(DomainRegistry<T> domains, DomainEventBus events, ErrorDomain errorDomain) {
        this.domains = domains;
        this.events = events;
        this.errorDomain = errorDomain;
    }

    /** The domain {@code ref} names, by UUID; NO_DOMAIN when it is gone. */
    protected DomainObject<T> dom(DomainRef ref) {
        return domains.getByUuid(ref.uuid());
    }

    /**
     * libvirt's undefine for a driver that keeps definitions in a {@link StateStore}, run inside
     * the domain's job after the driver's own checks: the config and autostart marker go, UNDEFINED
     * (removed) is published, and a running domain runs on as a transient one (its status saved by
     * {@code saveStatus}) while an inactive one leaves the registry.
     */
    protected void undefinePersistent(DomainObject<T> d, StateStore store, Consumer<DomainObject<T>> saveStatus) {
        store.setAutostart(d.name(), false);
        store.deleteConfig(d.name());
        d.setAutostart(false);
        events.publish(new DomainEvent(d.name(), d.uuid(), d.id(), DomainEventType.UNDEFINED, DomainEvent.UNDEFINED_REMOVED));
        if (d.isActive()) {
            d.setPersistent(false);
            d.setNewDef(null);
            saveStatus.accept(d);
        } else {
            domains.remove(d);
        }
    }

    /** Sets autostart durably (the marker first, then the flag), inside the domain's job. */
    protected void setAutostartPersistent(DomainObject<T> d, StateStore store, boolean autostart) {
        store.setAutostart(d.name(), autostart);
        d.setAutostart(autostart);
    }

    @Override
    public String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, errorDomain, "cannot get the host name: " + e.getMessage(), e);
        }
    }

    /** libvirt's prefix of this driver's function names ("qemu", "lxc", "test"): its error domain's name. */
    protected String functionPrefix() {
        return errorDomain.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public List<DomainRef> listAllDomains(int flags) {
        DriverConnection.checkFlags(flags, errorDomain, functionPrefix() + "ConnectListAllDomains", ListFilter.values());
        List<DomainObject<T>> list = domains.list(flags);
        List<DomainRef> out = new ArrayList<>(list.size());
        for (DomainObject<T> d : list) {
            out.add(d.ref());
        }
        return out;
    }

    @Override
    public int numOfDomains() {
        return domains.countActive();
    }

    @Override
    public int numOfDefinedDomains() {
        return domains.countInactive();
    }

    @Override
    public DomainRef lookupByName(String name) {
        return domains.getByName(name).ref();
    }

    @Override
    public DomainRef lookupByUuid(UUID uuid) {
        return domains.getByUuid(uuid).ref();
    }

    @Override
    public DomainRef lookupById(int id) {
        return domains.getById(id).ref();
    }

    @Override
    public AutoCloseable subscribeDomainEvents(Consumer<DomainEvent> sink) {
        return events.subscribe(sink);
    }

    @Override
    public int domainId(DomainRef ref) {
        return dom(ref).id();
    }

    @Override
    public String domainOsType(DomainRef ref) {
        return dom(ref).def().osType();
    }

    @Override
    public StateReason domainState(DomainRef ref) {
        return dom(ref).state();
    }

    @Override
    public boolean domainIsActive(DomainRef ref) {
        return dom(ref).isActive();
    }

    @Override
    public boolean domainIsPersistent(DomainRef ref) {
        return dom(ref).isPersistent();
    }

    @Override
    public boolean domainAutostart(DomainRef ref) {
        return dom(ref).autostart();
    }

    @Override
    public boolean domainHasManagedSaveImage(DomainRef ref) {
        return dom(ref).hasManagedSave();
    }
}
