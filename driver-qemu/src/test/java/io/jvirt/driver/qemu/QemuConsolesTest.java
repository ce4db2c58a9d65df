package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainDefDefaults;
import io.jvirt.api.domain.DomainXml;

/**
 * Which device a console opens, by libvirt's rules (qemuDomainOpenConsole's lookup, the aliases of
 * qemuAssignDeviceChrAlias), on parsed definitions whose ptys stand as QEMU's query-chardev filled
 * them in.
 */
class QemuConsolesTest {

    private static DomainDef live(String devices) {
        return DomainXml.parseLive("<domain type='qemu'><name>c</name><memory>65536</memory><os><type arch='x86_64'>hvm</type></os>"
            + "<devices>" + devices + "</devices></domain>", DomainDefDefaults.NONE);
    }

    @Test
    void theDefaultIsTheFirstConsoleWhichIsSerialPortZero() {
        DomainDef def = live("<serial type='pty'><source path='/dev/pts/7'/><target port='0'/></serial>"
            + "<console type='pty'><source path='/dev/pts/9'/><target type='virtio' port='0'/></console>");
        // the parser put the serial port's console first (virDomainDefAddConsoleCompat): alias serial0
        assertEquals(new QemuConsoles.Choice("/dev/pts/7", "serial0"), QemuConsoles.choose(def, null));
        assertEquals(new QemuConsoles.Choice("/dev/pts/7", "serial0"), QemuConsoles.choose(def, "serial0"));
        // the virtio console is console 1 of the consoles, as libvirt names it
        assertEquals(new QemuConsoles.Choice("/dev/pts/9", "console1"), QemuConsoles.choose(def, "console1"));
        VirtException none = assertThrows(VirtException.class, () -> QemuConsoles.choose(def, "console0"));
        assertEquals(ErrorCode.INTERNAL_ERROR, none.code());
        assertEquals("internal error: cannot find character device console0", none.getMessage());
    }

    @Test
    void portsByAliasAndOnlyPtys() {
        DomainDef def = live("<serial type='pty'><target port='0'/></serial>"
            + "<serial type='file'><source path='/var/log/s1.log'/><target port='1'/></serial>"
            + "<parallel type='pty'><source path='/dev/pts/3'/></parallel>");
        assertEquals(new QemuConsoles.Choice("/dev/pts/3", "parallel0"), QemuConsoles.choose(def, "parallel0"));
        // a pty QEMU has not reported yet: no path (the kit says "PTY device is not yet assigned")
        assertEquals(new QemuConsoles.Choice(null, "serial0"), QemuConsoles.choose(def, null));
        VirtException file = assertThrows(VirtException.class, () -> QemuConsoles.choose(def, "serial1"));
        assertEquals("internal error: character device serial1 is not using a PTY", file.getMessage());
        // channels are not consoles (virDomainOpenChannel's)
        DomainDef channel = live("<channel type='pty'><source path='/dev/pts/4'/><target type='virtio' name='x'/></channel>");
        assertEquals("internal error: cannot find character device channel0",
            assertThrows(VirtException.class, () -> QemuConsoles.choose(channel, "channel0")).getMessage());
        assertEquals("internal error: cannot find character device <null>",
            assertThrows(VirtException.class, () -> QemuConsoles.choose(channel, null)).getMessage());
    }
}
