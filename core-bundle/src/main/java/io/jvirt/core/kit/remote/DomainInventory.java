package io.jvirt.core.kit.remote;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.jvirt.core.kit.DomainListFilter;
import io.jvirt.core.spi.DomainRef;

/**
 * The inventory port of a remote driver: the domains its server has (an ESX host's virtual
 * machines, Hyper-V's {@code Msvm_ComputerSystem}s, a PowerVM LPAR list), asked fresh on every
 * call, as libvirt's remote-hypervisor drivers keep nothing between calls (another client's
 * changes are seen at once). The driver implements how to ask its server; {@link DomainLookups}
 * does the rest of the driver table's half (listing with libvirt's one filter, counts, lookups
 * and their NO_DOMAIN errors), the same for every remote driver.
 *
 * @param <V> what the driver reads of one domain (ESX: a VM's managed object and properties)
 * @since 1.1.0
 */
public interface DomainInventory<V> {

    /**
     * Every domain of the server, with at least the facts {@code filter} asks for
     * ({@link DomainListFilter#asks}: fetch an expensive fact only then). The driver may already
     * leave out what the filter refuses; {@link DomainLookups} applies the filter anyway.
     */
    List<V> list(DomainListFilter filter);

    /**
     * What the filter reads of the domains of one listing. Called once per listing, so a fact
     * that costs a call of its own (ESX's autostart list) is fetched at most once, and only when
     * the filter reads it.
     */
    DomainListFilter.Facts<V> facts(DomainListFilter filter);

    /** The domain with this UUID, asked of the server directly (ESX: SearchIndex.FindByUuid). */
    Optional<V> byUuid(UUID uuid);

    /** The domain with this name; by default the first of the listing (libvirt's ESX driver does the same). */
    default Optional<V> byName(String name) {
        return list(DomainListFilter.of(0)).stream().filter(v -> ref(v).name().equals(name)).findFirst();
    }

    /** The running domain with this id; by default from the listing. */
    default Optional<V> byId(int id) {
        if (id < 0) {
            return Optional.empty();
        }
        return list(DomainListFilter.of(0)).stream().filter(v -> ref(v).id() == id).findFirst();
    }

    /** The handle the core keeps of {@code domain}: name, UUID, id (-1 when not running). */
    DomainRef ref(V domain);

    /** The NO_DOMAIN message of a name nobody has, in the words of the driver's libvirt counterpart. */
    default String noSuchName(String name) {
        return "no domain with matching name '" + name + "'";
    }

    /** The NO_DOMAIN message of an unknown UUID. */
    default String noSuchUuid(UUID uuid) {
        return "no domain with matching uuid '" + uuid + "'";
    }

    /** The NO_DOMAIN message of an id no running domain has. */
    default String noSuchId(int id) {
        return "no domain with matching id " + id;
    }
}
