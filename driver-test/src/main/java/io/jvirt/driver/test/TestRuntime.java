package io.jvirt.driver.test;

import io.jvirt.api.domain.CheckpointDef;
import io.jvirt.api.domain.SnapshotDef;

/**
 * The simulated runtime of a test domain: its checkpoints and snapshots. Whether its
 * persistent definition changed while it ran is the registry's ({@code DomainObject.isUpdated}),
 * a flag, so asking costs nothing even with 100,000 domains.
 */
final class TestRuntime {

    /**
     * The domain's checkpoints and snapshots: they live as long as the domain object (libvirt's
     * vm->checkpoints, vm->snapshots). Made on first use: an empty tree (its root node, list and
     * map) was 128 bytes of every defined domain, and few domains ever get one (issue 27).
     */
    private MomentTree<CheckpointDef> checkpoints;
    private MomentTree<SnapshotDef> snapshots;

    /** The polling parameters of its I/O threads (libvirt's priv->iothreads); made on first use too. */
    private IoThreadPolls ioThreadPolls;

    synchronized IoThreadPolls ioThreadPolls() {
        if (ioThreadPolls == null) {
            ioThreadPolls = new IoThreadPolls();
        }
        return ioThreadPolls;
    }

    synchronized MomentTree<CheckpointDef> checkpoints() {
        if (checkpoints == null) {
            checkpoints = new MomentTree<>(CheckpointDef::name, CheckpointDef::parentName, CheckpointDef::parentName);
        }
        return checkpoints;
    }

    synchronized MomentTree<SnapshotDef> snapshots() {
        if (snapshots == null) {
            snapshots = new MomentTree<>(SnapshotDef::name, SnapshotDef::parentName, SnapshotDef::parentName);
        }
        return snapshots;
    }

    /** Whether the domain has snapshots, without making the tree (the listing filter asks it of every domain). */
    synchronized boolean hasSnapshots() {
        return snapshots != null && !snapshots.isEmpty();
    }

    synchronized boolean hasCheckpoints() {
        return checkpoints != null && !checkpoints.isEmpty();
    }
}
