package io.jvirt.driver.bhyve;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.XmlElement;

/** The parts of a definition only bhyve reads, as the model keeps them (top-level elements kept as parsed). */
final class BhyveDomain {

    static final String NAMESPACE = "http://libvirt.org/schemas/domain/bhyve/1.0";

    private BhyveDomain() {
    }

    /** {@code <bootloader>}, or null. */
    static String bootloader(DomainDef def) {
        return text(def.kept("bootloader"));
    }

    /** {@code <bootloader_args>}, or null. */
    static String bootloaderArgs(DomainDef def) {
        return text(def.kept("bootloader_args"));
    }

    static void bootloader(DomainDef def, String path, String args) {
        def.kept().removeIf(e -> e.name().equals("bootloader") || e.name().equals("bootloader_args"));
        if (path != null) {
            def.kept().add(new XmlElement("bootloader").text(path));
        }
        if (args != null) {
            def.kept().add(new XmlElement("bootloader_args").text(args));
        }
    }

    /** The {@code <bhyve:commandline>} arguments (bhyveDomainDefNamespaceParse), in order. */
    static List<String> commandlineArgs(DomainDef def) {
        List<String> args = new ArrayList<>();
        for (XmlElement e : def.kept()) {
            if (NAMESPACE.equals(e.namespaceUri()) && "commandline".equals(e.localName())) {
                for (XmlElement arg : e.children()) {
                    if ("arg".equals(arg.localName())) {
                        String v = arg.attributes().get("value");
                        if (v == null) {
                            throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.INTERNAL_ERROR,
                                io.jvirt.api.ErrorDomain.BHYVE, "No bhyve command-line argument specified");
                        }
                        args.add(v);
                    }
                }
            }
        }
        return args;
    }

    /** A SATA disk's drive address controller (0 when it has none). */
    static int driveController(DiskDef disk) {
        XmlElement a = disk.address();
        if (a == null || !"drive".equals(a.attributes().get("type"))) {
            return 0;
        }
        String v = a.attributes().get("controller");
        try {
            return v == null ? 0 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String text(XmlElement e) {
        return e == null ? null : (e.text() == null ? "" : e.text());
    }
}
