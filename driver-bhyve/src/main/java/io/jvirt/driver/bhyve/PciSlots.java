package io.jvirt.driver.bhyve;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * bhyve's one PCI bus as libvirt's address set sees it (virDomainPCIAddressSet with a single
 * pci-root bus): slots 1 to 31 (slot 0 is the hostbridge), functions 0 to 7. A slot is free for a
 * new device only when none of its functions is taken, as libvirt's next-address search wants.
 */
final class PciSlots {

    static final int MIN_SLOT = 1;
    static final int MAX_SLOT = 31;
    static final int MAX_FUNCTION = 7;

    /** Per slot, a bit per function in use. */
    private final int[] functions = new int[MAX_SLOT + 1];

    boolean slotInUse(int slot) {
        return functions[slot] != 0;
    }

    /** Reserves an address the user wrote (virDomainPCIAddressReserveAddr, from the configuration). */
    void reserve(PciAddress a) {
        if (a.domain() != 0) {
            throw invalid("Invalid PCI address " + a + ". Only PCI domain 0 is available");
        }
        if (a.bus() != 0) {
            throw invalid("Invalid PCI address " + a + ". Only PCI buses up to 0 are available");
        }
        if (a.slot() < MIN_SLOT) {
            throw invalid("Invalid PCI address " + a + ". slot must be >= " + MIN_SLOT);
        }
        if (a.slot() > MAX_SLOT) {
            throw invalid("Invalid PCI address " + a + ". slot must be <= " + MAX_SLOT);
        }
        if (a.function() > MAX_FUNCTION) {
            throw invalid("Invalid PCI address " + a + ". function must be <= " + MAX_FUNCTION);
        }
        int bit = 1 << a.function();
        if ((functions[a.slot()] & bit) != 0) {
            throw invalid("Attempted double use of PCI Address " + a);
        }
        functions[a.slot()] |= bit;
    }

    /** The first wholly free slot, function 0, now reserved (virDomainPCIAddressReserveNextAddr). */
    PciAddress reserveNext() {
        for (int slot = MIN_SLOT; slot <= MAX_SLOT; slot++) {
            if (functions[slot] == 0) {
                functions[slot] = 1;
                return new PciAddress(0, 0, slot, 0);
            }
        }
        throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.BHYVE, "No more available PCI slots");
    }

    private static VirtException invalid(String message) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.BHYVE, message);
    }
}
