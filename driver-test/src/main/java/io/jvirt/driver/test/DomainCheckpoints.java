package io.jvirt.driver.test;

import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CheckpointDef;
import io.jvirt.api.domain.CheckpointXml;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.spi.CheckpointRef;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * The test driver's checkpoints (test_driver.c's testDomainCheckpoint* functions): created on a
 * running domain from XML (a copy of its live definition kept, disks aligned), listed with
 * libvirt's flags and order, deleted with or without children. The test driver keeps no
 * snapshots: creating one is refused while checkpoints exist (as libvirt's test driver refuses
 * it), else NO_SUPPORT.
 */
final class DomainCheckpoints {

    static final int CREATE_REDEFINE = 1;
    static final int CREATE_QUIESCE = 2;
    static final int DELETE_CHILDREN = 1;
    static final int DELETE_METADATA_ONLY = 2;
    static final int DELETE_CHILDREN_ONLY = 4;
    static final int XML_SECURE = 1;
    static final int XML_NO_DOMAIN = 2;
    static final int XML_SIZE = 4;

    private final TestHost host;

    DomainCheckpoints(TestHost host) {
        this.host = host;
    }

    String create(DomainRef ref, String xml, int flags) {
        Flags.check(flags, CREATE_REDEFINE | CREATE_QUIESCE, "testDomainCheckpointCreateXML");
        String[] name = new String[1];
        host.domains.run(host.dom(ref), "virDomainCheckpointCreateXML", d -> {
            if (!d.isActive()) {
                throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.TEST,
                    "cannot create checkpoint for inactive domain");
            }
            if ((flags & CREATE_REDEFINE) != 0) {
                throw DriverConnection.unsupported("virDomainCheckpointCreateXML with VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE");
            }
            CheckpointDef def = CheckpointXml.parse(xml, System.currentTimeMillis() / 1000);
            def.domain(d.def().copy());
            CheckpointXml.alignDisks(def);
            d.runtime().checkpoints().add(def);
            name[0] = def.name();
        });
        return name[0];
    }

    List<String> list(DomainRef ref, int flags) {
        Flags.check(flags, CheckpointTree.LIST_ROOTS | CheckpointTree.LIST_TOPOLOGICAL | CheckpointTree.LIST_LEAVES
            | CheckpointTree.LIST_NO_LEAVES, "testDomainListAllCheckpoints");
        return host.dom(ref).runtime().checkpoints().names(null, flags);
    }

    List<String> children(CheckpointRef ref, int flags) {
        Flags.check(flags, CheckpointTree.LIST_DESCENDANTS | CheckpointTree.LIST_TOPOLOGICAL | CheckpointTree.LIST_LEAVES
            | CheckpointTree.LIST_NO_LEAVES, "testDomainCheckpointListAllChildren");
        DomainObject<TestRuntime> d = host.dom(ref.domain());
        return d.runtime().checkpoints().names(node(d, ref.name()), flags);
    }

    String lookup(DomainRef ref, String name, int flags) {
        Flags.check(flags, 0, "testDomainCheckpointLookupByName");
        return node(host.dom(ref), name).def.name();
    }

    String parent(CheckpointRef ref, int flags) {
        Flags.check(flags, 0, "testDomainCheckpointGetParent");
        CheckpointTree.Node n = node(host.dom(ref.domain()), ref.name());
        String parent = n.def.parentName();
        if (parent == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN_CHECKPOINT, ErrorDomain.TEST,
                "checkpoint '" + n.def.name() + "' does not have a parent");
        }
        return parent;
    }

    /** testDomainCheckpointGetXMLDesc: SIZE needs a running domain (libvirt's made-up size is never written). */
    String xmlDesc(CheckpointRef ref, int flags) {
        Flags.check(flags, XML_SECURE | XML_NO_DOMAIN | XML_SIZE, "testDomainCheckpointGetXMLDesc");
        DomainObject<TestRuntime> d = host.dom(ref.domain());
        CheckpointTree.Node n = node(d, ref.name());
        if ((flags & XML_SIZE) != 0) {
            d.requireActive();
        }
        synchronized (d.runtime().checkpoints()) {
            return CheckpointXml.format(n.def, (flags & XML_NO_DOMAIN) != 0, false, (flags & XML_SECURE) != 0);
        }
    }

    void delete(CheckpointRef ref, int flags) {
        Flags.check(flags, DELETE_CHILDREN | DELETE_METADATA_ONLY | DELETE_CHILDREN_ONLY, "testDomainCheckpointDelete");
        host.domains.run(host.dom(ref.domain()), "virDomainCheckpointDelete", d -> d.runtime().checkpoints().delete(
            node(d, ref.name()), (flags & DELETE_CHILDREN) != 0, (flags & DELETE_CHILDREN_ONLY) != 0));
    }

    /** testDomainSnapshotCreateXML's flags and its refusal while checkpoints exist; the test driver keeps no snapshots. */
    String snapshotCreate(DomainRef ref, String xml, int flags) {
        // REDEFINE, CURRENT, HALT, QUIESCE, ATOMIC, LIVE, VALIDATE
        Flags.check(flags, 1 | 2 | 8 | 64 | 128 | 256 | 512, "testDomainSnapshotCreateXML");
        DomainObject<TestRuntime> d = host.dom(ref);
        if (!d.runtime().checkpoints().isEmpty()) {
            throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.TEST,
                "cannot create snapshot while checkpoint exists");
        }
        throw DriverConnection.unsupported("virDomainSnapshotCreateXML");
    }

    /** testCheckpointObjFromName. */
    private static CheckpointTree.Node node(DomainObject<TestRuntime> d, String name) {
        CheckpointTree.Node n = d.runtime().checkpoints().find(name);
        if (n == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN_CHECKPOINT, ErrorDomain.TEST,
                "no domain checkpoint with matching name '" + name + "'");
        }
        return n;
    }
}
