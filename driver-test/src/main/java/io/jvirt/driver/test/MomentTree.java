package io.jvirt.driver.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * One domain's checkpoints or snapshots as libvirt's moment list keeps them
 * (virdomainmomentobjlist.c): a tree under a meta-root, each node's children newest first
 * (virDomainMomentSetParent prepends), and a current moment. Changed under the domain's job; read
 * under this object's monitor.
 *
 * @param <D> the moment's definition (CheckpointDef, SnapshotDef)
 */
final class MomentTree<D> {

    static final class Node<D> {
        D def;
        Node<D> parent;
        final List<Node<D>> children = new ArrayList<>();

        Node(D def) {
            this.def = def;
        }
    }

    private final Function<D, String> name;
    private final Function<D, String> parentName;
    private final BiConsumer<D, String> setParentName;
    private final Node<D> metaroot = new Node<>(null);
    private final Map<String, Node<D>> byName = new LinkedHashMap<>();
    private Node<D> current;

    MomentTree(Function<D, String> name, Function<D, String> parentName, BiConsumer<D, String> setParentName) {
        this.name = name;
        this.parentName = parentName;
        this.setParentName = setParentName;
    }

    synchronized boolean isEmpty() {
        return byName.isEmpty();
    }

    synchronized int size() {
        return byName.size();
    }

    synchronized Node<D> find(String n) {
        return byName.get(n);
    }

    synchronized Node<D> current() {
        return current;
    }

    synchronized void current(Node<D> n) {
        current = n;
    }

    String name(Node<D> n) {
        return name.apply(n.def);
    }

    /** virDomainMomentAssignDef, then a new moment's rules: the current one its parent, itself current. */
    synchronized Node<D> add(D def) {
        Node<D> n = assign(def);
        setParentName.accept(def, current == null ? null : name(current));
        current = n;
        link(n);
        return n;
    }

    private Node<D> assign(D def) {
        String n = name.apply(def);
        if (byName.containsKey(n)) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN, "domain moment " + n + " already exists");
        }
        Node<D> node = new Node<>(def);
        byName.put(n, node);
        return node;
    }

    /** virDomainMomentLinkParent: under its named parent, or the meta-root when it has none (or it is gone). */
    private void link(Node<D> n) {
        String p = parentName.apply(n.def);
        Node<D> parent = p == null ? null : byName.get(p);
        n.parent = parent == null ? metaroot : parent;
        n.parent.children.add(0, n);
    }

    /**
     * virDomainMomentCheckCycles: a redefinition names a parent that exists and is not below it
     * (so a tree is redefined parents first).
     */
    synchronized void checkCycles(D def) {
        String n = name.apply(def);
        String p = parentName.apply(def);
        if (p == null) {
            return;
        }
        if (p.equals(n)) {
            throw invalid("cannot set moment " + n + " as its own parent");
        }
        Node<D> other = byName.get(p);
        if (other == null) {
            throw invalid("parent " + p + " for moment " + n + " not found");
        }
        while (parentName.apply(other.def) != null) {
            if (parentName.apply(other.def).equals(n)) {
                throw invalid("parent " + name(other) + " would create cycle to " + n);
            }
            other = byName.get(parentName.apply(other.def));
            if (other == null) {
                break;
            }
        }
    }

    /**
     * A redefinition's commit (virDomain*RedefinePrep/Commit and the create's cleanup): an existing
     * moment of that name takes the new definition and keeps its children, only its parent is
     * relinked; otherwise the moment is added where its definition says. Current when asked.
     */
    synchronized Node<D> redefine(D def, boolean makeCurrent) {
        Node<D> n = byName.get(name.apply(def));
        if (n != null) {
            n.parent.children.remove(n);
            n.parent = null;
            n.def = def;
        } else {
            n = assign(def);
        }
        if (makeCurrent) {
            current = n;
        }
        link(n);
        return n;
    }

    /**
     * virDomainMomentObjListGetNames: from the meta-root (a domain's list: {@code descendants}
     * false is ROOTS, its children only) or from a moment (its children, with {@code descendants}
     * all below); {@code topological} visits parents before children (depth first, children newest
     * first); leaves and noLeaves filter (both: no filter), then {@code keep}.
     */
    synchronized List<String> names(Node<D> from, boolean descendants, boolean topological, boolean leaves,
                                    boolean noLeaves, Predicate<D> keep) {
        if (leaves && noLeaves) {
            leaves = noLeaves = false;
        }
        Node<D> start = from == null ? metaroot : from;
        List<Node<D>> visit = new ArrayList<>();
        if (descendants) {
            if (start != metaroot || topological) {
                descendants(start, visit);
            } else {
                visit.addAll(byName.values());
            }
        } else {
            visit.addAll(start.children);
        }
        List<String> out = new ArrayList<>();
        for (Node<D> n : visit) {
            if (leaves && !n.children.isEmpty() || noLeaves && n.children.isEmpty() || !keep.test(n.def)) {
                continue;
            }
            out.add(name(n));
        }
        return out;
    }

    /** virDomainMomentForEachDescendant: each child, then its descendants. */
    private static <D> void descendants(Node<D> from, List<Node<D>> out) {
        for (Node<D> c : new ArrayList<>(from.children)) {
            out.add(c);
            descendants(c, out);
        }
    }

    /**
     * The test driver's delete (testDomainSnapshotDelete, testDomainCheckpointDelete): with
     * children or children only the descendants go (a current one among them makes this one
     * current); otherwise the children move to this one's parent; unless children only, this one
     * goes and, when current, its parent becomes current.
     */
    synchronized void delete(Node<D> m, boolean children, boolean childrenOnly) {
        if (children || childrenOnly) {
            List<Node<D>> below = new ArrayList<>();
            descendants(m, below);
            boolean wasCurrent = false;
            for (Node<D> n : below) {
                wasCurrent |= n == current;
                byName.remove(name(n));
            }
            if (wasCurrent) {
                current = m;
            }
        } else if (!m.children.isEmpty()) {
            // testDomainMomentReparentChildren, then virDomainMomentMoveChildren: the children go
            // before the new parent's own
            for (Node<D> c : m.children) {
                setParentName.accept(c.def, m.parent == metaroot ? null : name(m.parent));
                c.parent = m.parent;
            }
            m.parent.children.addAll(0, m.children);
            m.children.clear();
        }
        if (childrenOnly) {
            m.children.clear();
            return;
        }
        m.parent.children.remove(m);
        m.parent = null;
        if (m == current) {
            String p = parentName.apply(m.def);
            current = p == null ? null : byName.get(p);
        }
        byName.remove(name(m));
    }

    private static VirtException invalid(String message) {
        return new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, message);
    }
}
