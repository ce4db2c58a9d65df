package io.jvirt.core.kit.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/** A hypervisor process as the kit starts, recognises and reads the end of it; the domain log. */
class SessionProcessTest {

    @TempDir
    Path dir;

    @Test
    void aSpawnedProcessIsKnownByPidStartTimeAndCommandLine() throws Exception {
        DomainLog log = DomainLog.open(dir.resolve("log/vm.log"), ErrorDomain.BHYVE);
        Path script = dir.resolve("hv");
        Files.writeString(script, "#!/bin/sh\necho up\nexec sleep 60\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        List<String> argv = List.of(script.toString(), "-c", "1", "vm");
        Process p = SessionProcess.spawn(argv, log, ErrorDomain.BHYVE);
        try {
            long st = HostProcFs.startTime(p.pid()).orElseThrow();
            // the script runs through its interpreter until it execs sleep
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!HostProcFs.cmdline(p.pid()).contains("sleep") && System.nanoTime() < deadline) {
                if (SessionProcess.isRunning(p.pid(), st, argv)) {
                    break; // seen as "/bin/sh SCRIPT ARGS": the interpreter before argv
                }
                Thread.sleep(5);
            }
            assertFalse(SessionProcess.isRunning(p.pid(), st + 1, argv), "another start time: another process");
            assertFalse(SessionProcess.isRunning(p.pid(), -1, argv), "no recorded start time: never taken");
            assertFalse(SessionProcess.isRunning(p.pid(), st, List.of(script.toString(), "-c", "1", "other")));
            // after the exec it is sleep: no longer the command that was started
            while (!HostProcFs.cmdline(p.pid()).contains("sleep")) {
                Thread.sleep(5);
            }
            assertFalse(SessionProcess.isRunning(p.pid(), st, argv), "the pid now runs another program");
            assertTrue(SessionProcess.isRunning(p.pid(), st, List.of("sleep", "60")));
            String text = Files.readString(log.file());
            assertTrue(text.contains(String.join(" ", argv)), text);
            assertTrue(text.contains("up"), text);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log.file())));
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(9, new SessionProcess.Ending(p.exitValue()).signal());
    }

    @Test
    void anEndingIsAStatusOrASignal() {
        SessionProcess.Ending segv = new SessionProcess.Ending(128 + 11);
        assertEquals(11, segv.signal());
        assertEquals(-1, segv.exitStatus());
        assertTrue(segv.coreDumpingSignal());
        assertTrue(new SessionProcess.Ending(128 + 6).coreDumpingSignal(), "SIGABRT");
        assertFalse(new SessionProcess.Ending(128 + 9).coreDumpingSignal(), "SIGKILL dumps no core");
        assertFalse(new SessionProcess.Ending(128 + 15).coreDumpingSignal(), "SIGTERM dumps no core");
        assertEquals(4, new SessionProcess.Ending(4).exitStatus());
        assertEquals(0, new SessionProcess.Ending(4).signal());
        SessionProcess.Ending unknown = new SessionProcess.Ending(null);
        assertEquals(-1, unknown.exitStatus());
        assertEquals(0, unknown.signal());
        assertFalse(unknown.coreDumpingSignal());
    }

    @Test
    void theLogRefusesALinkAndQuotesOnlyWhatFollowsAnOffset() throws Exception {
        Path target = dir.resolve("elsewhere");
        Files.writeString(target, "");
        Files.createDirectories(dir.resolve("log"));
        Files.createSymbolicLink(dir.resolve("log/linked.log"), target);
        assertThrows(VirtException.class, () -> DomainLog.open(dir.resolve("log/linked.log"), ErrorDomain.BHYVE));
        DomainLog log = DomainLog.open(dir.resolve("log/a.log"), ErrorDomain.BHYVE);
        log.line("old run");
        long from = log.size();
        log.append("\nfirst\n\nsecond\n");
        assertEquals("first\nsecond", log.tailSince(from));
        log.append("x".repeat(DomainLog.TAIL_BYTES * 2));
        assertEquals(DomainLog.TAIL_BYTES, log.tailSince(0).length(), "a tail never quotes a whole log");
    }
}
