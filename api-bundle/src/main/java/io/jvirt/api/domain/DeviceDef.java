package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What every device of a domain has: its element name ({@link #kind()}), a per-device boot order,
 * a guest address and other device-info elements ({@code <alias>}, {@code <rom>}, {@code <acpi>}).
 * Addresses are kept as parsed: their shape depends on the bus and the driver assigns them.
 */
public abstract sealed class DeviceDef
    permits DiskDef, InterfaceDef, GraphicsDef, CharDeviceDef, ControllerDef, FilesystemDef, BasicDeviceDef,
    GenericDeviceDef {

    private Integer bootOrder;
    private String bootLoadparm;
    private XmlElement address;
    private final List<XmlElement> info = new ArrayList<>(0);

    /** The element name of the device ("disk", "interface", "serial", ...). */
    public abstract String kind();

    /** A deep copy. */
    public abstract DeviceDef copy();

    /** {@code boot@order}: this device's place in the boot order, or null. */
    public Integer bootOrder() {
        return bootOrder;
    }

    public DeviceDef bootOrder(Integer order) {
        this.bootOrder = order;
        return this;
    }

    /** {@code boot@loadparm} (s390), or null. */
    public String bootLoadparm() {
        return bootLoadparm;
    }

    public DeviceDef bootLoadparm(String loadparm) {
        this.bootLoadparm = loadparm;
        return this;
    }

    /** The {@code <address>} element as parsed, or null when the driver is to assign one. */
    public XmlElement address() {
        return address;
    }

    public DeviceDef address(XmlElement address) {
        this.address = address;
        return this;
    }

    /** Other device-info elements ({@code alias}, {@code rom}, {@code acpi}, {@code master}) as parsed. */
    public List<XmlElement> info() {
        return info;
    }

    protected void copyBase(DeviceDef from) {
        bootOrder = from.bootOrder;
        bootLoadparm = from.bootLoadparm;
        address = from.address == null ? null : from.address.copy();
        from.info.forEach(e -> info.add(e.copy()));
    }
}
