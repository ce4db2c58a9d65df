package io.jvirt.driver.lxc;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.DomainConsole;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CharDeviceDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.kit.local.PtyConsole;

/**
 * libvirt's {@code lxcDomainOpenConsole} after its flag and state checks: which character device
 * a console stream opens, and the opening. A name is matched against the consoles' aliases only
 * ({@code consoleN}, by index among the consoles, as virLXCProcessStart names them); without one
 * the first console, else the first serial port. Only a pty can be opened, and only the host side
 * the live definition shows (the console relay's slave, see {@link ConsoleRelay}), through the
 * kit's {@link PtyConsole}: a character device under /dev/pts, never through a symbolic link.
 *
 * <p>libvirt's LXC driver keeps no table of console sessions (no virChrdevs, unlike its QEMU
 * driver): every call opens the pty again, so two streams may be open on one console at once.
 * jvirt follows it; the relay's host side ignores a departing reader's hang-up, so closing a
 * stream leaves the container's terminal as it was.
 */
final class LxcConsoles {

    private LxcConsoles() {
    }

    /**
     * Opens the console {@code devName} (null: the default) of a running container whose live
     * definition is {@code live} and whose console relay's host side is {@code relayTty} (null:
     * no relay). The path opened is the relay's own record, never a path a definition names:
     * libvirt parses a pty's path from live XML only, and a serial port of an LXC domain never
     * gets a pty (libvirt's LXC driver allocates them for consoles only), so its path, if the
     * definition wrote one, is the user's and is not opened.
     *
     * @throws VirtException INTERNAL_ERROR "cannot find console device 'NAME'" ('default' without
     *                       a name), INTERNAL_ERROR "character device NAME is not using a PTY",
     *                       OPERATION_FAILED "PTY device is not yet assigned" for a pty without a
     *                       path, PtyConsole's errors
     */
    static DomainConsole open(DomainDef live, String devName, String relayTty) {
        List<CharDeviceDef> consoles = of(live, "console");
        List<CharDeviceDef> serials = of(live, "serial");
        CharDeviceDef chr = null;
        String alias = null;
        if (devName != null) {
            for (int i = 0; chr == null && i < consoles.size(); i++) {
                if (devName.equals("console" + i)) {
                    chr = consoles.get(i);
                    alias = devName;
                }
            }
        } else if (!consoles.isEmpty()) {
            chr = consoles.get(0);
            alias = "console0";
        } else if (!serials.isEmpty()) {
            chr = serials.get(0);
            alias = "<null>"; // libvirt's LXC driver gives serial ports no alias (NULLSTR)
        }
        if (chr == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LXC,
                "cannot find console device '" + (devName == null ? "default" : devName) + "'");
        }
        if (!"pty".equals(chr.type())) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LXC,
                "character device " + alias + " is not using a PTY");
        }
        // jvirt's LXC driver runs one console (LxcDomainRules.console): its pty is the relay's
        String path = !consoles.isEmpty() && chr == consoles.get(0) ? relayTty : null;
        if (path == null) {
            // a pty the container was given none for (a serial port): libvirt has no path to open either
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.LXC, "PTY device is not yet assigned");
        }
        return PtyConsole.open(path, alias);
    }

    private static List<CharDeviceDef> of(DomainDef def, String kind) {
        List<CharDeviceDef> out = new ArrayList<>(2);
        for (CharDeviceDef c : def.charDevices()) {
            if (kind.equals(c.kind())) {
                out.add(c);
            }
        }
        return out;
    }
}
