package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.MemoryStatTag;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * What a definition or a guest could make a real QEMU do to the host, tried against a real QEMU:
 * the VNC password is enforced, a disk source opens exactly the named file, and values a guest
 * reports never reach the status file unchecked.
 */
class QemuHardeningTest {

    private static final Pattern VNC_PORT = Pattern.compile("<graphics type='vnc' port='(\\d+)'");

    @TempDir
    Path dir;
    QemuDriver driver;
    Connection conn;

    @BeforeEach
    void open() {
        QemuTestSupport.assumeQemu();
        driver = new QemuDriver(QemuLifecycleTest.settings(dir));
        conn = StandaloneConnector.create(null, driver).open("qemu:///system");
    }

    @AfterEach
    void cleanup() {
        QemuTestSupport.stop(conn, driver, dir);
    }

    private Domain startWith(String name, String devices) {
        Domain d = conn.defineXml(QemuTestSupport.emptyGuestXml(name).replace("</os>", "</os><devices>" + devices + "</devices>"));
        d.create();
        return d;
    }

    /** The security types a VNC server offers (RFB 3.8 handshake: version, then a count and the types). */
    private static List<Integer> rfbSecurityTypes(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] version = new byte[12];
            in.readFully(version);
            assertTrue(new String(version, StandardCharsets.US_ASCII).startsWith("RFB 003."), new String(version, StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int n = in.readUnsignedByte();
            List<Integer> types = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                types.add(in.readUnsignedByte());
            }
            return types;
        }
    }

    private static int vncPort(Domain d) {
        Matcher m = VNC_PORT.matcher(d.xmlDesc());
        assertTrue(m.find(), d.xmlDesc());
        return Integer.parseInt(m.group(1));
    }

    @Test
    void vncWithAPasswordOffersOnlyVncAuthentication() throws IOException {
        Domain d = startWith("locked", "<graphics type='vnc' autoport='yes' listen='127.0.0.1' passwd='s3cr3t'/>");
        assertEquals(List.of(2), rfbSecurityTypes(vncPort(d)), "type 2: VNC authentication");
        assertFalse(d.xmlDesc().contains("s3cr3t"), "the password is shown only with the secure flag");
        long pid = QemuTestSupport.processesUsing(dir).get(0);
        assertFalse(String.join(" ", QemuProcess.cmdline(pid)).contains("s3cr3t"), "never on QEMU's command line");
    }

    @Test
    void vncWithoutAPasswordStaysOpenAsBefore() throws IOException {
        Domain d = startWith("open", "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>");
        assertEquals(List.of(1), rfbSecurityTypes(vncPort(d)), "type 1: None");
    }

    /** The files a process has open, as /proc/PID/fd shows them. */
    private static List<String> openFiles(long pid) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    out.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return out;
    }

    @Test
    void aJsonDiskSourceNeverReachesQemu() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "root:$6$hash:19000:0:99999:7:::\n");
        // one key, no ',': escaping alone does not stop QEMU's json: pseudo-protocol
        String source = "json:{\"file.filename\":\"" + secret + "\"}";
        VirtException e = assertThrows(VirtException.class, () -> startWith("sneaky",
            "<disk type='file' device='disk'><source file='" + source.replace("\"", "&quot;") + "'/><target dev='vda' bus='virtio'/></disk>"));
        assertTrue(e.getMessage().contains("must be an absolute path"), e.getMessage());
        for (long pid : QemuTestSupport.processesUsing(dir)) {
            assertFalse(openFiles(pid).contains(secret.toString()), "QEMU opened " + secret);
        }
        assertTrue(QemuTestSupport.processesUsing(dir).isEmpty(), "no QEMU started");
    }

    @Test
    void aCommaInADiskSourceIsPartOfTheFileName() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "not for the guest\n");
        Path literal = dir.resolve("img,file.filename=" + secret.getFileName());
        Files.write(literal, new byte[1024 * 1024]);
        Domain d = startWith("commas", "<disk type='file' device='disk'><source file='" + literal
            + "'/><target dev='vda' bus='virtio'/></disk>");
        assertEquals(DomainState.RUNNING, d.state().state());
        List<String> open = openFiles(QemuTestSupport.processesUsing(dir).get(0));
        assertTrue(open.contains(literal.toString()), open.toString());
        assertFalse(open.contains(secret.toString()), open.toString());
    }

    /** A guest controls the balloon figures QEMU reports: absurd ones never reach the live XML or the status file. */
    @Test
    void hostileBalloonFiguresAreIgnored() throws IOException {
        Domain d = startWith("ballooned", "");
        QemuHost host = driver.host("system");
        DomainObject<QemuRun.Slot> obj = host.domains.findByName("ballooned");
        QemuRun run = obj.runtime().run;
        long before = obj.def().currentMemoryKiB();
        Path status = dir.resolve("system/status/ballooned.status");
        for (Object actual : List.of(0L, Long.MAX_VALUE, (before + 1024) * 1024, 1.0e300, Double.NaN, "65536000", -4096L)) {
            host.listener(obj, run).onEvent("BALLOON_CHANGE", Map.of("actual", actual));
        }
        host.drainEvents();
        assertEquals(before, obj.def().currentMemoryKiB(), "live definition untouched");
        assertTrue(Files.readString(status).contains("currentMemory unit='KiB'>" + before + "<"), Files.readString(status));

        // a sane figure still follows the guest
        host.listener(obj, run).onEvent("BALLOON_CHANGE", Map.of("actual", (before - 1024) * 1024));
        host.drainEvents();
        assertEquals(before - 1024, obj.def().currentMemoryKiB());
        assertTrue(d.memoryStats().get(MemoryStatTag.ACTUAL_BALLOON).isPresent());
    }

    /** Kernel arguments may carry secrets: the command line never reaches the log at INFO. */
    @Test
    void theCommandLineIsNotLoggedAtInfo() {
        String xml = QemuTestSupport.tinyGuestXml("quiet", QemuTestSupport.tinyGuest(), dir.resolve("quiet.serial"))
            .replace("panic=-1", "panic=-1 jvirt.secret=hunter2");
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            conn.defineXml(xml).create();
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("starting domain 'quiet'"), "the INFO line is there: " + log);
        assertFalse(log.contains("hunter2"), log);
    }

    @Test
    void balloonFigureChecksAreTheSameEverywhere() {
        long max = 131072;
        assertEquals(-1, QemuMemoryStats.balloonKiB(-4096L, max));
        assertEquals(-1, QemuMemoryStats.balloonKiB(Long.MAX_VALUE, max));
        assertEquals(-1, QemuMemoryStats.balloonKiB((max + 1) * 1024, max));
        assertEquals(-1, QemuMemoryStats.balloonKiB(Double.NaN, max));
        assertEquals(-1, QemuMemoryStats.balloonKiB(1.5e300, max));
        assertEquals(-1, QemuMemoryStats.balloonKiB("1024", max));
        assertEquals(-1, QemuMemoryStats.balloonKiB(null, max));
        assertEquals(-1, QemuMemoryStats.balloonKiB(0L, max));
        assertEquals(max, QemuMemoryStats.balloonKiB(max * 1024, max));
        assertEquals(1024, QemuMemoryStats.balloonKiB(1024L * 1024, max));
    }
}
