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

    /** One disk of the snapshot: its target name and where its state went (internal, external, no, manual). */
    public static final class Disk {
        private String name;
        private String snapshot;
        private String file;

        public Disk(String name, String snapshot, String file) {
            this.name = name;
            this.snapshot = snapshot;
            this.file = file;
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

        /** An external snapshot's file, or null. */
        public String file() {
            return file;
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

    /** Whether the domain was active (running or paused...) when the snapshot was taken. */
    public boolean wasActive() {
        return state != null && !state.equals("shutoff") && !state.equals("disk-snapshot");
    }
}
