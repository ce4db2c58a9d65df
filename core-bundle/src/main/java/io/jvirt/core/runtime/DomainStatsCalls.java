package io.jvirt.core.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.jvirt.api.Domain;
import io.jvirt.api.DomainStatsFlag;
import io.jvirt.api.DomainStatsRecord;
import io.jvirt.api.DomainStatsType;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Flag;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DomainStatsEntry;

/**
 * virConnectGetAllDomainStats and virDomainListGetStats: libvirt's public checks of the domain
 * list, then the driver's records as domain handles of the connection.
 */
final class DomainStatsCalls {

    private DomainStatsCalls() {
    }

    static List<DomainStatsRecord> all(ConnectionImpl conn, Set<DomainStatsType> stats, DomainStatsFlag... flags) {
        int s = bits(stats);
        int f = Flag.bits(flags);
        return wrap(conn, conn.call(() -> conn.driver().getAllDomainStats(List.of(), s, f)));
    }

    static List<DomainStatsRecord> list(ConnectionImpl conn, List<Domain> domains, Set<DomainStatsType> stats,
        DomainStatsFlag... flags) {
        ConnectionImpl.requireArg(domains, "doms");
        if (domains.isEmpty()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "doms array in virDomainListGetStats must contain at least one domain");
        }
        List<DomainRef> refs = new ArrayList<>(domains.size());
        for (Domain d : domains) {
            if (!(d instanceof DomainImpl h) || h.conn != conn) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "domains in 'doms' array must belong to a single connection");
            }
            refs.add(h.ref);
        }
        int s = bits(stats);
        int f = Flag.bits(flags);
        return wrap(conn, conn.call(() -> conn.driver().getAllDomainStats(List.copyOf(refs), s, f)));
    }

    private static int bits(Set<DomainStatsType> stats) {
        return stats == null ? 0 : Flag.bits(stats.toArray(DomainStatsType[]::new));
    }

    private static List<DomainStatsRecord> wrap(ConnectionImpl conn, List<DomainStatsEntry> entries) {
        List<DomainStatsRecord> out = new ArrayList<>(entries.size());
        for (DomainStatsEntry e : entries) {
            out.add(new DomainStatsRecord(conn.wrap(e.dom()), e.params()));
        }
        return out;
    }
}
