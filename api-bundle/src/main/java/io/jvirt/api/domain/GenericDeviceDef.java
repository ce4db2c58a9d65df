package io.jvirt.api.domain;


/**
 * A device the model keeps as parsed (smartcard, redirdev, shmem, memory, iommu, vsock, ...) and re-emits as
 * libvirt wrote it, with generic defaults applied.
 */
public final class GenericDeviceDef extends DeviceDef {

    private XmlElement element;

    /** The device element as parsed, without boot/address (kept in the base). */
    public XmlElement element() {
        return element;
    }

    public GenericDeviceDef element(XmlElement element) {
        this.element = element;
        return this;
    }

    /** A deep copy. */
    @Override
    public GenericDeviceDef copy() {
        GenericDeviceDef c = new GenericDeviceDef();
        c.copyBase(this);
        c.element = element == null ? null : element.copy();
        return c;
    }

    GenericDeviceDef() {
    }

    /** A device kept as parsed. */
    public GenericDeviceDef(XmlElement element) {
        this.element = element;
    }

    @Override
    public String kind() {
        return element.name();
    }
}
