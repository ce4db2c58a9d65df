package io.jvirt.driver.qemu;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CharDeviceDef;
import io.jvirt.api.domain.DeviceDef;
import io.jvirt.api.domain.DomainDef;

/**
 * Which character device a console opens (libvirt's {@code qemuDomainOpenConsole}): by alias the
 * consoles, then the serial ports, then the parallel ports; without one the first console, else
 * the first serial port. Aliases are libvirt's ({@code qemuAssignDeviceChrAlias}): serialN,
 * parallelN by index among their kind, consoleN by index among the consoles, except that a first
 * console standing for serial port 0 shares that port's alias. Only a pty can be a console.
 */
final class QemuConsoles {

    /** A chosen device: its pty (null: QEMU allocated none yet) and the name errors give it. */
    record Choice(String path, String name) {
    }

    private QemuConsoles() {
    }

    /**
     * The device of {@code devName} (null: the default) in the running domain's live definition.
     *
     * @throws VirtException INTERNAL_ERROR "cannot find character device NAME" (libvirt prints
     *                       "&lt;null&gt;" for no name), INTERNAL_ERROR "character device NAME is
     *                       not using a PTY"
     */
    static Choice choose(DomainDef live, String devName) {
        List<CharDeviceDef> consoles = of(live, "console");
        List<CharDeviceDef> serials = of(live, "serial");
        List<CharDeviceDef> parallels = of(live, "parallel");
        CharDeviceDef chr = null;
        String alias = null;
        if (devName != null) {
            for (int i = 0; chr == null && i < consoles.size(); i++) {
                if (devName.equals(consoleAlias(consoles, serials, i))) {
                    chr = consoles.get(i);
                }
            }
            for (int i = 0; chr == null && i < serials.size(); i++) {
                if (devName.equals("serial" + i)) {
                    chr = serials.get(i);
                }
            }
            for (int i = 0; chr == null && i < parallels.size(); i++) {
                if (devName.equals("parallel" + i)) {
                    chr = parallels.get(i);
                }
            }
            alias = devName;
        } else if (!consoles.isEmpty()) {
            chr = consoles.get(0);
            alias = consoleAlias(consoles, serials, 0);
        } else if (!serials.isEmpty()) {
            chr = serials.get(0);
            alias = "serial0";
        }
        if (chr == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                "cannot find character device " + (devName == null ? "<null>" : devName));
        }
        if (chr.type() != null && !"pty".equals(chr.type())) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                "character device " + alias + " is not using a PTY");
        }
        String path = chr.tty();
        if (path == null && !chr.sources().isEmpty()) {
            path = chr.sources().get(0).path();
        }
        return new Choice(path, alias);
    }

    /** Console {@code i}'s alias: the first console standing for serial port 0 is "serial0". */
    private static String consoleAlias(List<CharDeviceDef> consoles, List<CharDeviceDef> serials, int i) {
        CharDeviceDef c = consoles.get(i);
        if (i == 0 && !serials.isEmpty() && (c.targetType() == null || "serial".equals(c.targetType()))) {
            return "serial0";
        }
        return "console" + i;
    }

    private static List<CharDeviceDef> of(DomainDef def, String kind) {
        List<CharDeviceDef> out = new ArrayList<>(2);
        for (DeviceDef d : def.devices()) {
            if (d instanceof CharDeviceDef c && kind.equals(c.kind())) {
                out.add(c);
            }
        }
        return out;
    }
}
