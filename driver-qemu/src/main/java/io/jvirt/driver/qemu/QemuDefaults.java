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
 *
 * <p>{@link #forStoredState} is the variant for definitions the driver loads from its own files
 * (configs, the live XML of status files): what depends on the environment (the capability probe,
 * the machine types this binary offers) is not checked there, because the environment may be what
 * changed; an unknown machine type fails the start instead (libvirt loads stored definitions with
 * fewer checks than a define for the same reason).
 */
final class QemuDefaults implements DomainDefDefaults {

    private static final Logger LOG = LoggerFactory.getLogger(QemuDefaults.class);

    private final QemuHost host;
    private final boolean stored;

    QemuDefaults(QemuHost host) {
        this(host, false);
    }

    private QemuDefaults(QemuHost host, boolean stored) {
        this.host = host;
        this.stored = stored;
    }

    /** The defaults for stored definitions: never rejects one because of what the binary offers or a probe failure. */
    static QemuDefaults forStoredState(QemuHost host) {
        return new QemuDefaults(host, true);
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
            if (canonical == null && stored) {
                LOG.warn("domain '{}': emulator '{}' does not offer machine type '{}' (any more); it will not start until redefined",
                    def.name(), info.emulator(), def.machine());
                return;
            }
            if (canonical == null) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                    "Emulator '" + info.emulator() + "' does not support machine type '" + def.machine() + "'");
            }
            def.machine(canonical);
        }
    }

    /** qemuDomainDeviceVideoDefPostParse: a video without a type is cirrus on x86 (the only guests this driver runs). */
    @Override
    public String defaultVideoType(DomainDef def) {
        return "cirrus";
    }

    private QemuCapabilities.Info probe() {
        Path emulator;
        try {
            emulator = host.settings.findEmulator();
        } catch (VirtException e) {
            LOG.debug("no QEMU binary for defaults: {}", e.getMessage());
            return null;
        }
        if (!stored) {
            return host.caps.get(emulator);
        }
        try {
            return host.caps.get(emulator);
        } catch (VirtException e) {
            LOG.warn("loading stored definitions without the capabilities of {}: {}", emulator, e.getMessage());
            return null;
        }
    }
}
