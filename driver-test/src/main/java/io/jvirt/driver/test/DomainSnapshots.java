package io.jvirt.driver.test;

import java.util.List;
import java.util.function.Predicate;

import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.SnapshotDef;
import io.jvirt.api.domain.SnapshotXml;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.SnapshotRef;

/**
 * The test driver's snapshots (test_driver.c's testDomainSnapshot* and testDomainRevertToSnapshot):
 * created from XML with a copy of the domain's definition and its state, redefined (parents first),
 * listed with libvirt's flags and order, reverted (definition and state as they were), deleted
 * with or without children; none while the domain has checkpoints. All of them have metadata.
 */
final class DomainSnapshots {

    static final int CREATE_REDEFINE = 1;
    static final int CREATE_CURRENT = 2;
    static final int CREATE_HALT = 8;
    static final int CREATE_DISK_ONLY = 16;
    static final int CREATE_QUIESCE = 64;
    static final int CREATE_ATOMIC = 128;
    static final int CREATE_LIVE = 256;
    static final int CREATE_VALIDATE = 512;

    static final int LIST_ROOTS = 1;
    static final int LIST_DESCENDANTS = 1;
    static final int LIST_METADATA = 2;
    static final int LIST_LEAVES = 4;
    static final int LIST_NO_LEAVES = 8;
    static final int LIST_NO_METADATA = 16;
    static final int LIST_INACTIVE = 32;
    static final int LIST_ACTIVE = 64;
    static final int LIST_DISK_ONLY = 128;
    static final int LIST_INTERNAL = 256;
    static final int LIST_EXTERNAL = 512;
    static final int LIST_TOPOLOGICAL = 1024;
    /** VIR_DOMAIN_SNAPSHOT_FILTERS_ALL. */
    static final int LIST_FILTERS = 2 | 4 | 8 | 16 | 32 | 64 | 128 | 256 | 512;

    static final int DELETE_CHILDREN = 1;
    static final int DELETE_CHILDREN_ONLY = 4;
    static final int REVERT_RUNNING = 1;
    static final int REVERT_PAUSED = 2;
    static final int REVERT_FORCE = 4;
    static final int XML_SECURE = 1;
    static final int UNDEFINE_SNAPSHOTS_METADATA = 2;

    /** libvirt's *_FROM_SNAPSHOT state reasons and event details. */
    static final int RUNNING_FROM_SNAPSHOT = 4;
    static final int PAUSED_FROM_SNAPSHOT = 7;
    static final int SHUTOFF_FROM_SNAPSHOT = 7;
    static final int STARTED_FROM_SNAPSHOT = 4;
    static final int SUSPENDED_FROM_SNAPSHOT = 5;
    static final int STOPPED_FROM_SNAPSHOT = 6;
    static final int RESUMED_FROM_SNAPSHOT = 2;

    private final TestHost host;

    DomainSnapshots(TestHost host) {
        this.host = host;
    }

    /**
     * testDomainSnapshotCreateXML: a new snapshot copies the domain's definition and state and
     * becomes current, a child of the current one; a redefinition takes its parent, time, state and
     * domain from the XML (the parent must exist: a tree is redefined parents first), replaces a
     * snapshot of its name keeping its children, and becomes current only with CURRENT.
     */
    String create(DomainRef ref, String xml, int flags) {
        Flags.check(flags, CREATE_REDEFINE | CREATE_CURRENT | CREATE_HALT | CREATE_QUIESCE | CREATE_ATOMIC | CREATE_LIVE
            | CREATE_VALIDATE, "testDomainSnapshotCreateXML");
        boolean redefine = (flags & CREATE_REDEFINE) != 0;
        String[] name = new String[1];
        host.domains.run(host.dom(ref), "virDomainSnapshotCreateXML", d -> {
            if (d.runtime().hasCheckpoints()) {
                throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.TEST,
                    "cannot create snapshot while checkpoint exists");
            }
            if (!d.isPersistent() && (flags & CREATE_HALT) != 0) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST, "cannot halt after transient domain snapshot");
            }
            // VALIDATE checks the whole document against domainsnapshot.rng, the embedded domains included
            boolean validate = (flags & CREATE_VALIDATE) != 0;
            SnapshotDef def = SnapshotXml.parse(xml, new SnapshotXml.Options(x -> TestDefaults.parse(x, validate).def())
                .now(System.currentTimeMillis() / 1000).redefine(redefine).validate(validate));
            MomentTree<SnapshotDef> tree = d.runtime().snapshots();
            if (redefine) {
                redefinePrep(d, tree, def);
                tree.redefine(def, (flags & CREATE_CURRENT) != 0);
                name[0] = def.name();
                return;
            }
            def.domain(d.def().copy());
            alignDisks(d, def);
            tree.add(def);
            name[0] = def.name();
            if ((flags & CREATE_HALT) != 0 && d.isActive()) {
                host.commitStop(d, SHUTOFF_FROM_SNAPSHOT, STOPPED_FROM_SNAPSHOT);
            }
        });
        return name[0];
    }

    /** testDomainSnapshotAlignDisks: the domain's state; memory internal, none when shut off. */
    private static void alignDisks(DomainObject<TestRuntime> d, SnapshotDef def) {
        if (def.disks().stream().anyMatch(x -> "manual".equals(x.snapshot()))) {
            throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.TEST,
                "'manual' snapshot mode is not supported by the test driver");
        }
        def.state(SnapshotXml.stateWord(d.state().state().number()));
        if ("external".equals(def.memory())) {
            SnapshotXml.alignDisks(def, "external");
            return;
        }
        def.memory(d.state().state() == DomainState.SHUTOFF ? "no" : "internal");
        SnapshotXml.alignDisks(def, "internal");
    }

    /** virDomainSnapshotRedefinePrep: the parent exists, the domain's UUID, no change between online and offline. */
    private static void redefinePrep(DomainObject<TestRuntime> d, MomentTree<SnapshotDef> tree, SnapshotDef def) {
        tree.checkCycles(def);
        if (def.domain() != null && !def.domain().uuid().equals(d.def().uuid())) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN_SNAPSHOT,
                "definition for snapshot " + def.name() + " must use uuid " + d.def().uuid());
        }
        MomentTree.Node<SnapshotDef> other = tree.find(def.name());
        if (other != null) {
            if (other.def.wasActive() != def.wasActive()) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN_SNAPSHOT,
                    "cannot change between online and offline snapshot state in snapshot " + def.name());
            }
            if ("disk-snapshot".equals(other.def.state()) != "disk-snapshot".equals(def.state())) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN_SNAPSHOT,
                    "cannot change between disk only and full system in snapshot " + def.name());
            }
            if (def.domain() == null) {
                def.domain(other.def.domain());
            }
        }
        // without a domain (an older snapshot's XML) libvirt 9.0's alignment refuses it: "missing domain in snapshot"
        SnapshotXml.alignDisks(def, "disk-snapshot".equals(def.state()) || isExternal(def) ? "external" : "internal");
    }

    List<String> list(DomainRef ref, int flags) {
        Flags.check(flags, LIST_ROOTS | LIST_TOPOLOGICAL | LIST_FILTERS, "testDomainListAllSnapshots");
        return names(host.dom(ref).runtime().snapshots(), null, (flags & LIST_ROOTS) == 0, flags);
    }

    List<String> children(SnapshotRef ref, int flags) {
        Flags.check(flags, LIST_DESCENDANTS | LIST_TOPOLOGICAL | LIST_FILTERS, "testDomainSnapshotListAllChildren");
        DomainObject<TestRuntime> d = host.dom(ref.domain());
        return names(d.runtime().snapshots(), node(d, ref.name()), (flags & LIST_DESCENDANTS) != 0, flags);
    }

    /**
     * virDomainSnapshotObjListGetNames: every test snapshot has metadata (NO_METADATA alone lists
     * none); the state filters (inactive, active, disk-only) and location filters (internal,
     * external) each keep what any of theirs accepts.
     */
    private static List<String> names(MomentTree<SnapshotDef> tree, MomentTree.Node<SnapshotDef> from, boolean descendants,
                                      int flags) {
        if ((flags & (LIST_METADATA | LIST_NO_METADATA)) == LIST_NO_METADATA) {
            return List.of();
        }
        int states = flags & (LIST_INACTIVE | LIST_ACTIVE | LIST_DISK_ONLY);
        int locations = flags & (LIST_INTERNAL | LIST_EXTERNAL);
        Predicate<SnapshotDef> keep = s -> {
            if (states != 0) {
                boolean disk = "disk-snapshot".equals(s.state());
                boolean off = "shutoff".equals(s.state());
                if (!((states & LIST_INACTIVE) != 0 && off || (states & LIST_ACTIVE) != 0 && !off && !disk
                    || (states & LIST_DISK_ONLY) != 0 && disk)) {
                    return false;
                }
            }
            if (locations != 0) {
                boolean external = isExternal(s);
                return (locations & LIST_INTERNAL) != 0 && !external || (locations & LIST_EXTERNAL) != 0 && external;
            }
            return true;
        };
        return tree.names(from, descendants, (flags & LIST_TOPOLOGICAL) != 0, (flags & LIST_LEAVES) != 0,
            (flags & LIST_NO_LEAVES) != 0, keep);
    }

    /** virDomainSnapshotIsExternal: memory or a disk went to a file of its own. */
    private static boolean isExternal(SnapshotDef s) {
        return "external".equals(s.memory()) || s.disks().stream().anyMatch(x -> "external".equals(x.snapshot()));
    }

    String lookup(DomainRef ref, String name, int flags) {
        Flags.check(flags, 0, "testDomainSnapshotLookupByName");
        return host.dom(ref).runtime().snapshots().name(node(host.dom(ref), name));
    }

    boolean hasCurrent(DomainRef ref, int flags) {
        Flags.check(flags, 0, "testDomainHasCurrentSnapshot");
        DomainObject<TestRuntime> d = host.dom(ref);
        return d.runtime().hasSnapshots() && d.runtime().snapshots().current() != null;
    }

    String current(DomainRef ref, int flags) {
        Flags.check(flags, 0, "testDomainSnapshotCurrent");
        MomentTree<SnapshotDef> tree = host.dom(ref).runtime().snapshots();
        MomentTree.Node<SnapshotDef> current = tree.current();
        if (current == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN_SNAPSHOT, ErrorDomain.TEST, "the domain does not have a current snapshot");
        }
        return tree.name(current);
    }

    String parent(SnapshotRef ref, int flags) {
        Flags.check(flags, 0, "testDomainSnapshotGetParent");
        MomentTree.Node<SnapshotDef> n = node(host.dom(ref.domain()), ref.name());
        String parent = n.def.parentName();
        if (parent == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN_SNAPSHOT, ErrorDomain.TEST,
                "snapshot '" + n.def.name() + "' does not have a parent");
        }
        return parent;
    }

    String xmlDesc(SnapshotRef ref, int flags) {
        Flags.check(flags, XML_SECURE, "testDomainSnapshotGetXMLDesc");
        DomainObject<TestRuntime> d = host.dom(ref.domain());
        MomentTree.Node<SnapshotDef> n = node(d, ref.name());
        synchronized (d.runtime().snapshots()) {
            return SnapshotXml.format(n.def, d.def().uuid().toString(), (flags & XML_SECURE) != 0);
        }
    }

    boolean isCurrent(SnapshotRef ref, int flags) {
        Flags.check(flags, 0, "testDomainSnapshotIsCurrent");
        DomainObject<TestRuntime> d = host.dom(ref.domain());
        return node(d, ref.name()) == d.runtime().snapshots().current();
    }

    boolean hasMetadata(SnapshotRef ref, int flags) {
        Flags.check(flags, 0, "testDomainSnapshotHasMetadata");
        node(host.dom(ref.domain()), ref.name());
        return true;
    }

    void delete(SnapshotRef ref, int flags) {
        Flags.check(flags, DELETE_CHILDREN | DELETE_CHILDREN_ONLY, "testDomainSnapshotDelete");
        host.domains.run(host.dom(ref.domain()), "virDomainSnapshotDelete", d -> d.runtime().snapshots().delete(
            node(d, ref.name()), (flags & DELETE_CHILDREN) != 0, (flags & DELETE_CHILDREN_ONLY) != 0));
    }

    /**
     * testDomainRevertToSnapshot: the snapshot's definition back and its state (RUNNING or PAUSED
     * choose for a running or paused snapshot), with libvirt's events; the snapshot becomes current.
     * A running domain going to a running or paused snapshot keeps running with the snapshot's
     * definition as its persistent one; an inactive snapshot leaves the domain shut off, RUNNING or
     * PAUSED notwithstanding (libvirt 9.0's test driver, the oracle, does so without a word).
     */
    void revert(SnapshotRef ref, int flags) {
        Flags.check(flags, REVERT_RUNNING | REVERT_PAUSED | REVERT_FORCE, "testDomainRevertToSnapshot");
        host.domains.run(host.dom(ref.domain()), "virDomainRevertToSnapshot", d -> {
            MomentTree<SnapshotDef> tree = d.runtime().snapshots();
            MomentTree.Node<SnapshotDef> snap = node(d, ref.name());
            SnapshotDef sdef = snap.def;
            boolean snapActive = "running".equals(sdef.state()) || "paused".equals(sdef.state());
            boolean askRun = (flags & (REVERT_RUNNING | REVERT_PAUSED)) != 0;
            if (!d.isPersistent() && !snapActive && !askRun) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                    "transient domain needs to request run or pause to revert to inactive snapshot");
            }
            if ((flags & REVERT_FORCE) == 0 && sdef.domain() == null) {
                throw new VirtException(ErrorCode.SNAPSHOT_REVERT_RISKY, ErrorDomain.TEST,
                    "snapshot '" + sdef.name() + "' lacks domain '" + d.name() + "' rollback info");
            }
            if (sdef.domain() == null) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                    "snapshot '" + sdef.name() + "' lacks domain '" + d.name() + "' rollback info");
            }
            tree.current(null);
            DomainDef config = sdef.domain().copy();
            boolean paused = (flags & REVERT_RUNNING) == 0 && ("paused".equals(sdef.state()) || (flags & REVERT_PAUSED) != 0);
            if (snapActive) {
                if (d.isActive()) {
                    boolean wasRunning = d.state().state() == DomainState.RUNNING;
                    assignDef(d, config);
                    if (paused) {
                        d.setState(DomainState.PAUSED, PAUSED_FROM_SNAPSHOT);
                        if (wasRunning) {
                            host.emit(d, DomainEventType.SUSPENDED, SUSPENDED_FROM_SNAPSHOT);
                        }
                    } else {
                        boolean wasPaused = d.state().state() == DomainState.PAUSED;
                        d.setState(DomainState.RUNNING, RUNNING_FROM_SNAPSHOT);
                        if (wasPaused) {
                            host.emit(d, DomainEventType.RESUMED, RESUMED_FROM_SNAPSHOT);
                        }
                    }
                } else {
                    startFromSnapshot(d, config, paused);
                }
            } else {
                assignDef(d, config);
                if (d.isActive()) {
                    host.commitStop(d, SHUTOFF_FROM_SNAPSHOT, STOPPED_FROM_SNAPSHOT);
                }
                if (askRun) {
                    // libvirt 9.0's test driver announces the start (STARTED, SUSPENDED) but leaves the
                    // domain shut off: virsh shows "shut off (from snapshot)" after such a revert
                    host.emit(d, DomainEventType.STARTED, STARTED_FROM_SNAPSHOT);
                    if ((flags & REVERT_PAUSED) != 0) {
                        host.emit(d, DomainEventType.SUSPENDED, SUSPENDED_FROM_SNAPSHOT);
                    }
                }
            }
            tree.current(snap);
        });
    }

    /** Transitions 2 and 3: the domain starts with the snapshot's definition, STARTED (and SUSPENDED) from snapshot. */
    private void startFromSnapshot(DomainObject<TestRuntime> d, DomainDef config, boolean paused) {
        d.setDef(config);
        host.startState(d, RUNNING_FROM_SNAPSHOT);
        host.emit(d, DomainEventType.STARTED, STARTED_FROM_SNAPSHOT);
        if (paused) {
            d.setState(DomainState.PAUSED, PAUSED_FROM_SNAPSHOT);
            host.emit(d, DomainEventType.SUSPENDED, SUSPENDED_FROM_SNAPSHOT);
        }
    }

    /** virDomainObjAssignDef(vm, config, false): a running domain's persistent definition, an inactive one's definition. */
    private static void assignDef(DomainObject<TestRuntime> d, DomainDef config) {
        if (d.isActive()) {
            if (d.isPersistent()) {
                d.setNewDef(config);
            }
        } else {
            d.setDef(config);
        }
    }

    /**
     * testDomainUndefineFlags' rule: an inactive domain with snapshots is undefined only with
     * VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA (there is nothing else to remove in the test driver).
     */
    static void checkUndefine(DomainObject<TestRuntime> d, int undefineFlags) {
        if (!d.isActive() && d.runtime().hasSnapshots() && (undefineFlags & UNDEFINE_SNAPSHOTS_METADATA) == 0) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                "cannot delete inactive domain with " + d.runtime().snapshots().size() + " snapshots");
        }
    }

    /** testSnapObjFromName. */
    private static MomentTree.Node<SnapshotDef> node(DomainObject<TestRuntime> d, String name) {
        MomentTree.Node<SnapshotDef> n = d.runtime().snapshots().find(name);
        if (n == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN_SNAPSHOT, ErrorDomain.TEST,
                "no domain snapshot with matching name '" + name + "'");
        }
        return n;
    }
}
