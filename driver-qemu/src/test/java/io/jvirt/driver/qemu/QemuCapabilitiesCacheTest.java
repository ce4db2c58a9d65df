package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk probe cache: what is stored comes back for the same binary, and nothing else does. */
class QemuCapabilitiesCacheTest {

    @TempDir
    Path dir;

    static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    static final QemuCapabilities.Info INFO = new QemuCapabilities.Info(QEMU, 7_002_019,
        List.of(new QemuCapabilities.Machine("pc-i440fx-7.2", null, true), new QemuCapabilities.Machine("pc", "pc-i440fx-7.2", false)),
        List.of("qemu64", "Skylake-Client-v1"), false, "/dev/kvm cannot run a guest");

    @Test
    void storedProbeComesBackForTheSameBinary() {
        QemuCapabilitiesCache cache = new QemuCapabilitiesCache(dir);
        cache.store(INFO, 1000, 42);
        assertEquals(INFO, new QemuCapabilitiesCache(dir).load(QEMU, 1000, 42));
    }

    @Test
    void anotherBinaryStampOrPathIsAMiss() {
        QemuCapabilitiesCache cache = new QemuCapabilitiesCache(dir);
        cache.store(INFO, 1000, 42);
        assertNull(cache.load(QEMU, 1001, 42), "rebuilt binary");
        assertNull(cache.load(QEMU, 1000, 43), "replaced binary");
        assertNull(cache.load(Path.of("/opt/qemu/bin/qemu-system-x86_64"), 1000, 42), "another binary");
    }

    @Test
    void unreadableEntryIsAMissNotAFailure() throws Exception {
        QemuCapabilitiesCache cache = new QemuCapabilitiesCache(dir);
        cache.store(INFO, 1000, 42);
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.writeString(p, Files.readString(p).replaceAll("version=\\d+", "version=seven"));
            }
        }
        assertNull(cache.load(QEMU, 1000, 42));
    }
}
