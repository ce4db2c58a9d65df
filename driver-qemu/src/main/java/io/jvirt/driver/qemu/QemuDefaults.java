package io.jvirt.driver.qemu;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainDefDefaults;
import io.jvirt.api.domain.MemballoonDef;

/**
 * The QEMU driver's post-parse defaults (libvirt's {@code qemuDomainDefPostParse}): domain and OS
 * type checks, the architecture, the emulator, the canonical machine type and the implicit virtio
 * memory balloon (what {@code setmem} of a running guest works through). Without a QEMU binary
 * the definition is still accepted (the emulator and machine are then settled at start).
 */
final class QemuDefaults implements DomainDefDefaults {

    private static final Logger LOG = LoggerFactory.getLogger(QemuDefaults.class);

    private final QemuHost host;

    QemuDefaults(QemuHost host) {
        this.host = host;
    }

    @Override
    public void apply(DomainDef def) {
        String type = def.type();
        if (!"qemu".equals(type) && !"kvm".equals(type)) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                "Emulator '" + QemuSettings.DEFAULT_BINARY + "' does not support virt type '" + type + "'");
        }
        if (def.osType() != null && !"hvm".equals(def.osType())) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                "Emulator '" + QemuSettings.DEFAULT_BINARY + "' does not support os type '" + def.osType() + "'");
        }
        if (def.osType() == null) {
            def.osType("hvm");
        }
        if (def.arch() == null) {
            def.arch("x86_64");
        }
        if (!"x86_64".equals(def.arch()) && !"i686".equals(def.arch())) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                "No emulator found for arch '" + def.arch() + "'");
        }
        if (def.devices(MemballoonDef.class).isEmpty()) {
            def.devices().add(new MemballoonDef().model("virtio"));
        }
        QemuCapabilities.Info info = probe();
        if (info == null) {
            if (def.machine() == null) {
                def.machine("pc");
            }
            return;
        }
        if (def.emulator() == null) {
            def.emulator(info.emulator().toString());
        }
        if (def.machine() == null) {
            def.machine(info.defaultMachine());
        } else {
            String canonical = info.canonicalMachine(def.machine());
            if (canonical == null) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                    "Emulator '" + info.emulator() + "' does not support machine type '" + def.machine() + "'");
            }
            def.machine(canonical);
        }
    }

    private QemuCapabilities.Info probe() {
        Path emulator;
        try {
            emulator = host.settings.findEmulator();
        } catch (VirtException e) {
            LOG.debug("no QEMU binary for defaults: {}", e.getMessage());
            return null;
        }
        return host.caps.get(emulator);
    }
}
