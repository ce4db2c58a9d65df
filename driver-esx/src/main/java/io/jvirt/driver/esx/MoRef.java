package io.jvirt.driver.esx;

import java.util.Objects;

import org.w3c.dom.Element;

/**
 * A vSphere managed object reference: {@code <obj type="VirtualMachine">vm-42</obj>}.
 *
 * @param type  the managed object type ("VirtualMachine", "Folder", ...)
 * @param value the id ("vm-42", "ha-folder-root", ...)
 */
public record MoRef(String type, String value) {

    public MoRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /** A {@code <x type="T">id</x>} element of an answer as a reference; null for a null element. */
    public static MoRef of(Element e) {
        return e == null ? null : new MoRef(e.getAttribute("type"), e.getTextContent().strip());
    }

    /**
     * libvirt's domain id of a virtual machine ({@code esxUtil_ParseVirtualMachineIDString}): the
     * whole id when it is a number (ESX), else the number after "vm-" (vCenter); -1 otherwise.
     */
    public int vmId() {
        String v = value.startsWith("vm-") ? value.substring(3) : value;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
