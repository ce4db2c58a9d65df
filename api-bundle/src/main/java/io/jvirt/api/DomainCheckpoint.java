package io.jvirt.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A checkpoint of a domain's disks ({@code virDomainCheckpointPtr}): a point from which backups
 * can copy what changed. Checkpoints form a tree per domain; a domain's current checkpoint is the
 * parent of the next one created.
 *
 * @since 0.7.0
 */
@ProviderType
public interface DomainCheckpoint {

    Domain domain();

    String name();

    /**
     * The checkpoint's XML ({@code virDomainCheckpointGetXMLDesc}): name, description, parent,
     * creation time, disks and (unless NO_DOMAIN) the domain as it was defined when it was taken.
     */
    String xmlDesc(CheckpointXmlFlag... flags);

    /**
     * The parent checkpoint ({@code virDomainCheckpointGetParent}).
     *
     * @throws VirtException NO_DOMAIN_CHECKPOINT "checkpoint 'x' does not have a parent" for a root
     */
    DomainCheckpoint parent();

    /**
     * The children ({@code virDomainCheckpointListAllChildren}), with DESCENDANTS all below, with
     * TOPOLOGICAL every parent before its children; LEAVES/NO_LEAVES filter.
     */
    List<DomainCheckpoint> listAllChildren(CheckpointListFlag... flags);

    /**
     * Deletes the checkpoint ({@code virDomainCheckpointDelete}): its children move to its parent;
     * with CHILDREN its descendants go too; with CHILDREN_ONLY only they go; METADATA_ONLY leaves
     * the disks' bitmaps.
     */
    void delete(CheckpointDeleteFlag... flags);
}
