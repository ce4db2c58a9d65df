package io.jvirt.api.domain;

import java.util.UUID;

/**
 * Builds a definition in code. {@link #build()} applies the same generic checks and defaults as
 * parsing (name required, UUID and MAC addresses generated, ...).
 */
public final class DomainDefBuilder {
    private final DomainDef def = new DomainDef();

    DomainDefBuilder() {
    }

    public DomainDefBuilder type(String type) {
        def.type(type);
        return this;
    }

    public DomainDefBuilder name(String name) {
        def.name(name);
        return this;
    }

    public DomainDefBuilder uuid(UUID uuid) {
        def.uuid(uuid);
        return this;
    }

    public DomainDefBuilder title(String title) {
        def.title(title);
        return this;
    }

    public DomainDefBuilder description(String description) {
        def.description(description);
        return this;
    }

    public DomainDefBuilder memoryKiB(long kib) {
        def.memoryKiB(kib);
        return this;
    }

    public DomainDefBuilder currentMemoryKiB(long kib) {
        def.currentMemoryKiB(kib);
        return this;
    }

    public DomainDefBuilder vcpus(int vcpus) {
        def.vcpus(vcpus);
        return this;
    }

    public DomainDefBuilder os(String type, String arch, String machine) {
        def.os().type(type).arch(arch).machine(machine);
        return this;
    }

    public DomainDefBuilder bootDevice(String dev) {
        def.os().bootDevices().add(dev);
        return this;
    }

    public DomainDefBuilder cpu(CpuDef cpu) {
        def.cpu(cpu);
        return this;
    }

    public DomainDefBuilder emulator(String emulator) {
        def.emulator(emulator);
        return this;
    }

    public DomainDefBuilder device(DeviceDef device) {
        def.addDevice(device);
        return this;
    }

    /** Checks the definition and applies libvirt's generic defaults. */
    public DomainDef build() {
        DomainDefaults.apply(def, DomainDefDefaults.NONE);
        return def;
    }
}
