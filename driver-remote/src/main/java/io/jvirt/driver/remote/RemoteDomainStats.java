package io.jvirt.driver.remote;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.core.kit.rpc.RpcClient;
import io.jvirt.core.kit.rpc.TypedParams;
import io.jvirt.core.kit.rpc.XdrStruct;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DomainStatsEntry;

/**
 * Domain statistics, I/O threads, blkio parameters and CPU statistics of libvirt's remote driver
 * table (remote_driver.c), each one procedure of remote_protocol.x, the far side's replies checked
 * as libvirt's client checks them.
 */
abstract class RemoteDomainStats extends RemoteTuning {

    static final int REMOTE_DOMAIN_LIST_MAX = 16384;

    RemoteDomainStats(RpcClient client, String uri, boolean eventCallbacks) {
        super(client, uri, eventCallbacks);
    }

    /** remoteConnectGetAllDomainStats: the domains (none: all of them), at most the protocol's list. */
    @Override
    public List<DomainStatsEntry> getAllDomainStats(List<DomainRef> doms, int stats, int flags) {
        if (doms.size() > REMOTE_DOMAIN_LIST_MAX) {
            throw rpc("too many domains '" + doms.size() + "' for limit '" + REMOTE_DOMAIN_LIST_MAX + "'");
        }
        List<Object> wireDoms = new ArrayList<>(doms.size());
        for (DomainRef d : doms) {
            wireDoms.add(wire(d));
        }
        XdrStruct r = call("CONNECT_GET_ALL_DOMAIN_STATS", "doms", wireDoms, "stats", stats, "flags", flags);
        List<Object> records = r.getList("retStats");
        List<DomainStatsEntry> out = new ArrayList<>(records.size());
        for (Object o : records) {
            XdrStruct rec = (XdrStruct) o;
            XdrStruct d = rec.getStruct("dom");
            out.add(new DomainStatsEntry(new DomainRef(d.getString("name"), d.getUuid("uuid"), d.getInt("id")),
                TypedParams.fromWire(rec.getList("params"))));
        }
        return out;
    }
}
