package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * Monitor sockets must fit a UNIX socket path however deep the container's data directory is, and
 * live only in a directory no other user made or can reach: QEMU's monitor is root's control of
 * the guest.
 */
class QemuRunDirTest {

    @TempDir
    Path dir;

    @Test
    void shortRootKeepsItsOwnRunDirectory() {
        Path root = Path.of("/var/lib/jvirt/qemu/system");
        assertEquals(root.resolve("run"), QemuHost.runDirLocation(root, Path.of("/run")));
    }

    @Test
    void deepRootGetsAShortRunDirectoryOfItsOwn() {
        Path deep = Path.of("/work/a/very/long/path/to/an/unpacked/karaf/distribution/karaf-dist-0.1.0-SNAPSHOT/data/jvirt/qemu/system");
        Path other = Path.of("/work/another/very/long/path/to/an/unpacked/karaf/distribution/karaf-dist-0.1.0-SNAPSHOT/data/jvirt/qemu/system");
        Path run = QemuHost.runDirLocation(deep, Path.of("/run"));
        String socket = run.resolve("eb9c2b49-9605-49cf-b0b4-475f15765985.qmp").toString();
        assertTrue(socket.length() <= 107, socket);
        assertTrue(run.startsWith("/run/jvirt"), run.toString());
        assertEquals(run, QemuHost.runDirLocation(deep, Path.of("/run")), "the same root always maps to the same directory");
        assertNotEquals(run, QemuHost.runDirLocation(other, Path.of("/run")), "two roots never share one");
    }

    /** Without a /run of ours, never a predictable name in the world-writable temp directory: a fresh private one. */
    @Test
    void withoutRunTheFallbackIsAFreshPrivateTempDirectory() throws IOException {
        Path deep = Path.of("/work/a/very/long/path/to/an/unpacked/karaf/distribution/karaf-dist-0.1.0-SNAPSHOT/data/jvirt/qemu/system");
        assertNull(QemuHost.runDirLocation(deep, dir.resolve("no-run")), "no fixed location");
        Path a = QemuHost.freshTempRunDir();
        Path b = QemuHost.freshTempRunDir();
        try {
            assertNotEquals(a, b);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a)));
            assertTrue(a.getFileName().toString().startsWith("jvirt-qemu-") && a.getFileName().toString().length() > 16, a.toString());
        } finally {
            Files.deleteIfExists(a);
            Files.deleteIfExists(b);
        }
    }

    private QemuDriver driverOn(Path root) {
        return new QemuDriver(new QemuSettings("", root.resolve("system"), root.resolve("session"), 30_000, 10_000, 5_000, 10_000, false));
    }

    @Test
    void aStartCreatesTheRunDirectoryPrivate() throws IOException {
        QemuTestSupport.assumeQemu();
        QemuDriver driver = driverOn(dir);
        Connection c = StandaloneConnector.create(null, driver).open("qemu:///system");
        try {
            c.defineXml(QemuTestSupport.emptyGuestXml("private")).create();
            Path run = dir.resolve("system/run");
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run, LinkOption.NOFOLLOW_LINKS)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("system/log/private.log"))),
                "the domain log holds the command line (kernel arguments): root's only");
        } finally {
            QemuTestSupport.stop(c, driver, dir);
        }
    }

    @Test
    void aRunDirectorySymlinkSomeoneLeftIsRefused() throws IOException {
        QemuTestSupport.assumeQemu();
        Path elsewhere = Files.createDirectory(dir.resolve("attacker"));
        Files.createDirectories(dir.resolve("system"));
        Files.createSymbolicLink(dir.resolve("system/run"), elsewhere);
        QemuDriver driver = driverOn(dir);
        Connection c = StandaloneConnector.create(null, driver).open("qemu:///system");
        try {
            Domain d = c.defineXml(QemuTestSupport.emptyGuestXml("lured"));
            VirtException e = assertThrows(VirtException.class, d::create);
            assertEquals(ErrorCode.OPERATION_FAILED, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
            try (var s = Files.list(elsewhere)) {
                assertEquals(0, s.count(), "no socket or pidfile went there");
            }
            assertTrue(QemuTestSupport.processesUsing(dir).isEmpty(), "no QEMU started");
        } finally {
            QemuTestSupport.stop(c, driver, dir);
        }
    }

    @Test
    void aRunDirectoryAnotherUserOwnsIsRefused() throws IOException {
        QemuTestSupport.assumeQemu();
        Prerequisite.require("0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))), "needs root to chown");
        Path run = Files.createDirectories(dir.resolve("system/run"));
        Files.setAttribute(run, "unix:uid", 65534);
        QemuDriver driver = driverOn(dir);
        Connection c = StandaloneConnector.create(null, driver).open("qemu:///system");
        try {
            Domain d = c.defineXml(QemuTestSupport.emptyGuestXml("squatted"));
            VirtException e = assertThrows(VirtException.class, d::create);
            assertTrue(e.getMessage().contains("owned by uid 65534"), e.getMessage());
            assertFalse(QemuTestSupport.processesUsing(dir).iterator().hasNext(), "no QEMU started");
        } finally {
            QemuTestSupport.stop(c, driver, dir);
        }
    }
}
