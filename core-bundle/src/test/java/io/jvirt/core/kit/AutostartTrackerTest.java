package io.jvirt.core.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutostartTrackerTest {

    @TempDir
    Path dir;

    @Test
    void autostartRunsOncePerBoot() throws IOException {
        AtomicReference<Optional<String>> boot = new AtomicReference<>(Optional.of("boot-1"));
        AutostartTracker t = new AutostartTracker(dir, boot::get);
        assertTrue(t.shouldRunAutostart(), "first start ever");
        t.markAutostartDone();
        assertEquals("boot-1", Files.readString(dir.resolve(AutostartTracker.LAST_BOOT_FILE)).trim());
        assertFalse(t.shouldRunAutostart());
        assertFalse(new AutostartTracker(dir, boot::get).shouldRunAutostart(), "a restart of the container in the same boot");

        boot.set(Optional.of("boot-2"));
        AutostartTracker afterReboot = new AutostartTracker(dir, boot::get);
        assertTrue(afterReboot.claimAutostart(), "the host rebooted");
        assertFalse(afterReboot.claimAutostart(), "claimed once");
        assertFalse(new AutostartTracker(dir, boot::get).shouldRunAutostart());
    }

    @Test
    void unknownBootRunsEveryTime() {
        AutostartTracker t = new AutostartTracker(dir, Optional::empty);
        assertTrue(t.claimAutostart());
        assertTrue(t.claimAutostart());
        assertFalse(Files.exists(dir.resolve(AutostartTracker.LAST_BOOT_FILE)));
    }

    @Test
    void bootIdComesFromProcWithBtimeFallback() throws IOException {
        Path proc = dir.resolve("proc");
        Files.createDirectories(proc.resolve("sys/kernel/random"));
        Files.writeString(proc.resolve("stat"), "cpu  1 2 3\nbtime 1700000000\nprocesses 5\n");
        assertEquals(Optional.of("btime:1700000000"), AutostartTracker.hostBootId(proc));
        Files.writeString(proc.resolve("sys/kernel/random/boot_id"), "0f4e6c1a-7b6e-4a55-9d0c-3d1b2c3e4f50\n");
        assertEquals(Optional.of("0f4e6c1a-7b6e-4a55-9d0c-3d1b2c3e4f50"), AutostartTracker.hostBootId(proc));
        assertEquals(Optional.empty(), AutostartTracker.hostBootId(dir.resolve("nowhere")));
    }

    @Test
    void storeOffersATrackerOverItsAutostartDirectory() {
        StateStore store = new StateStore(dir);
        AutostartTracker t = store.autostartTracker();
        t.shouldRunAutostart(); // whatever this host says, it must not throw
        if (Files.isReadable(Path.of("/proc/sys/kernel/random/boot_id"))) {
            assertTrue(t.claimAutostart());
            assertFalse(t.shouldRunAutostart());
            assertTrue(Files.exists(dir.resolve("autostart").resolve(AutostartTracker.LAST_BOOT_FILE)));
            assertTrue(store.autostartNames().isEmpty(), "the boot record is not a domain marker");
        }
    }
}
