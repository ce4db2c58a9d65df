package io.jvirt.core.kit.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.ListFilter;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.DomainListFilter;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * The lookup half of a remote driver's table over its {@link DomainInventory}: what its
 * {@code listAllDomains}, {@code numOfDomains}, {@code numOfDefinedDomains} and
 * {@code lookupBy*} answer, and the domain behind a {@link DomainRef} for every other call (found
 * again by UUID on every call: the one identity that never changes). Listings check their flags
 * as libvirt's {@code virCheckFlags(VIR_CONNECT_LIST_DOMAINS_FILTERS_ALL)} and filter through the
 * same {@link DomainListFilter} as the registry-backed drivers.
 *
 * @since 1.1.0
 */
public final class DomainLookups<V> {

    private final DomainInventory<V> inventory;
    private final ErrorDomain domain;
    private final String listFunction;

    /**
     * @param listFunction the driver's libvirt function, named when flags are refused
     *                     ("esxConnectListAllDomains")
     */
    public DomainLookups(DomainInventory<V> inventory, ErrorDomain domain, String listFunction) {
        this.inventory = inventory;
        this.domain = domain;
        this.listFunction = listFunction;
    }

    /** The domains that pass {@code flags} (INVALID_ARG for bits that are no filter), in the server's order. */
    public List<V> list(int flags) {
        DriverConnection.checkFlags(flags, domain, listFunction, ListFilter.values());
        DomainListFilter filter = DomainListFilter.of(flags);
        return filter.select(inventory.list(filter), inventory.facts(filter));
    }

    /** {@link #list} as the handles the core keeps. */
    public List<DomainRef> listRefs(int flags) {
        List<DomainRef> out = new ArrayList<>();
        for (V v : list(flags)) {
            out.add(inventory.ref(v));
        }
        return out;
    }

    /** libvirt's {@code virConnectNumOfDomains}: the active domains. */
    public int countActive() {
        return list(ListFilter.ACTIVE.bit()).size();
    }

    /** libvirt's {@code virConnectNumOfDefinedDomains}: the inactive ones. */
    public int countInactive() {
        return list(ListFilter.INACTIVE.bit()).size();
    }

    public DomainRef lookupByName(String name) {
        return inventory.ref(inventory.byName(name).orElseThrow(() -> noDomain(inventory.noSuchName(name))));
    }

    public DomainRef lookupByUuid(UUID uuid) {
        return inventory.ref(get(uuid));
    }

    public DomainRef lookupById(int id) {
        return inventory.ref(inventory.byId(id).orElseThrow(() -> noDomain(inventory.noSuchId(id))));
    }

    /** The domain behind {@code dom}, asked of the server by its UUID; NO_DOMAIN when it went away. */
    public V get(DomainRef dom) {
        return get(dom.uuid());
    }

    /** The domain with {@code uuid}; NO_DOMAIN in the driver's words when the server has none. */
    public V get(UUID uuid) {
        return inventory.byUuid(uuid).orElseThrow(() -> noDomain(inventory.noSuchUuid(uuid)));
    }

    private VirtException noDomain(String message) {
        return new VirtException(ErrorCode.NO_DOMAIN, domain, message);
    }
}
