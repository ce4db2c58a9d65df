package io.jvirt.core.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Prerequisite;

class PrivateDirectoryTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void posix() {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self")), "Linux only");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static VirtException refused(Path dir) {
        VirtException e = assertThrows(VirtException.class, () -> PrivateDirectory.ensure(dir, ErrorDomain.QEMU));
        assertEquals(ErrorCode.OPERATION_FAILED, e.code(), e.getMessage());
        return e;
    }

    @Test
    void createsWithMode0700AndTightensItsOwnDirectory() throws IOException {
        Path d = PrivateDirectory.ensure(tmp.resolve("a/b/run"), ErrorDomain.QEMU);
        assertEquals("rwx------", mode(d));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
        PrivateDirectory.ensure(d, ErrorDomain.QEMU);
        assertEquals("rwx------", mode(d));
    }

    @Test
    void refusesASymlinkEvenToADirectoryOfOurs() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("elsewhere"));
        String before = mode(target);
        Path link = Files.createSymbolicLink(tmp.resolve("run"), target);
        assertTrue(refused(link).getMessage().contains("symbolic link"));
        assertEquals(before, mode(target), "target untouched");
    }

    @Test
    void refusesADirectorySomeoneElseMade() throws IOException {
        Prerequisite.require("0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))), "needs root to chown");
        Path d = Files.createDirectory(tmp.resolve("run"));
        Files.setAttribute(d, "unix:uid", 65534);
        assertTrue(refused(d).getMessage().contains("owned by uid 65534"));
    }

    @Test
    void refusesAParentOthersCanWriteUnlessSticky() throws IOException {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(refused(open.resolve("run")).getMessage().contains("writable by other users"));
        Files.setAttribute(open, "unix:mode", 01777); // as /tmp
        assertEquals("rwx------", mode(PrivateDirectory.ensure(open.resolve("run"), ErrorDomain.QEMU)));
    }
}
