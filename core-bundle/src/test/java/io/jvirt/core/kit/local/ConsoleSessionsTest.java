package io.jvirt.core.kit.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The refusals of a domain's console table (libvirt's virChrdevOpen) that need no pty; sessions on
 * real ptys are driver-qemu's QemuConsoleTest and server-bundle's QemuConsoleOverTheWireTest.
 */
class ConsoleSessionsTest {

    @Test
    void aPtyNotYetAssignedOrNotAPtyIsRefusedAndNothingIsHeld() {
        ConsoleSessions sessions = new ConsoleSessions(ErrorDomain.QEMU);
        VirtException unassigned = assertThrows(VirtException.class, () -> sessions.open(null, "serial0", false));
        assertEquals(ErrorCode.OPERATION_FAILED, unassigned.code());
        assertEquals("operation failed: PTY device is not yet assigned", unassigned.getMessage());

        VirtException notPty = assertThrows(VirtException.class, () -> sessions.open("/dev/pts/../null", "serial0", true));
        assertEquals("operation failed: character device serial0 is not using a PTY", notPty.getMessage());
        VirtException missing = assertThrows(VirtException.class, () -> sessions.open("/dev/pts/99999", "serial0", false));
        assertEquals(ErrorCode.SYSTEM_ERROR, missing.code());
        assertEquals(0, sessions.size(), "a failed open holds nothing");
    }
}
