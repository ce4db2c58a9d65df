package io.jvirt.driver.test;

import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.BasicDeviceDef;
import io.jvirt.api.domain.ControllerDef;
import io.jvirt.api.domain.DeviceDef;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.domain.FilesystemDef;
import io.jvirt.api.domain.GenericDeviceDef;
import io.jvirt.api.domain.GraphicsDef;
import io.jvirt.api.domain.InterfaceDef;
import io.jvirt.core.kit.DefinitionImpact;
import io.jvirt.core.spi.DomainRef;

/**
 * Device attach, detach and update with LIVE/CONFIG semantics. libvirt's test driver has no device
 * hotplug; these follow the config-side rules libvirt's stateful drivers share
 * ({@code qemuDomainAttachDeviceConfig} and friends): disks are identified by target, interfaces
 * by MAC address, controllers by type and index, filesystems by target, other devices by their
 * whole element. A simulated guest has nothing to unplug, so LIVE changes take effect at once.
 */
final class DeviceChanges {

    /** {@code VIR_DOMAIN_DEVICE_MODIFY_FORCE}, accepted by update only. */
    private static final int MODIFY_FORCE = 4;

    private final TestHost host;

    DeviceChanges(TestHost host) {
        this.host = host;
    }

    void attach(DomainRef ref, String xml, int flags) {
        Flags.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG, "testDomainAttachDeviceFlags");
        DeviceDef dev = parse(xml);
        host.domains.run(host.dom(ref), "virDomainAttachDeviceFlags",
            d -> DefinitionImpact.of(d, flags).apply(d, def -> attachTo(def, dev.copy())));
    }

    void detach(DomainRef ref, String xml, int flags) {
        Flags.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG, "testDomainDetachDeviceFlags");
        DeviceDef dev = parse(xml);
        host.domains.run(host.dom(ref), "virDomainDetachDeviceFlags",
            d -> DefinitionImpact.of(d, flags).apply(d, def -> def.devices().remove(find(def, dev))));
    }

    void update(DomainRef ref, String xml, int flags) {
        Flags.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG | MODIFY_FORCE, "testDomainUpdateDeviceFlags");
        DeviceDef dev = parse(xml);
        if (!(dev instanceof DiskDef) && !(dev instanceof InterfaceDef) && !(dev instanceof GraphicsDef)) {
            throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.DOMAIN,
                "persistent update of device '" + dev.kind() + "' is not supported");
        }
        host.domains.run(host.dom(ref), "virDomainUpdateDeviceFlags", d -> DefinitionImpact.of(d, flags).apply(d, def -> {
            int pos = indexForUpdate(def, dev);
            def.devices().set(pos, dev.copy());
        }));
    }

    private static DeviceDef parse(String xml) {
        return DomainXml.parseDevice(xml, false, TestDefaults.INSTANCE);
    }

    private static void attachTo(DomainDef def, DeviceDef dev) {
        if (dev instanceof DiskDef disk) {
            if (disk.targetDev() != null && diskIndex(def, disk.targetDev()) >= 0) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                    "target " + disk.targetDev() + " already exists");
            }
        } else if (dev instanceof ControllerDef c) {
            for (ControllerDef other : def.controllers()) {
                if (other.type().equals(c.type()) && other.index() == c.index()) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                        "controller index='" + c.index() + "' already exists");
                }
            }
        } else if (dev instanceof FilesystemDef fs) {
            for (FilesystemDef other : def.filesystems()) {
                if (other.target() != null && other.target().equals(fs.target())) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "Target already exists");
                }
            }
        }
        def.addDevice(dev);
        TestDefaults.generateIfnames(def);
    }

    /** The device of {@code def} that {@code dev} names, with libvirt's "not found" words per kind. */
    private static DeviceDef find(DomainDef def, DeviceDef dev) {
        if (dev instanceof DiskDef disk) {
            int i = diskIndex(def, disk.targetDev());
            if (i < 0) {
                throw new VirtException(ErrorCode.DEVICE_MISSING, ErrorDomain.DOMAIN, "no target device " + disk.targetDev());
            }
            return def.devices().get(i);
        }
        if (dev instanceof InterfaceDef net) {
            return def.devices().get(netIndex(def, net));
        }
        for (DeviceDef d : def.devices()) {
            if (sameDevice(d, dev)) {
                return d;
            }
        }
        throw new VirtException(ErrorCode.DEVICE_MISSING, ErrorDomain.DOMAIN, "device not present in domain configuration");
    }

    private static boolean sameDevice(DeviceDef d, DeviceDef dev) {
        if (!d.kind().equals(dev.kind())) {
            return false;
        }
        if (dev instanceof ControllerDef c && d instanceof ControllerDef o) {
            return o.type().equals(c.type()) && o.index() == c.index();
        }
        if (dev instanceof FilesystemDef fs && d instanceof FilesystemDef o) {
            return o.target() != null && o.target().equals(fs.target());
        }
        if (dev instanceof GenericDeviceDef g && d instanceof GenericDeviceDef o) {
            return o.element().toString().equals(g.element().toString());
        }
        if (dev instanceof BasicDeviceDef && d instanceof BasicDeviceDef) {
            return DomainXml.formatDevice(d).equals(DomainXml.formatDevice(dev)); // the whole element, as above
        }
        return false;
    }

    private static int indexForUpdate(DomainDef def, DeviceDef dev) {
        if (dev instanceof DiskDef disk) {
            int i = diskIndex(def, disk.targetDev());
            if (i < 0) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "target " + disk.targetDev() + " doesn't exist.");
            }
            return i;
        }
        if (dev instanceof InterfaceDef net) {
            return netIndex(def, net);
        }
        List<DeviceDef> all = def.devices();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).kind().equals(dev.kind())) {
                return i;
            }
        }
        throw new VirtException(ErrorCode.DEVICE_MISSING, ErrorDomain.DOMAIN, "device not present in domain configuration");
    }

    private static int diskIndex(DomainDef def, String target) {
        List<DeviceDef> all = def.devices();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) instanceof DiskDef d && target != null && target.equals(d.targetDev())) {
                return i;
            }
        }
        return -1;
    }

    /** libvirt's {@code virDomainNetFindIdx} by MAC address. */
    private static int netIndex(DomainDef def, InterfaceDef net) {
        List<DeviceDef> all = def.devices();
        int found = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) instanceof InterfaceDef n && n.mac() != null && n.mac().equalsIgnoreCase(net.mac())) {
                if (found >= 0) {
                    throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN,
                        "multiple devices matching MAC address " + net.mac() + " found");
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new VirtException(ErrorCode.DEVICE_MISSING, ErrorDomain.DOMAIN,
                "no device matching MAC address " + net.mac() + " found");
        }
        return found;
    }
}
