package io.jvirt.driver.bhyve;

import io.jvirt.api.domain.ControllerDef;
import io.jvirt.api.domain.DeviceDef;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.FilesystemDef;
import io.jvirt.api.domain.InterfaceDef;
import io.jvirt.api.domain.SoundDef;
import io.jvirt.api.domain.VideoDef;

/**
 * libvirt's bhyveDomainAssignPCIAddresses: the addresses the user wrote are reserved first, slot 1
 * is kept for the LPC bridge unless the user put something there, then controllers, interfaces,
 * virtio disks, video, sound and filesystems get the first free slots in that order.
 */
final class BhyvePciAssigner {

    private static final int LPC_SLOT = 1;

    private BhyvePciAssigner() {
    }

    static void assign(DomainDef def) {
        PciSlots slots = new PciSlots();
        for (DeviceDef d : def.devices()) {
            PciAddress a = PciAddress.of(d);
            // bhyveCollectPCIAddress: 0000:00:00 is "no address yet", whatever the function
            if (a != null && !(a.domain() == 0 && a.bus() == 0 && a.slot() == 0)) {
                slots.reserve(a);
            }
        }
        if (!slots.slotInUse(LPC_SLOT)) {
            PciAddress lpc = new PciAddress(0, 0, LPC_SLOT, 0);
            slots.reserve(lpc);
            for (ControllerDef c : def.controllers()) {
                if ("isa".equals(c.type()) && PciAddress.wanted(c)) {
                    lpc.assignTo(c);
                    break;
                }
            }
        }
        for (ControllerDef c : def.controllers()) {
            boolean onPci = "pci".equals(c.type()) || "sata".equals(c.type()) || "isa".equals(c.type())
                || ("usb".equals(c.type()) && "nec-xhci".equals(c.model()));
            if (onPci && !"pci-root".equals(c.model()) && PciAddress.wanted(c)) {
                slots.reserveNext().assignTo(c);
            }
        }
        for (InterfaceDef n : def.interfaces()) {
            if (PciAddress.wanted(n)) {
                slots.reserveNext().assignTo(n);
            }
        }
        for (DiskDef disk : def.disks()) {
            if (!"virtio".equals(disk.targetBus())) {
                continue;
            }
            PciAddress a = PciAddress.of(disk);
            if (a != null && !a.isEmpty()) {
                continue;
            }
            slots.reserveNext().assignTo(disk);
        }
        for (VideoDef v : def.devices(VideoDef.class)) {
            if (PciAddress.wanted(v)) {
                slots.reserveNext().assignTo(v);
            }
        }
        for (SoundDef s : def.devices(SoundDef.class)) {
            if (PciAddress.wanted(s)) {
                slots.reserveNext().assignTo(s);
            }
        }
        for (FilesystemDef fs : def.filesystems()) {
            if (PciAddress.wanted(fs)) {
                slots.reserveNext().assignTo(fs);
            }
        }
    }
}
