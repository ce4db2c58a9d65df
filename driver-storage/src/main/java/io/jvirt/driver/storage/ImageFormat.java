package io.jvirt.driver.storage;

import java.util.Locale;

/**
 * libvirt's volume formats for file volumes (virStorageFileFormat, its names as in the volume XML's
 * {@code <format type=.../>}), with qemu-img's name for each where it has one.
 */
enum ImageFormat {
    RAW("raw", "raw"),
    DIR("dir", null),
    BOCHS("bochs", "bochs"),
    CLOOP("cloop", "cloop"),
    DMG("dmg", "dmg"),
    ISO("iso", "raw"),
    VPC("vpc", "vpc"),
    VDI("vdi", "vdi"),
    FAT("fat", null),
    VHD("vhd", "vpc"),
    PLOOP("ploop", null),
    COW("cow", null),
    QCOW("qcow", "qcow"),
    QCOW2("qcow2", "qcow2"),
    QED("qed", "qed"),
    VMDK("vmdk", "vmdk");

    private final String xmlName;
    private final String qemuName;

    ImageFormat(String xmlName, String qemuName) {
        this.xmlName = xmlName;
        this.qemuName = qemuName;
    }

    /** The name in libvirt's XML. */
    String xmlName() {
        return xmlName;
    }

    /**
     * qemu-img's name (libvirt treats iso as raw when creating), or null when qemu-img does not know
     * the format.
     */
    String qemuName() {
        return qemuName;
    }

    /** The format libvirt calls {@code name}, or null for a name it does not know. */
    static ImageFormat fromXml(String name) {
        for (ImageFormat f : values()) {
            if (f.xmlName.equals(name)) {
                return f;
            }
        }
        return null;
    }

    /**
     * The format of qemu-img info's "format" field, or null for one libvirt has no name for
     * (the caller then treats the file as raw, as libvirt's probe does).
     */
    static ImageFormat fromQemu(String name) {
        if (name == null) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("vpc")) {
            return VPC;
        }
        for (ImageFormat f : values()) {
            if (f.qemuName != null && f.qemuName.equals(n) && f != ISO && f != VHD) {
                return f;
            }
        }
        return null;
    }
}
