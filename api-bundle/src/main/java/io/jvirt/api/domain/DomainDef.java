package io.jvirt.api.domain;

import java.util.UUID;

/**
 * A domain definition: what libvirt's domain XML says about one guest. Mutable; drivers copy a
 * definition ({@link #copy()}) before they change one that others may read.
 */
public final class DomainDef {

    private String type = "test";
    private String name;
    private UUID uuid;
    private String title;
    private String description;
    private long memoryKiB;
    private long currentMemoryKiB;
    private int vcpus = 1;
    private int currentVcpus;
    private String osType = "hvm";
    private String arch;
    private String machine;

    public DomainDef copy() {
        DomainDef c = new DomainDef();
        c.type = type;
        c.name = name;
        c.uuid = uuid;
        c.title = title;
        c.description = description;
        c.memoryKiB = memoryKiB;
        c.currentMemoryKiB = currentMemoryKiB;
        c.vcpus = vcpus;
        c.currentVcpus = currentVcpus;
        c.osType = osType;
        c.arch = arch;
        c.machine = machine;
        return c;
    }

    /** The {@code domain@type} attribute: the hypervisor type ("qemu", "kvm", "lxc", "test", ...). */
    public String type() {
        return type;
    }

    public DomainDef type(String type) {
        this.type = type;
        return this;
    }

    public String name() {
        return name;
    }

    public DomainDef name(String name) {
        this.name = name;
        return this;
    }

    public UUID uuid() {
        return uuid;
    }

    public DomainDef uuid(UUID uuid) {
        this.uuid = uuid;
        return this;
    }

    public String title() {
        return title;
    }

    public DomainDef title(String title) {
        this.title = title;
        return this;
    }

    public String description() {
        return description;
    }

    public DomainDef description(String description) {
        this.description = description;
        return this;
    }

    /** The maximum memory at boot ({@code <memory>}) in KiB. */
    public long memoryKiB() {
        return memoryKiB;
    }

    public DomainDef memoryKiB(long kib) {
        this.memoryKiB = kib;
        return this;
    }

    /** The current memory ({@code <currentMemory>}) in KiB; equals {@link #memoryKiB()} when absent. */
    public long currentMemoryKiB() {
        return currentMemoryKiB == 0 ? memoryKiB : currentMemoryKiB;
    }

    public DomainDef currentMemoryKiB(long kib) {
        this.currentMemoryKiB = kib;
        return this;
    }

    /** The maximum number of virtual CPUs ({@code <vcpu>}). */
    public int vcpus() {
        return vcpus;
    }

    public DomainDef vcpus(int vcpus) {
        this.vcpus = vcpus;
        return this;
    }

    /** The number of virtual CPUs online at boot ({@code vcpu@current}); {@link #vcpus()} when absent. */
    public int currentVcpus() {
        return currentVcpus == 0 ? vcpus : currentVcpus;
    }

    public DomainDef currentVcpus(int current) {
        this.currentVcpus = current;
        return this;
    }

    public String osType() {
        return osType;
    }

    public DomainDef osType(String osType) {
        this.osType = osType;
        return this;
    }

    public String arch() {
        return arch;
    }

    public DomainDef arch(String arch) {
        this.arch = arch;
        return this;
    }

    public String machine() {
        return machine;
    }

    public DomainDef machine(String machine) {
        this.machine = machine;
        return this;
    }
}
