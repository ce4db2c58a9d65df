package io.jvirt.core.spi;

import java.util.List;
import java.util.Objects;

import io.jvirt.api.TypedParameter;

/**
 * One domain's statistics as a driver reports them ({@code virDomainStatsRecord}): the domain and
 * its "GROUP.FIELD" typed parameters in the driver's order.
 *
 * @since 1.7.0
 */
public record DomainStatsEntry(DomainRef dom, List<TypedParameter> params) {

    public DomainStatsEntry {
        Objects.requireNonNull(dom, "dom");
        params = List.copyOf(params);
    }
}
