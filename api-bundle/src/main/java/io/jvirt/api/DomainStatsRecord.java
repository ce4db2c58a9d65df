package io.jvirt.api;

import java.util.List;
import java.util.Objects;

/**
 * One domain's statistics ({@code virDomainStatsRecord}): typed parameters named
 * "GROUP.FIELD" (e.g. {@code state.state}, {@code iothread.count}) in the order the driver gives.
 *
 * @since 0.12.0
 */
public record DomainStatsRecord(Domain domain, List<TypedParameter> params) {

    public DomainStatsRecord {
        Objects.requireNonNull(domain, "domain");
        params = List.copyOf(params);
    }
}
