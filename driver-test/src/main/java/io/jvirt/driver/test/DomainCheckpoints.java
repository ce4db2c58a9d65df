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

/**
 * The test driver's checkpoints (test_driver.c's testDomainCheckpoint* functions): created on a
 * running domain from XML (a copy of its live definition kept, disks aligned), listed with
 * libvirt's flags and order, redefined (parents first), deleted with or without children; none
 * while the domain has snapshots (libvirt's test driver refuses them).
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
    static final int LIST_ROOTS = 1;
    static final int LIST_DESCENDANTS = 1;
    static final int LIST_TOPOLOGICAL = 2;
    static final int LIST_LEAVES = 4;
    static final int LIST_NO_LEAVES = 8;

    private final TestHost host;

    DomainCheckpoints(TestHost host) {
        this.host = host;
    }

    /**
     * testDomainCheckpointCreateXML: refused while the domain has snapshots or is inactive; a
     * redefinition must name an existing parent (so a tree is redefined parents first) and, when it
     * carries its domain, the domain's UUID; it becomes current when its parent is.
     */
    String create(DomainRef ref, String xml, int flags) {
        Flags.check(flags, CREATE_REDEFINE | CREATE_QUIESCE, "testDomainCheckpointCreateXML");
        String[] name = new String[1];
        host.domains.run(host.dom(ref), "virDomainCheckpointCreateXML", d -> {
            if (d.runtime().hasSnapshots()) {
                throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.TEST,
                    "cannot create checkpoint while snapshot exists");
            }
            if (!d.isActive()) {
                throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.TEST,
                    "cannot create checkpoint for inactive domain");
            }
            MomentTree<CheckpointDef> tree = d.runtime().checkpoints();
            if ((flags & CREATE_REDEFINE) != 0) {
                CheckpointDef def = CheckpointXml.parseRedefine(xml, x -> TestDefaults.parse(x, false).def());
                tree.checkCycles(def);
                // libvirt 9.0's test driver takes an older checkpoint without its domain as it is
                if (def.domain() != null) {
                    if (!def.domain().uuid().equals(d.def().uuid())) {
                        throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN_CHECKPOINT,
                            "definition for checkpoint " + def.name() + " must use uuid " + d.def().uuid());
                    }
                    CheckpointXml.alignDisks(def);
                }
                MomentTree.Node<CheckpointDef> parent = def.parentName() == null ? null : tree.find(def.parentName());
                tree.redefine(def, parent != null && parent == tree.current());
                name[0] = def.name();
                return;
            }
            CheckpointDef def = CheckpointXml.parse(xml, System.currentTimeMillis() / 1000);
            def.domain(d.def().copy());
            CheckpointXml.alignDisks(def);
            tree.add(def);
            name[0] = def.name();
        });
        return name[0];
    }

    List<String> list(DomainRef ref, int flags) {
        Flags.check(flags, LIST_ROOTS | LIST_TOPOLOGICAL | LIST_LEAVES | LIST_NO_LEAVES, "testDomainListAllCheckpoints");
        return names(host.dom(ref).runtime().checkpoints(), null, (flags & LIST_ROOTS) == 0, flags);
    }

    List<String> children(CheckpointRef ref, int flags) {
        Flags.check(flags, LIST_DESCENDANTS | LIST_TOPOLOGICAL | LIST_LEAVES | LIST_NO_LEAVES,
            "testDomainCheckpointListAllChildren");
        DomainObject<TestRuntime> d = host.dom(ref.domain());
        return names(d.runtime().checkpoints(), node(d, ref.name()), (flags & LIST_DESCENDANTS) != 0, flags);
    }

    private static List<String> names(MomentTree<CheckpointDef> tree, MomentTree.Node<CheckpointDef> from, boolean descendants,
                                      int flags) {
        return tree.names(from, descendants, (flags & LIST_TOPOLOGICAL) != 0, (flags & LIST_LEAVES) != 0,
            (flags & LIST_NO_LEAVES) != 0, c -> true);
    }

    String lookup(DomainRef ref, String name, int flags) {
        Flags.check(flags, 0, "testDomainCheckpointLookupByName");
        return node(host.dom(ref), name).def.name();
    }

    String parent(CheckpointRef ref, int flags) {
        Flags.check(flags, 0, "testDomainCheckpointGetParent");
        MomentTree.Node<CheckpointDef> n = node(host.dom(ref.domain()), ref.name());
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
        MomentTree.Node<CheckpointDef> n = node(d, ref.name());
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

    /** testCheckpointObjFromName. */
    private static MomentTree.Node<CheckpointDef> node(DomainObject<TestRuntime> d, String name) {
        MomentTree.Node<CheckpointDef> n = d.runtime().checkpoints().find(name);
        if (n == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN_CHECKPOINT, ErrorDomain.TEST,
                "no domain checkpoint with matching name '" + name + "'");
        }
        return n;
    }
}
