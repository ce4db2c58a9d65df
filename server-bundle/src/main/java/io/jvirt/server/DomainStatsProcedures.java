package io.jvirt.server;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainStatsFlag;
import io.jvirt.api.DomainStatsRecord;
import io.jvirt.api.DomainStatsType;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.rpc.TypedParams;
import io.jvirt.core.kit.rpc.XdrStruct;

/**
 * CONNECT_GET_ALL_DOMAIN_STATS as libvirtd's remoteDispatchConnectGetAllDomainStats serves it: with
 * domains virDomainListGetStats, without virConnectGetAllDomainStats; the records bounded as
 * libvirtd bounds them.
 */
final class DomainStatsProcedures {

    static final int REMOTE_DOMAIN_LIST_MAX = 16384;
    static final int REMOTE_CONNECT_GET_ALL_DOMAIN_STATS_MAX = 4096;
    private static final int ENFORCE_STATS = 1 << 31;

    private DomainStatsProcedures() {
    }

    static void register(RemoteDispatcher d) {
        d.read("CONNECT_GET_ALL_DOMAIN_STATS", DomainStatsProcedures::allDomainStats);
    }

    private static XdrStruct allDomainStats(ClientSession c, Connection conn, XdrStruct a) {
        int flags = a.getInt("flags");
        List<Object> wireDoms = a.getList("doms");
        String function = wireDoms.isEmpty() ? "virConnectGetAllDomainStats" : "virDomainListGetStats";
        DomainStatsFlag[] f = WireFlags.of(DomainStatsFlag.class, flags, function);
        Set<DomainStatsType> stats = stats(a.getInt("stats"), (flags & ENFORCE_STATS) != 0);
        // only groups unknown to libvirt asked for: no group to report (an empty set would be all of them)
        boolean none = a.getInt("stats") != 0 && stats.isEmpty();
        List<DomainStatsRecord> records;
        if (wireDoms.isEmpty()) {
            records = conn.allDomainStats(stats, f);
        } else {
            // libvirtd makes handles of the names it is sent without a lookup, and the driver skips
            // the domains it no longer has: one gone meanwhile is left out, not an error
            List<Domain> doms = new ArrayList<>(wireDoms.size());
            for (Object o : wireDoms) {
                try {
                    doms.add(conn.lookupByUuid(((XdrStruct) o).getUuid("uuid")));
                } catch (VirtException e) {
                    if (e.code() != ErrorCode.NO_DOMAIN) {
                        throw e;
                    }
                }
            }
            records = doms.isEmpty() ? List.of() : conn.domainListStats(doms, stats, f);
        }
        if (records.size() > REMOTE_DOMAIN_LIST_MAX) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "Number of domain stats records is "
                + records.size() + ", which exceeds max limit: " + REMOTE_DOMAIN_LIST_MAX);
        }
        List<Object> out = new ArrayList<>(records.size());
        for (DomainStatsRecord r : records) {
            if (r.params().size() > REMOTE_CONNECT_GET_ALL_DOMAIN_STATS_MAX) {
                // virTypedParamsSerialize's bound
                throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "too many parameters '" + r.params().size()
                    + "' for limit '" + REMOTE_CONNECT_GET_ALL_DOMAIN_STATS_MAX + "'");
            }
            out.add(XdrStruct.of("domain_stats_record", "dom", RemoteDispatcher.dom(r.domain()),
                "params", none ? List.of() : TypedParams.toWire(r.params())));
        }
        return XdrStruct.of("ret", "retStats", out);
    }

    /**
     * The groups of the API for the wire's bits. A bit no group of libvirt 9.0 has is ignored as a
     * driver ignores a group it does not report, or refused with ENFORCE_STATS as it refuses one.
     */
    private static Set<DomainStatsType> stats(int bits, boolean enforce) {
        Set<DomainStatsType> out = EnumSet.noneOf(DomainStatsType.class);
        int known = 0;
        for (DomainStatsType t : DomainStatsType.values()) {
            if ((bits & t.bit()) != 0) {
                out.add(t);
                known |= t.bit();
            }
        }
        int unknown = bits & ~known;
        if (unknown != 0 && enforce) {
            throw new VirtException(ErrorCode.ARGUMENT_UNSUPPORTED, ErrorDomain.DOMAIN,
                "Stats types bits 0x" + Integer.toHexString(unknown) + " are not supported by this daemon");
        }
        return out;
    }
}
