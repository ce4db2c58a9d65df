package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Poll;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * Consoles: a pty relayed to the container's init (a busybox shell answering what the host types,
 * before and after a driver restart), a file, and the refusal of other types.
 */
class LxcConsoleTest {

    private static final Pattern TTY = Pattern.compile("<console type='pty' tty='(/dev/pts/\\d+)'>");

    private LxcFixture fx;
    private final List<LxcDriver> drivers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fx = LxcFixture.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        drivers.forEach(LxcDriver::deactivate);
        if (fx != null) {
            fx.close();
        }
    }

    private Connection open() {
        LxcDriver d = new LxcDriver(fx.settings());
        drivers.add(d);
        return StandaloneConnector.create(null, d).open("lxc:///");
    }

    @Test
    void aPtyConsoleIsTheShellsTerminalAndOutlivesADriverRestart() throws Exception {
        LxcFixture.assumeProgram("socat", "socat");
        Connection conn = open();
        Domain d = conn.defineXml(fx.xml("ptyc", "exec sh -i").replace("</devices>",
            "<console type='pty'/>\n</devices>"));
        d.create();
        String live = d.xmlDesc();
        Matcher m = TTY.matcher(live);
        assertTrue(m.find(), live);
        String tty = m.group(1);
        assertTrue(live.contains("<source path='" + tty + "'/>") && live.contains("<target type='lxc' port='0'/>"), live);
        assertTrue(d.xmlDesc(io.jvirt.api.XmlFlag.INACTIVE).contains("<console type='pty'>"), "no tty while shut off");

        assertTrue(talk(tty, "[ -t 0 ] && [ -t 1 ] && echo tty-$((6*7))", "tty-42"), "the shell answers on the console");
        Properties relay = relayOf("ptyc");
        long relayPid = Long.parseLong(relay.getProperty("pid"));

        // a new driver instance finds the container and its console relay again
        drivers.get(0).deactivate();
        Connection again = open();
        Domain d2 = again.lookupByName("ptyc");
        assertEquals(DomainState.RUNNING, d2.state().state());
        assertTrue(d2.xmlDesc().contains("tty='" + tty + "'"), d2.xmlDesc());
        assertTrue(talk(tty, "echo again-$((5+5))", "again-10"), "the console still answers after the restart");

        d2.destroy();
        Poll.until("the relay to end with the container", Duration.ofSeconds(10),
            () -> !ProcFs.sameProcess(relayPid, Long.parseLong(relay.getProperty("startTime"))));
        assertFalse(Files.exists(fx.stateDir.resolve("run/ptyc.relay")), "the relay's record is removed");
        assertFalse(Files.exists(fx.stateDir.resolve("run/ptyc.pty")), "and its pty link");
    }

    @Test
    void aFileConsoleTakesInitsOutput() throws Exception {
        Connection conn = open();
        Path out = fx.stateDir.resolveSibling("console.out");
        Domain d = conn.createXml(fx.xml("filec", "echo to-the-$GREETING-file; " + LxcFixture.LOOP).replace("</devices>",
            "<console type='file'><source path='" + out + "'/></console>\n</devices>"));
        Poll.until("init's output in the console file", Duration.ofSeconds(10), () -> read(out).contains("to-the-hello-file"), () -> read(out));
        assertFalse(read(fx.stateDir.resolve("log/filec.log")).contains("to-the-hello-file"), "not in the domain log");
        d.destroy();
    }

    @Test
    void otherConsoleTypesAreRefusedAndLeaveNothing() throws Exception {
        Connection conn = open();
        Domain d = conn.defineXml(fx.xml("tcpc", LxcFixture.LOOP).replace("</devices>",
            "<console type='tcp'><source mode='bind' host='127.0.0.1' service='4555'/></console>\n</devices>"));
        VirtException e = assertThrows(VirtException.class, d::create);
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertEquals("unsupported configuration: console type 'tcp' is not supported by the LXC driver (use 'pty' or 'file')",
            e.getMessage());
        assertEquals(DomainState.SHUTOFF, d.state().state());
        assertFalse(fx.cgroup(d).exists(), "no cgroup");
        assertFalse(Files.exists(fx.stateDir.resolve("status/tcpc.status")), "no status file");

        Domain two = conn.defineXml(fx.xml("twoc", LxcFixture.LOOP).replace("</devices>",
            "<console type='pty'/><console type='pty'/>\n</devices>"));
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, assertThrows(VirtException.class, two::create).code());
    }

    /** Opens the host side of the console, types a line and waits for {@code answer} (then closes it again). */
    private static boolean talk(String tty, String line, String answer) throws Exception {
        StringBuffer seen = new StringBuffer();
        try (FileInputStream in = new FileInputStream(tty); FileOutputStream outTty = new FileOutputStream(tty)) {
            Thread reader = new Thread(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "console-reader");
            reader.setDaemon(true);
            reader.start();
            outTty.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            outTty.flush();
            Poll.until("the answer '" + answer + "' on the console", Duration.ofSeconds(10),
                () -> seen.toString().replace(line, "").contains(answer), () -> seen);
            return true;
        }
    }

    private Properties relayOf(String name) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(fx.stateDir.resolve("run/" + name + ".relay"))) {
            p.load(in);
        }
        return p;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }
}
