package io.jvirt.core.kit.vmx;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import io.jvirt.core.kit.DiskNames;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.ControllerDef;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainDefDefaults;
import io.jvirt.api.domain.XmlElement;

/**
 * What libvirt's domain XML parser does for the VMware drivers' definitions
 * ({@code virVMXDomainXMLConfInit}: a wide SCSI bus, VMware's MAC prefix 00:0c:29, names with '/') and for every
 * driver where the model leaves it to the driver: a disk's bus from its target name, its drive
 * address from its index, and the controllers its address names.
 */
final class VmwareDefaults implements DomainDefDefaults {

    static final VmwareDefaults INSTANCE = new VmwareDefaults();

    private VmwareDefaults() {
    }

    @Override
    public void apply(DomainDef def) {
        for (DiskDef d : def.disks()) {
            if (d.targetBus() == null) {
                d.targetBus(defaultBus(d));
            }
            if (d.address() == null) {
                DiskNames.Drive a = DiskNames.assign(d.targetBus(), d.targetDev(), DiskNames.SCSI_WIDE_BUS_MAX_CONT_UNIT);
                if (a != null && List.of("scsi", "ide", "fdc", "sata").contains(d.targetBus())) {
                    d.address(drive(a));
                }
            }
        }
        // virDomainDefAddImplicitControllers: the disk controllers every drive address names
        for (String bus : List.of("scsi", "fdc", "ide", "sata")) {
            int max = -1;
            for (DiskDef d : def.disks()) {
                if (bus.equals(d.targetBus()) && isDrive(d.address())) {
                    max = Math.max(max, intAttr(d.address(), "controller"));
                }
            }
            for (int i = 0; i <= max; i++) {
                final int idx = i;
                if (def.controllers().stream().noneMatch(c -> bus.equals(c.type()) && c.index() == idx)) {
                    def.addDevice(new ControllerDef().type(bus).index(idx));
                }
            }
        }
    }

    /** vSphere names may hold '/' (a .vmx escapes it as %2f). */
    @Override
    public boolean namesMayContainSlash() {
        return true;
    }

    @Override
    public String generateMac() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format(Locale.ROOT, "00:0c:29:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256), r.nextInt(256));
    }

    /** libvirt's bus for a disk without one: FDC for floppies, else by the target name's prefix. */
    static String defaultBus(DiskDef d) {
        String dst = d.targetDev() == null ? "" : d.targetDev();
        if ("floppy".equals(d.device())) {
            return "fdc";
        }
        if (dst.startsWith("hd")) {
            return "ide";
        }
        if (dst.startsWith("sd")) {
            return "scsi";
        }
        if (dst.startsWith("vd")) {
            return "virtio";
        }
        if (dst.startsWith("xvd")) {
            return "xen";
        }
        if (dst.startsWith("ubd")) {
            return "uml";
        }
        return "ide";
    }

    static XmlElement drive(DiskNames.Drive a) {
        return new XmlElement("address").attr("type", "drive").attr("controller", String.valueOf(a.controller()))
            .attr("bus", String.valueOf(a.bus())).attr("target", "0").attr("unit", String.valueOf(a.unit()));
    }

    static boolean isDrive(XmlElement address) {
        return address != null && "drive".equals(address.attributes().get("type"));
    }

    /** A drive address's number attribute; libvirt's default 0 when absent. */
    static int intAttr(XmlElement address, String name) {
        String v = address.attributes().get(name);
        if (v == null) {
            return 0;
        }
        Long n = v.isEmpty() || v.charAt(0) == '-' ? null : LibvirtNumbers.uip(v);
        if (n == null || n > Integer.MAX_VALUE) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "Invalid value for attribute '" + name
                + "' in element 'address': '" + v + "'. Expected non-negative integer value");
        }
        return n.intValue();
    }
}
