package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capability probe's KVM trial ends, and leaves nothing running, whatever the binary does: here
 * one that never opens its monitor and leaves a child behind holding its output open.
 */
class QemuKvmTrialTest {

    @TempDir
    Path dir;

    @AfterEach
    void cleanup() throws IOException {
        Path marker = dir.resolve("child.pid");
        if (Files.exists(marker)) { // the child this test's script started, by pid
            ProcessHandle.of(Long.parseLong(Files.readString(marker).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
        QemuTestSupport.killAll(dir);
    }

    @Test
    @Timeout(120) // a hang detector only: the trial's own bound is one second
    void aTrialThatNeverAnswersIsEndedWithTheChildrenItLeft() throws IOException {
        Path kvm = Files.createFile(dir.resolve("kvm")); // the trial runs where "/dev/kvm" exists
        Path marker = dir.resolve("child.pid");
        Path fake = dir.resolve("stubborn-qemu");
        Files.writeString(fake, """
            #!/bin/sh
            case "$*" in
              *-version*) echo "QEMU emulator version 7.2.0"; exit 0 ;;
              *"-machine help"*) printf 'Supported machines are:\\npc-i440fx-7.2  Standard PC (default)\\n'; exit 0 ;;
              *"-cpu help"*) echo "x86 qemu64"; exit 0 ;;
            esac
            # the KVM trial: a child keeps the output open, and no monitor ever shows up
            sleep 300 &
            echo $! > %s
            exec sleep 300
            """.formatted(marker));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

        QemuCapabilities.Info info = new QemuCapabilities(1_000, dir.resolve("probe")).kvmDevice(kvm).get(fake);
        assertFalse(info.kvm());
        assertTrue(Files.exists(marker), "the trial ran");
        long child = Long.parseLong(Files.readString(marker).trim());
        assertTrue(QemuProcess.waitForExit(child, -1, 10_000), "the child the trial left behind was killed");
        assertTrue(QemuTestSupport.processesUsing(dir).isEmpty(), "nothing of the trial runs");
    }
}
