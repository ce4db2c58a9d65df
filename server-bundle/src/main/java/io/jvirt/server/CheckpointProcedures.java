package io.jvirt.server;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.CheckpointCreateFlag;
import io.jvirt.api.CheckpointDeleteFlag;
import io.jvirt.api.CheckpointListFlag;
import io.jvirt.api.CheckpointXmlFlag;
import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainCheckpoint;
import io.jvirt.core.kit.rpc.XdrStruct;

/**
 * The checkpoint procedures as libvirtd serves them: a client's checkpoint
 * handle is its domain (by UUID) and its name (libvirt's get_nonnull_domain_checkpoint).
 */
final class CheckpointProcedures {

    private CheckpointProcedures() {
    }

    static void register(RemoteDispatcher d) {
        d.change("DOMAIN_CHECKPOINT_CREATE_XML", (c, conn, a) -> ret("checkpoint", wire(domain(conn, a.getStruct("dom"))
            .checkpointCreateXml(a.getString("xml_desc"),
                WireFlags.of(CheckpointCreateFlag.class, a.getInt("flags"), "virDomainCheckpointCreateXML")))));
        d.read("DOMAIN_CHECKPOINT_GET_XML_DESC", (c, conn, a) -> ret("xml", checkpoint(conn, a.getStruct("checkpoint"))
            .xmlDesc(WireFlags.of(CheckpointXmlFlag.class, a.getInt("flags"), "virDomainCheckpointGetXMLDesc"))));
        d.read("DOMAIN_LIST_ALL_CHECKPOINTS", (c, conn, a) -> list(domain(conn, a.getStruct("dom"))
            .listAllCheckpoints(WireFlags.of(CheckpointListFlag.class, a.getInt("flags"), "virDomainListAllCheckpoints")),
            a.getInt("need_results") != 0));
        d.read("DOMAIN_CHECKPOINT_LIST_ALL_CHILDREN", (c, conn, a) -> list(checkpoint(conn, a.getStruct("checkpoint"))
            .listAllChildren(WireFlags.of(CheckpointListFlag.class, a.getInt("flags"), "virDomainCheckpointListAllChildren")),
            a.getInt("need_results") != 0));
        d.read("DOMAIN_CHECKPOINT_LOOKUP_BY_NAME", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virDomainCheckpointLookupByName");
            return ret("checkpoint", wire(domain(conn, a.getStruct("dom")).checkpointLookupByName(a.getString("name"))));
        });
        d.read("DOMAIN_CHECKPOINT_GET_PARENT", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virDomainCheckpointGetParent");
            return ret("parent", wire(checkpoint(conn, a.getStruct("checkpoint")).parent()));
        });
        d.change("DOMAIN_CHECKPOINT_DELETE", (c, conn, a) -> {
            checkpoint(conn, a.getStruct("checkpoint"))
                .delete(WireFlags.of(CheckpointDeleteFlag.class, a.getInt("flags"), "virDomainCheckpointDelete"));
            return null;
        });
    }

    private static Domain domain(Connection conn, XdrStruct dom) {
        return conn.lookupByUuid(dom.getUuid("uuid"));
    }

    /** get_nonnull_domain_checkpoint: the domain by UUID, the checkpoint by name. */
    private static DomainCheckpoint checkpoint(Connection conn, XdrStruct chk) {
        return domain(conn, chk.getStruct("dom")).checkpointLookupByName(chk.getString("name"));
    }

    private static XdrStruct wire(DomainCheckpoint chk) {
        return XdrStruct.of("nonnull_domain_checkpoint", "name", chk.name(), "dom", RemoteDispatcher.dom(chk.domain()));
    }

    private static XdrStruct list(List<DomainCheckpoint> all, boolean needResults) {
        List<Object> out = new ArrayList<>();
        if (needResults) {
            for (DomainCheckpoint chk : all) {
                out.add(wire(chk));
            }
        }
        return ret("checkpoints", out, "ret", all.size());
    }

    private static XdrStruct ret(Object... namesAndValues) {
        return XdrStruct.of("ret", namesAndValues);
    }
}
