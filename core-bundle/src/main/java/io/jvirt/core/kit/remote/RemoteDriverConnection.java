package io.jvirt.core.kit.remote;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.jvirt.api.ErrorDomain;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * The half of a remote driver's table every remote driver shares, as
 * {@link io.jvirt.core.kit.StatefulDriverConnection} is for the registry-backed ones: listings,
 * counts and lookups over the driver's {@link DomainInventory} (through {@link DomainLookups}), the
 * domain behind a {@link DomainRef} found again on every call, and the connection's keep-alive
 * ({@link #isAlive()} false once a ping failed). A driver extends it with its hypervisor's entry
 * points and releases its session in {@link #close()}, calling {@code super.close()}.
 *
 * @param <V> what the driver reads of one domain
 * @since 1.1.0
 */
public abstract class RemoteDriverConnection<V> implements DriverConnection {

    /** The lookups over the driver's inventory port. */
    protected final DomainLookups<V> domains;
    private volatile KeepAlive.Handle keepalive;

    /**
     * @param inventory    how the driver asks its server for domains
     * @param errorDomain  the driver's libvirt error domain
     * @param listFunction the libvirt function name of the listing ("esxConnectListAllDomains"),
     *                     for the unsupported-flags wording
     */
    protected RemoteDriverConnection(DomainInventory<V> inventory, ErrorDomain errorDomain, String listFunction) {
        this.domains = new DomainLookups<>(inventory, errorDomain, listFunction);
    }

    /** The domain behind {@code dom}, asked of the server by UUID (NO_DOMAIN when it is gone). */
    protected V domain(DomainRef dom) {
        return domains.get(dom);
    }

    /** Keeps this connection's session alive from the driver's keep-alive thread. */
    public void keepAlive(KeepAlive thread, String what, Duration interval, KeepAlive.Ping ping) {
        keepalive = thread.start(what, interval, ping);
    }

    /** One keep-alive now, as the driver's thread does every interval; a failure marks the connection dead. */
    public void keepAliveTick() {
        KeepAlive.Handle h = keepalive;
        if (h != null) {
            h.tick();
        }
    }

    @Override
    public boolean isAlive() {
        KeepAlive.Handle h = keepalive;
        return h == null || h.isAlive();
    }

    /** Stops the keep-alive; a driver releases its session after calling this. */
    @Override
    public void close() {
        KeepAlive.Handle h = keepalive;
        if (h != null) {
            h.close();
        }
    }

    /**
     * Every domain of a remote hypervisor is persistent: the host keeps its definition (libvirt's
     * ESX and Hyper-V drivers answer 1). NO_DOMAIN when it is gone.
     *
     * @since 1.2.0
     */
    @Override
    public boolean domainIsPersistent(DomainRef dom) {
        domain(dom);
        return true;
    }

    /**
     * A remote domain has one definition, the host's: never "updated" (libvirt's ESX and Hyper-V
     * drivers answer 0). NO_DOMAIN when it is gone.
     *
     * @since 1.2.0
     */
    @Override
    public boolean domainIsUpdated(DomainRef dom) {
        domain(dom);
        return false;
    }

    @Override
    public List<DomainRef> listAllDomains(int flags) {
        return domains.listRefs(flags);
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
        return domains.lookupByName(name);
    }

    @Override
    public DomainRef lookupByUuid(UUID uuid) {
        return domains.lookupByUuid(uuid);
    }

    @Override
    public DomainRef lookupById(int id) {
        return domains.lookupById(id);
    }
}
