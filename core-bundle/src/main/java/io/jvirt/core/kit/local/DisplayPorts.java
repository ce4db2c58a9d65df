package io.jvirt.core.kit.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.GraphicsDef;

/**
 * VNC autoport as libvirt's port allocator gives it (the "display" range, 5900-65535): at start, a
 * VNC display that asks for a port of the driver's choosing gets the first one free on this host.
 * Shared by the local drivers that run VNC servers (QEMU, bhyve).
 */
public final class DisplayPorts {

    /** libvirt's default remote_display_port_min / _max. */
    public static final int FIRST = 5900;
    public static final int LAST = 65535;

    private DisplayPorts() {
    }

    /** Gives every autoport VNC display of {@code live} (not on a socket) a free port. */
    public static void resolveVncAutoport(DomainDef live, ErrorDomain domain) {
        for (GraphicsDef g : live.graphics()) {
            if ("vnc".equals(g.type()) && g.socket() == null
                && (Boolean.TRUE.equals(g.autoport()) || g.port() == null || g.port() == -1)) {
                g.port(freePort(domain));
                g.autoport(true);
            }
        }
    }

    private static int freePort(ErrorDomain domain) {
        for (int p = FIRST; p <= LAST; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException e) {
                // taken
            }
        }
        throw new VirtException(ErrorCode.INTERNAL_ERROR, domain,
            "Unable to find an unused port in range 'display' (" + FIRST + "-" + LAST + ")");
    }
}
