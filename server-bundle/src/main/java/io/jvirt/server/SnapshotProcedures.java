package io.jvirt.server;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainSnapshot;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.SnapshotCreateFlag;
import io.jvirt.api.SnapshotDeleteFlag;
import io.jvirt.api.SnapshotListFlag;
import io.jvirt.api.SnapshotRevertFlag;
import io.jvirt.api.SnapshotXmlFlag;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.rpc.XdrStruct;

/**
 * The snapshot procedures as libvirtd serves them: a client's snapshot handle is its domain (by
 * UUID) and its name (libvirt's get_nonnull_domain_snapshot). The older count and name-list
 * procedures (virDomainSnapshotNum, ListNames, NumChildren, ListChildrenNames), which virsh's
 * snapshot-info and undefine still call, are answered from the listing calls.
 */
final class SnapshotProcedures {

    /** REMOTE_DOMAIN_SNAPSHOT_LIST_MAX. */
    static final int LIST_MAX = 16384;

    private SnapshotProcedures() {
    }

    static void register(RemoteDispatcher d) {
        d.change("DOMAIN_SNAPSHOT_CREATE_XML", (c, conn, a) -> ret("snap", wire(domain(conn, a.getStruct("dom"))
            .snapshotCreateXml(a.getString("xml_desc"),
                WireFlags.of(SnapshotCreateFlag.class, a.getInt("flags"), "virDomainSnapshotCreateXML")))));
        d.read("DOMAIN_SNAPSHOT_GET_XML_DESC", (c, conn, a) -> ret("xml", snapshot(conn, a.getStruct("snap"))
            .xmlDesc(WireFlags.of(SnapshotXmlFlag.class, a.getInt("flags"), "virDomainSnapshotGetXMLDesc"))));
        d.read("DOMAIN_LIST_ALL_SNAPSHOTS", (c, conn, a) -> list(domain(conn, a.getStruct("dom"))
            .listAllSnapshots(listFlags(a, "virDomainListAllSnapshots")), a.getInt("need_results") != 0));
        d.read("DOMAIN_SNAPSHOT_LIST_ALL_CHILDREN", (c, conn, a) -> list(snapshot(conn, a.getStruct("snapshot"))
            .listAllChildren(listFlags(a, "virDomainSnapshotListAllChildren")), a.getInt("need_results") != 0));
        d.read("DOMAIN_SNAPSHOT_NUM", (c, conn, a) -> ret("num", domain(conn, a.getStruct("dom"))
            .listAllSnapshots(listFlags(a, "virDomainSnapshotNum")).size()));
        d.read("DOMAIN_SNAPSHOT_NUM_CHILDREN", (c, conn, a) -> ret("num", snapshot(conn, a.getStruct("snap"))
            .listAllChildren(listFlags(a, "virDomainSnapshotNumChildren")).size()));
        d.read("DOMAIN_SNAPSHOT_LIST_NAMES", (c, conn, a) -> {
            int max = maxNames(a);
            return names(domain(conn, a.getStruct("dom")).listAllSnapshots(listFlags(a, "virDomainSnapshotListNames")), max);
        });
        d.read("DOMAIN_SNAPSHOT_LIST_CHILDREN_NAMES", (c, conn, a) -> {
            int max = maxNames(a);
            return names(snapshot(conn, a.getStruct("snap"))
                .listAllChildren(listFlags(a, "virDomainSnapshotListChildrenNames")), max);
        });
        d.read("DOMAIN_SNAPSHOT_LOOKUP_BY_NAME", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virDomainSnapshotLookupByName");
            return ret("snap", wire(domain(conn, a.getStruct("dom")).snapshotLookupByName(a.getString("name"))));
        });
        d.read("DOMAIN_HAS_CURRENT_SNAPSHOT", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virDomainHasCurrentSnapshot");
            return ret("result", domain(conn, a.getStruct("dom")).hasCurrentSnapshot() ? 1 : 0);
        });
        d.read("DOMAIN_SNAPSHOT_CURRENT", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virDomainSnapshotCurrent");
            return ret("snap", wire(domain(conn, a.getStruct("dom")).snapshotCurrent()));
        });
        d.read("DOMAIN_SNAPSHOT_GET_PARENT", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virDomainSnapshotGetParent");
            return ret("snap", wire(snapshot(conn, a.getStruct("snap")).parent()));
        });
        d.read("DOMAIN_SNAPSHOT_IS_CURRENT", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virDomainSnapshotIsCurrent");
            return ret("current", snapshot(conn, a.getStruct("snap")).isCurrent() ? 1 : 0);
        });
        d.read("DOMAIN_SNAPSHOT_HAS_METADATA", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virDomainSnapshotHasMetadata");
            return ret("metadata", snapshot(conn, a.getStruct("snap")).hasMetadata() ? 1 : 0);
        });
        d.change("DOMAIN_REVERT_TO_SNAPSHOT", (c, conn, a) -> {
            snapshot(conn, a.getStruct("snap"))
                .revert(WireFlags.of(SnapshotRevertFlag.class, a.getInt("flags"), "virDomainRevertToSnapshot"));
            return null;
        });
        d.change("DOMAIN_SNAPSHOT_DELETE", (c, conn, a) -> {
            snapshot(conn, a.getStruct("snap"))
                .delete(WireFlags.of(SnapshotDeleteFlag.class, a.getInt("flags"), "virDomainSnapshotDelete"));
            return null;
        });
    }

    private static SnapshotListFlag[] listFlags(XdrStruct a, String function) {
        return WireFlags.of(SnapshotListFlag.class, a.getInt("flags"), function);
    }

    /** libvirtd's check of a client's maxnames; a negative count is libvirt's virCheckNonNegativeArg. */
    private static int maxNames(XdrStruct a) {
        int max = a.getInt("maxnames");
        if (max > LIST_MAX) {
            throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "maxnames > REMOTE_DOMAIN_SNAPSHOT_LIST_MAX");
        }
        if (max < 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "nameslen in virDomainSnapshotListNames must not be negative");
        }
        return max;
    }

    private static Domain domain(Connection conn, XdrStruct dom) {
        return conn.lookupByUuid(dom.getUuid("uuid"));
    }

    /** get_nonnull_domain_snapshot: the domain by UUID, the snapshot by name. */
    private static DomainSnapshot snapshot(Connection conn, XdrStruct snap) {
        return domain(conn, snap.getStruct("dom")).snapshotLookupByName(snap.getString("name"));
    }

    private static XdrStruct wire(DomainSnapshot s) {
        return XdrStruct.of("nonnull_domain_snapshot", "name", s.name(), "dom", RemoteDispatcher.dom(s.domain()));
    }

    private static XdrStruct list(List<DomainSnapshot> all, boolean needResults) {
        if (all.size() > LIST_MAX) {
            throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "Too many domain snapshots '" + all.size()
                + "' for limit '" + LIST_MAX + "'");
        }
        List<Object> out = new ArrayList<>();
        if (needResults) {
            for (DomainSnapshot s : all) {
                out.add(wire(s));
            }
        }
        return ret("snapshots", out, "ret", all.size());
    }

    private static XdrStruct names(List<DomainSnapshot> all, int max) {
        List<Object> out = new ArrayList<>();
        for (DomainSnapshot s : all) {
            if (out.size() < max) {
                out.add(s.name());
            }
        }
        return ret("names", out);
    }

    private static XdrStruct ret(Object... namesAndValues) {
        return XdrStruct.of("ret", namesAndValues);
    }
}
