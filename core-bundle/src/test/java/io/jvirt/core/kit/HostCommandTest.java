package io.jvirt.core.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Poll;

class HostCommandTest {

    @TempDir
    Path dir;

    /** pids of the processes a test's command left behind, ended by pid after the test. */
    private final List<Long> leftovers = new java.util.ArrayList<>();

    @AfterEach
    void endLeftovers() {
        for (long pid : leftovers) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void returnsStatusAndOutput() throws IOException {
        HostCommand.Result r = HostCommand.run(List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), 10_000, ErrorDomain.NONE);
        assertEquals(3, r.status());
        assertEquals("out\nerr", r.text());
        assertFalse(r.truncated());
    }

    @Test
    void aChildHoldingTheOutputOpenDoesNotHoldTheCaller() throws IOException {
        // the command exits at once, its background child keeps stdout open for a minute: a pipe
        // reader would wait for that child, the runner returns when the command itself exits
        Path pidFile = dir.resolve("child.pid");
        long t0 = System.nanoTime();
        HostCommand.Result r = HostCommand.run(
            List.of("/bin/sh", "-c", "sleep 60 & echo $! > \"$1\"; echo started", "sh", pidFile.toString()), 5_000, ErrorDomain.NONE);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        leftovers.add(Long.parseLong(Files.readString(pidFile).trim()));
        assertEquals(0, r.status());
        assertEquals("started", r.text());
        assertTrue(ms < 5_000, "returned after " + ms + " ms, the timeout was 5000");
    }

    @Test
    void aCommandPastItsTimeoutIsKilledWithItsChildren() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        VirtException e = assertThrows(VirtException.class, () -> HostCommand.run(
            List.of("/bin/sh", "-c", "sleep 60 & echo $! > \"$1\"; wait", "sh", pidFile.toString()), 500, ErrorDomain.QEMU));
        assertEquals(ErrorCode.OPERATION_TIMEOUT, e.code());
        assertEquals(ErrorDomain.QEMU, e.errorDomain());
        assertTrue(e.getMessage().contains("/bin/sh did not finish in 500 ms"), e.getMessage());
        long child = Long.parseLong(Files.readString(pidFile).trim());
        leftovers.add(child);
        Poll.until("the command's child to be killed", Duration.ofSeconds(2),
            () -> !ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void outputIsCapped() throws IOException {
        HostCommand.Result r = HostCommand.run(List.of("/bin/sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' x"), 20_000, ErrorDomain.NONE);
        assertEquals(HostCommand.OUTPUT_CAP, r.output().length());
        assertTrue(r.truncated());
    }

    @Test
    void theEnvironmentIsTheCallersWhenGiven() throws IOException {
        HostCommand.Result r = HostCommand.run(List.of("/usr/bin/env"), Map.of("ONLY", "this"), 10_000, ErrorDomain.NONE);
        assertEquals("ONLY=this", r.text());
    }

    @Test
    void aMissingProgramIsAnIOException() {
        assertThrows(IOException.class, () -> HostCommand.run(List.of(dir.resolve("nothing-here").toString()), 1_000, ErrorDomain.NONE));
    }

    @Test
    void theTempFileIsRemoved() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before;
        try (var s = Files.list(tmp)) {
            before = s.filter(p -> p.getFileName().toString().startsWith("jvirt-cmd-")).count();
        }
        HostCommand.run(List.of("/bin/true"), 10_000, ErrorDomain.NONE);
        long after;
        try (var s = Files.list(tmp)) {
            after = s.filter(p -> p.getFileName().toString().startsWith("jvirt-cmd-")).count();
        }
        assertEquals(before, after);
    }
}
