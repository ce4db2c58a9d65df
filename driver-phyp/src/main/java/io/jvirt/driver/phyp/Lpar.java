package io.jvirt.driver.phyp;

import java.util.UUID;

import io.jvirt.api.DomainState;
import io.jvirt.core.spi.DomainRef;

/**
 * One LPAR of a listing ({@code lssyscfg -r lpar -F name,lpar_id,state}).
 *
 * @param name    the partition's name
 * @param lparId  its partition id (1..n, kept while it exists, whatever its state)
 * @param state   the HMC's state word ("Running", "Not Activated", ...)
 * @param uuid    its UUID ({@link LparUuids})
 */
record Lpar(String name, int lparId, String state, UUID uuid) {

    DomainState domainState() {
        return LparState.of(state);
    }

    boolean active() {
        return LparState.active(state);
    }

    /** The domain id: the partition id while it is powered on, -1 otherwise (libvirt's rule for ids). */
    int id() {
        return active() ? lparId : -1;
    }

    DomainRef ref() {
        return new DomainRef(name, uuid, id());
    }
}
