package io.jvirt.api.domain;

/**
 * A {@code <hostdev>}: a host device (PCI, USB, SCSI, mediated device, ...) given to the guest.
 * Its {@code <source>} is kept as parsed: its shape depends on the type.
 */
public final class HostdevDef extends BasicDeviceDef {

    private String mode;
    private String type;
    private Boolean managed;
    private XmlElement source;

    /** {@code hostdev@mode}: subsystem or capabilities (null: subsystem). */
    public String mode() {
        return mode;
    }

    public HostdevDef mode(String mode) {
        this.mode = mode;
        return this;
    }

    /** {@code hostdev@type}: usb, pci, scsi, scsi_host, mdev (subsystem); storage, misc, net (capabilities). */
    public String type() {
        return type;
    }

    public HostdevDef type(String type) {
        this.type = type;
        return this;
    }

    /** {@code managed} (yes/no), or null. */
    public Boolean managed() {
        return managed;
    }

    public HostdevDef managed(Boolean managed) {
        this.managed = managed;
        return this;
    }

    /** The {@code <source>} element as parsed, or null. */
    public XmlElement source() {
        return source;
    }

    public HostdevDef source(XmlElement source) {
        this.source = source;
        return this;
    }

    /** The host address of the device ({@code <source><address .../>}), or null. */
    public XmlElement sourceAddress() {
        if (source == null) {
            return null;
        }
        for (XmlElement c : source.children()) {
            if ("address".equals(c.name())) {
                return c;
            }
        }
        return null;
    }

    @Override
    public HostdevDef copy() {
        HostdevDef c = new HostdevDef().mode(mode).type(type).managed(managed)
            .source(source == null ? null : source.copy());
        c.copyBasic(this);
        return c;
    }

    @Override
    public String kind() {
        return "hostdev";
    }
}
