package io.jvirt.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A snapshot of a domain ({@code virDomainSnapshotPtr}): its domain's handle and its name.
 * Snapshots form a tree per domain; the domain's current snapshot is the parent of the next one
 * created.
 *
 * @since 0.7.0
 */
@ProviderType
public interface DomainSnapshot {

    Domain domain();

    String name();

    /**
     * The snapshot's XML ({@code virDomainSnapshotGetXMLDesc}): name, description, state, parent,
     * creation time, memory and disks, and the domain as it was when it was taken. SECURE needs a
     * read-write connection.
     *
     * @since 0.12.0
     */
    String xmlDesc(SnapshotXmlFlag... flags);

    /**
     * The parent snapshot ({@code virDomainSnapshotGetParent}).
     *
     * @throws VirtException NO_DOMAIN_SNAPSHOT "snapshot 'x' does not have a parent" for a root
     * @since 0.12.0
     */
    DomainSnapshot parent();

    /**
     * The children ({@code virDomainSnapshotListAllChildren}), with DESCENDANTS all below, with
     * TOPOLOGICAL every parent before its children; the other flags filter.
     *
     * @since 0.12.0
     */
    List<DomainSnapshot> listAllChildren(SnapshotListFlag... flags);

    /** {@code virDomainSnapshotIsCurrent}. @since 0.12.0 */
    boolean isCurrent();

    /** {@code virDomainSnapshotHasMetadata}: whether the driver keeps metadata that would block an undefine. @since 0.12.0 */
    boolean hasMetadata();

    /**
     * Reverts the domain to this snapshot ({@code virDomainRevertToSnapshot}): its definition and
     * its state as they were (RUNNING or PAUSED choose the state; FORCE takes a risky revert); the
     * snapshot becomes current.
     *
     * @since 0.12.0
     */
    void revert(SnapshotRevertFlag... flags);

    /**
     * Deletes the snapshot ({@code virDomainSnapshotDelete}): its children move to its parent; with
     * CHILDREN its descendants go too; with CHILDREN_ONLY only they go; METADATA_ONLY keeps the
     * data. The current snapshot's parent becomes current.
     *
     * @since 0.12.0
     */
    void delete(SnapshotDeleteFlag... flags);
}
