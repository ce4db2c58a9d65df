package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * A domain snapshot's definition as libvirt's snapshot_conf.c keeps it (virDomainSnapshotDef):
 * name, description, the state the domain had ({@code running}, {@code shutoff}, ...,
 * {@code disk-snapshot}), parent, creation time, where memory and each disk went, and the
 * domain's definition at that time.
 *
 * @since 0.13.0
 */
public final class SnapshotDef {

    /**
     * One disk of the snapshot (virDomainSnapshotDiskDef): its target name, where its state went
     * (internal, external, no, manual) and, for an external snapshot, the new image: its storage
     * type, its {@code <source>} as libvirt writes it back, its format and metadata cache size.
     */
    public static final class Disk {
        private String name;
        private String snapshot;
        private String type = "file";
        private String path;
        private XmlElement source;
        private String format;
        private long metadataCacheMaxSize;
        private boolean deleteInProgress;

        /** A disk with a file image at {@code file} (null for none). */
        public Disk(String name, String snapshot, String file) {
            this.name = name;
            this.snapshot = snapshot;
            this.path = file;
            if (file != null) {
                this.source = new XmlElement("source").attr("file", file);
            }
        }

        public String name() {
            return name;
        }

        public Disk name(String name) {
            this.name = name;
            return this;
        }

        /** The location word, or null when the request named none. */
        public String snapshot() {
            return snapshot;
        }

        public Disk snapshot(String snapshot) {
            this.snapshot = snapshot;
            return this;
        }

        /** An external snapshot's file (the image's path, whatever its storage type), or null. */
        public String file() {
            return path;
        }

        /**
         * The new image's storage type: file (the default), block, network, nvme or vhostuser.
         *
         * @since 0.14.0
         */
        public String type() {
            return type;
        }

        /** @since 0.14.0 */
        public Disk type(String type) {
            this.type = type;
            return this;
        }

        /**
         * The image's path (a file or device, a network source's name), or null.
         *
         * @since 0.14.0
         */
        public String path() {
            return path;
        }

        /** @since 0.14.0 */
        public Disk path(String path) {
            this.path = path;
            return this;
        }

        /**
         * The image's {@code <source>} in libvirt's canonical form, or null.
         *
         * @since 0.14.0
         */
        public XmlElement source() {
            return source;
        }

        /** @since 0.14.0 */
        public Disk source(XmlElement source) {
            this.source = source;
            return this;
        }

        /**
         * The image's format ({@code <driver type>}: qcow2, qed, raw ...), or null.
         *
         * @since 0.14.0
         */
        public String format() {
            return format;
        }

        /** @since 0.14.0 */
        public Disk format(String format) {
            this.format = format;
            return this;
        }

        /**
         * The qcow2 metadata cache's maximum size in bytes, 0 when not set.
         *
         * @since 0.14.0
         */
        public long metadataCacheMaxSize() {
            return metadataCacheMaxSize;
        }

        /** @since 0.14.0 */
        public Disk metadataCacheMaxSize(long bytes) {
            this.metadataCacheMaxSize = bytes;
            return this;
        }

        /**
         * A redefinition's {@code <snapshotDeleteInProgress/>}.
         *
         * @since 0.14.0
         */
        public boolean deleteInProgress() {
            return deleteInProgress;
        }

        /** @since 0.14.0 */
        public Disk deleteInProgress(boolean deleteInProgress) {
            this.deleteInProgress = deleteInProgress;
            return this;
        }
    }

    private String name;
    private String description;
    private String state;
    private String parentName;
    private long creationTime;
    private String memory;
    private String memoryFile;
    private final List<Disk> disks = new ArrayList<>();
    private DomainDef domain;
    private DomainDef inactiveDomain;
    private String cookie;
    private Boolean current;

    public String name() {
        return name;
    }

    public SnapshotDef name(String name) {
        this.name = name;
        return this;
    }

    public String description() {
        return description;
    }

    public SnapshotDef description(String description) {
        this.description = description;
        return this;
    }

    /** libvirt's snapshot state word (virDomainSnapshotState), or null before it is known. */
    public String state() {
        return state;
    }

    public SnapshotDef state(String state) {
        this.state = state;
        return this;
    }

    public String parentName() {
        return parentName;
    }

    public SnapshotDef parentName(String parentName) {
        this.parentName = parentName;
        return this;
    }

    /** Seconds since the epoch. */
    public long creationTime() {
        return creationTime;
    }

    public SnapshotDef creationTime(long creationTime) {
        this.creationTime = creationTime;
        return this;
    }

    /** Where the memory went: no, internal, external; null when not said. */
    public String memory() {
        return memory;
    }

    public SnapshotDef memory(String memory) {
        this.memory = memory;
        return this;
    }

    public String memoryFile() {
        return memoryFile;
    }

    public SnapshotDef memoryFile(String memoryFile) {
        this.memoryFile = memoryFile;
        return this;
    }

    public List<Disk> disks() {
        return disks;
    }

    /** The domain's definition when the snapshot was taken; null when a redefinition gave none. */
    public DomainDef domain() {
        return domain;
    }

    public SnapshotDef domain(DomainDef domain) {
        this.domain = domain;
        return this;
    }

    /**
     * The domain's inactive definition when the snapshot of a running domain was taken
     * ({@code <inactiveDomain>}); null when the domain's definition serves for both.
     *
     * @since 0.14.0
     */
    public DomainDef inactiveDomain() {
        return inactiveDomain;
    }

    /** @since 0.14.0 */
    public SnapshotDef inactiveDomain(DomainDef inactiveDomain) {
        this.inactiveDomain = inactiveDomain;
        return this;
    }

    /**
     * The driver's save cookie ({@code <cookie>}): its content as the driver's
     * {@link SnapshotXml.SaveCookie} wrote it, one element per line at no indentation; null for none.
     *
     * @since 0.14.0
     */
    public String cookie() {
        return cookie;
    }

    /** @since 0.14.0 */
    public SnapshotDef cookie(String cookie) {
        this.cookie = cookie;
        return this;
    }

    /**
     * What an internal parse read from {@code <active>} (whether the snapshot was the domain's
     * current one); null when the parse was not internal.
     *
     * @since 0.14.0
     */
    public Boolean current() {
        return current;
    }

    /** @since 0.14.0 */
    public SnapshotDef current(Boolean current) {
        this.current = current;
        return this;
    }

    /** Whether the domain was active (running or paused...) when the snapshot was taken. */
    public boolean wasActive() {
        return state != null && !state.equals("shutoff") && !state.equals("disk-snapshot");
    }
}
