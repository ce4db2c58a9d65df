package io.jvirt.driver.remote;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.core.kit.rpc.RpcClient;
import io.jvirt.core.kit.rpc.XdrStruct;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.SnapshotRef;

/**
 * The snapshot part of libvirt's remote driver table (remote_driver.c): listings, lookup, the
 * current snapshot, parent, XML, revert and delete, each one procedure of remote_protocol.x. A
 * listing's count must match what is sent (remoteDomainListAllSnapshots), else VIR_ERR_RPC.
 */
abstract class RemoteSnapshots extends RemoteDomainStats {

    RemoteSnapshots(RpcClient client, String uri, boolean eventCallbacks) {
        super(client, uri, eventCallbacks);
    }

    /** libvirt's make_nonnull_domain_snapshot: the snapshot's name and its domain. */
    static XdrStruct wire(SnapshotRef s) {
        return XdrStruct.of("nonnull_domain_snapshot", "name", s.name(), "dom", wire(s.domain()));
    }

    @Override
    public List<String> domainListAllSnapshots(DomainRef dom, int flags) {
        return snapshotNames(call("DOMAIN_LIST_ALL_SNAPSHOTS", "dom", wire(dom), "need_results", 1, "flags", flags));
    }

    @Override
    public String domainSnapshotLookupByName(DomainRef dom, String name, int flags) {
        return call("DOMAIN_SNAPSHOT_LOOKUP_BY_NAME", "dom", wire(dom), "name", name, "flags", flags)
            .getStruct("snap").getString("name");
    }

    @Override
    public boolean domainHasCurrentSnapshot(DomainRef dom, int flags) {
        return call("DOMAIN_HAS_CURRENT_SNAPSHOT", "dom", wire(dom), "flags", flags).getInt("result") != 0;
    }

    @Override
    public String domainSnapshotCurrent(DomainRef dom, int flags) {
        return call("DOMAIN_SNAPSHOT_CURRENT", "dom", wire(dom), "flags", flags).getStruct("snap").getString("name");
    }

    @Override
    public List<String> snapshotListAllChildren(SnapshotRef snapshot, int flags) {
        return snapshotNames(call("DOMAIN_SNAPSHOT_LIST_ALL_CHILDREN", "snapshot", wire(snapshot), "need_results", 1,
            "flags", flags));
    }

    @Override
    public String snapshotParent(SnapshotRef snapshot, int flags) {
        return call("DOMAIN_SNAPSHOT_GET_PARENT", "snap", wire(snapshot), "flags", flags).getStruct("snap").getString("name");
    }

    @Override
    public String snapshotXmlDesc(SnapshotRef snapshot, int flags) {
        return call("DOMAIN_SNAPSHOT_GET_XML_DESC", "snap", wire(snapshot), "flags", flags).getString("xml");
    }

    @Override
    public boolean snapshotIsCurrent(SnapshotRef snapshot, int flags) {
        return call("DOMAIN_SNAPSHOT_IS_CURRENT", "snap", wire(snapshot), "flags", flags).getInt("current") != 0;
    }

    @Override
    public boolean snapshotHasMetadata(SnapshotRef snapshot, int flags) {
        return call("DOMAIN_SNAPSHOT_HAS_METADATA", "snap", wire(snapshot), "flags", flags).getInt("metadata") != 0;
    }

    @Override
    public void snapshotRevert(SnapshotRef snapshot, int flags) {
        call("DOMAIN_REVERT_TO_SNAPSHOT", "snap", wire(snapshot), "flags", flags);
    }

    @Override
    public void snapshotDelete(SnapshotRef snapshot, int flags) {
        call("DOMAIN_SNAPSHOT_DELETE", "snap", wire(snapshot), "flags", flags);
    }

    /** The names of a snapshot listing; its count must be the list's. */
    private static List<String> snapshotNames(XdrStruct r) {
        List<Object> all = r.getList("snapshots");
        if (r.getInt("ret") != all.size()) {
            throw rpc("host reports " + r.getInt("ret") + " snapshots but sends " + all.size());
        }
        List<String> out = new ArrayList<>(all.size());
        for (Object o : all) {
            out.add(((XdrStruct) o).getString("name"));
        }
        return out;
    }
}
