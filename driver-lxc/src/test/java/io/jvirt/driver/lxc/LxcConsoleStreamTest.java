package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainConsole;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.ConsoleScreen;
import io.jvirt.api.testing.Poll;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * virDomainOpenConsole on real containers (libvirt's {@code lxcDomainOpenConsole}): the pty
 * console's host side opened as a stream through the API, a shell in the container answering what
 * is typed into it; closing the stream leaves the container running; libvirt's refusals in its
 * codes and words.
 */
class LxcConsoleStreamTest {

    @RegisterExtension
    final LxcSession lxc = new LxcSession();

    @Test
    void thePtyConsoleIsAStreamToTheContainersShell() throws Exception {
        LxcFixture.assumeProgram("socat", "socat");
        Domain d = lxc.conn.createXml(lxc.fx.xml("streamc", "exec sh -i").replace("</devices>", "<console type='pty'/>\n</devices>"));

        try (ConsoleScreen s = new ConsoleScreen(d.openConsole(null))) {
            s.converse("echo default-$((6*7))", "default-42", Duration.ofSeconds(20));
        }
        // closing the stream leaves the container and its console as they were
        assertEquals(DomainState.RUNNING, d.state().state());

        // by libvirt's alias of the first console; libvirt's LXC driver has no one-session rule,
        // so a second stream on the same pty opens too
        try (ConsoleScreen s = new ConsoleScreen(d.openConsole("console0"))) {
            DomainConsole second = d.openConsole(null);
            second.close();
            s.converse("echo named-$((5+5))", "named-10", Duration.ofSeconds(20));
        }
        assertEquals(DomainState.RUNNING, d.state().state());

        // the container stopping ends an open console
        try (ConsoleScreen s = new ConsoleScreen(d.openConsole(null))) {
            s.converse("echo last-$((1+2))", "last-3", Duration.ofSeconds(20));
            d.destroy();
            Poll.until("the console to end with the container", Duration.ofSeconds(20), s::ended, s::toString);
        }
    }

    @Test
    void libvirtsRefusals() throws Exception {
        Domain idle = lxc.conn.defineXml(lxc.fx.xml("idlec", LxcFixture.LOOP));
        VirtException notRunning = assertThrows(VirtException.class, () -> idle.openConsole(null));
        assertEquals(ErrorCode.OPERATION_INVALID, notRunning.code());
        assertEquals("Requested operation is not valid: domain is not running", notRunning.getMessage());

        idle.create(); // no console at all
        VirtException none = assertThrows(VirtException.class, () -> idle.openConsole(null));
        assertEquals(ErrorCode.INTERNAL_ERROR, none.code());
        assertEquals("internal error: cannot find console device 'default'", none.getMessage());
        VirtException named = assertThrows(VirtException.class, () -> idle.openConsole("console0"));
        assertEquals(ErrorCode.INTERNAL_ERROR, named.code());
        assertEquals("internal error: cannot find console device 'console0'", named.getMessage());

        Path out = lxc.fx.stateDir.resolveSibling("filec.out");
        Domain filed = lxc.conn.createXml(lxc.fx.xml("filec", LxcFixture.LOOP).replace("</devices>",
            "<console type='file'><source path='" + out + "'/></console>\n</devices>"));
        for (String dev : new String[] {null, "console0"}) {
            VirtException notPty = assertThrows(VirtException.class, () -> filed.openConsole(dev));
            assertEquals(ErrorCode.INTERNAL_ERROR, notPty.code());
            assertEquals("internal error: character device console0 is not using a PTY", notPty.getMessage());
        }
        // only consoles are matched by name (libvirt's LXC driver looks at no other device)
        VirtException serial = assertThrows(VirtException.class, () -> filed.openConsole("serial0"));
        assertEquals("internal error: cannot find console device 'serial0'", serial.getMessage());

        // a pty path written in a definition is never opened (libvirt parses a pty's path from live
        // XML only): the serial port of a container that has no console names another container's
        // console, and that console is not what it gets
        LxcFixture.assumeProgram("socat", "socat");
        Domain victim = lxc.conn.createXml(lxc.fx.xml("victimc", "exec sh -i").replace("</devices>", "<console type='pty'/>\n</devices>"));
        java.util.regex.Matcher tty = java.util.regex.Pattern.compile("tty='(/dev/pts/\\d+)'").matcher(victim.xmlDesc());
        assertTrue(tty.find(), victim.xmlDesc());
        Domain named0 = lxc.conn.createXml(lxc.fx.xml("serialc", LxcFixture.LOOP).replace("</devices>",
            "<serial type='pty'><source path='" + tty.group(1) + "'/></serial>\n</devices>"));
        VirtException unassigned = assertThrows(VirtException.class, () -> named0.openConsole(null).close());
        assertEquals(ErrorCode.OPERATION_FAILED, unassigned.code());
        assertEquals("operation failed: PTY device is not yet assigned", unassigned.getMessage());
        named0.destroy();
        victim.destroy();

        // flags are checked first, before the domain is even looked up (virCheckFlags(0))
        DriverConnection raw = lxc.driver.open(new ConnectRequest(URI.create("lxc:///"), false));
        for (int bits : new int[] {1, 2}) {
            VirtException flags = assertThrows(VirtException.class,
                () -> raw.domainOpenConsole(new DomainRef("nosuch", UUID.randomUUID(), -1), null, bits));
            assertEquals(ErrorCode.INVALID_ARG, flags.code());
            assertEquals("unsupported flags (0x" + bits + ") in function lxcDomainOpenConsole", flags.getMessage());
        }
        raw.close();

        // read-only connections are refused by the API itself
        try (Connection ro = StandaloneConnector.create(null, lxc.driver).openReadOnly("lxc:///")) {
            VirtException denied = assertThrows(VirtException.class, () -> ro.lookupByName("filec").openConsole(null));
            assertEquals(ErrorCode.OPERATION_DENIED, denied.code());
        }
        List<Domain> left = new ArrayList<>(List.of(idle, filed));
        for (Domain d : left) {
            assertEquals(DomainState.RUNNING, d.state().state(), "a refused console changes nothing");
            d.destroy();
        }
    }
}
