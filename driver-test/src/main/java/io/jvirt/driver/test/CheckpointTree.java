package io.jvirt.driver.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CheckpointDef;

/**
 * One domain's checkpoints as libvirt's moment list keeps them (virdomainmomentobjlist.c): a tree
 * under a meta-root, each node's children newest first (virDomainMomentSetParent prepends), and a
 * current checkpoint. Changed under the domain's job; read under this object's monitor.
 */
final class CheckpointTree {

    static final int LIST_ROOTS = 1;
    static final int LIST_DESCENDANTS = 1;
    static final int LIST_TOPOLOGICAL = 2;
    static final int LIST_LEAVES = 4;
    static final int LIST_NO_LEAVES = 8;

    static final class Node {
        final CheckpointDef def;
        Node parent;
        final List<Node> children = new ArrayList<>();

        Node(CheckpointDef def) {
            this.def = def;
        }
    }

    private final Node metaroot = new Node(null);
    private final Map<String, Node> byName = new LinkedHashMap<>();
    private Node current;

    synchronized boolean isEmpty() {
        return byName.isEmpty();
    }

    synchronized Node find(String name) {
        return byName.get(name);
    }

    /** virDomainCheckpointAssignDef, then the create's parent and current rules. */
    synchronized void add(CheckpointDef def) {
        if (byName.containsKey(def.name())) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN, "domain moment " + def.name() + " already exists");
        }
        Node n = new Node(def);
        if (current != null) {
            def.parentName(current.def.name());
        }
        byName.put(def.name(), n);
        current = n;
        // virDomainCheckpointLinkParent
        Node parent = def.parentName() == null ? null : byName.get(def.parentName());
        setParent(n, parent == null ? metaroot : parent);
    }

    private static void setParent(Node n, Node parent) {
        n.parent = parent;
        parent.children.add(0, n);
    }

    /**
     * virDomainMomentObjListGetNames: from the meta-root (a domain's list: ROOTS its children, else
     * every checkpoint) or from a checkpoint (its children, with DESCENDANTS all below); TOPOLOGICAL
     * visits parents before children (depth first, children newest first); LEAVES and NO_LEAVES filter.
     */
    synchronized List<String> names(Node from, int flags) {
        if (from == null) {
            // LIST_ROOTS and LIST_DESCENDANTS share the bit with opposite meanings: toggled for the meta-root
            flags ^= LIST_ROOTS;
            from = metaroot;
        }
        List<Node> visit = new ArrayList<>();
        if ((flags & LIST_DESCENDANTS) != 0) {
            if (from != metaroot || (flags & LIST_TOPOLOGICAL) != 0) {
                descendants(from, visit);
            } else {
                visit.addAll(byName.values());
            }
        } else {
            visit.addAll(from.children);
        }
        List<String> out = new ArrayList<>();
        for (Node n : visit) {
            if ((flags & LIST_LEAVES) != 0 && !n.children.isEmpty()) {
                continue;
            }
            if ((flags & LIST_NO_LEAVES) != 0 && n.children.isEmpty()) {
                continue;
            }
            out.add(n.def.name());
        }
        return out;
    }

    /** virDomainMomentForEachDescendant: each child, then its descendants. */
    private static void descendants(Node from, List<Node> out) {
        for (Node c : new ArrayList<>(from.children)) {
            out.add(c);
            descendants(c, out);
        }
    }

    /** testDomainCheckpointDelete's tree changes (the test driver has no bitmaps to remove). */
    synchronized void delete(Node chk, boolean children, boolean childrenOnly) {
        if (children || childrenOnly) {
            List<Node> below = new ArrayList<>();
            descendants(chk, below);
            boolean wasCurrent = false;
            for (Node n : below) {
                wasCurrent |= n == current;
                byName.remove(n.def.name());
            }
            if (wasCurrent) {
                current = chk;
            }
        } else if (!chk.children.isEmpty()) {
            // testDomainMomentReparentChildren, then virDomainMomentMoveChildren: the children go
            // before the new parent's own
            for (Node c : chk.children) {
                c.def.parentName(chk.parent == metaroot ? null : chk.parent.def.name());
                c.parent = chk.parent;
            }
            chk.parent.children.addAll(0, chk.children);
            chk.children.clear();
        }
        if (childrenOnly) {
            chk.children.clear();
            return;
        }
        chk.parent.children.remove(chk);
        chk.parent = null;
        if (chk == current) {
            current = chk.def.parentName() == null ? null : byName.get(chk.def.parentName());
        }
        byName.remove(chk.def.name());
    }
}
