package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * A domain checkpoint's definition (libvirt's {@code virDomainCheckpointDef}): name, description,
 * parent, creation time, per-disk checkpoint requests and the domain as it was when it was taken.
 * Read and written by {@link CheckpointXml}.
 *
 * @since 0.9.0
 */
public final class CheckpointDef {

    /** {@code virDomainCheckpointType}: how a disk takes part ("no" or "bitmap"; DEFAULT is not written). */
    public enum DiskCheckpoint {
        DEFAULT, NO, BITMAP;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One disk's request: its target name, how it takes part, its bitmap's name, the bitmap's size when known. */
    public static final class Disk {
        private String name;
        private DiskCheckpoint type = DiskCheckpoint.DEFAULT;
        private String bitmap;
        private Long size;

        public Disk(String name, DiskCheckpoint type, String bitmap) {
            this.name = name;
            this.type = type;
            this.bitmap = bitmap;
        }

        public String name() {
            return name;
        }

        public DiskCheckpoint type() {
            return type;
        }

        public String bitmap() {
            return bitmap;
        }

        public Long size() {
            return size;
        }

        public Disk size(Long size) {
            this.size = size;
            return this;
        }

        Disk copy() {
            return new Disk(name, type, bitmap).size(size);
        }

        void name(String name) {
            this.name = name;
        }

        void bitmap(String bitmap) {
            this.bitmap = bitmap;
        }
    }

    private String name;
    private String description;
    private String parentName;
    private long creationTime;
    private final List<Disk> disks = new ArrayList<>();
    private DomainDef domain;

    public String name() {
        return name;
    }

    public CheckpointDef name(String name) {
        this.name = name;
        return this;
    }

    public String description() {
        return description;
    }

    public CheckpointDef description(String description) {
        this.description = description;
        return this;
    }

    /** The parent checkpoint's name; null for a root. */
    public String parentName() {
        return parentName;
    }

    public CheckpointDef parentName(String parentName) {
        this.parentName = parentName;
        return this;
    }

    /** Seconds since the epoch; 0 when not set. */
    public long creationTime() {
        return creationTime;
    }

    public CheckpointDef creationTime(long creationTime) {
        this.creationTime = creationTime;
        return this;
    }

    /** The disks, modifiable. */
    public List<Disk> disks() {
        return disks;
    }

    /** The domain's definition when the checkpoint was taken, or null. */
    public DomainDef domain() {
        return domain;
    }

    public CheckpointDef domain(DomainDef domain) {
        this.domain = domain;
        return this;
    }

    public CheckpointDef copy() {
        CheckpointDef c = new CheckpointDef().name(name).description(description).parentName(parentName)
            .creationTime(creationTime).domain(domain == null ? null : domain.copy());
        for (Disk d : disks) {
            c.disks.add(d.copy());
        }
        return c;
    }
}
