package io.jvirt.core.kit.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The kit's /proc reader and its process identity (pid and start time) on processes of this test. */
class HostProcFsTest {

    @Test
    void aChildIsKnownByPidAndStartTimeAndEndedOnlyWhenItIsStillTheSame() throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        try {
            long pid = p.pid();
            long start = HostProcFs.startTime(pid).orElseThrow();
            assertTrue(HostProcFs.isRunning(pid));
            assertTrue(HostProcFs.sameProcess(pid, start));
            assertTrue(HostProcFs.sameProcess(pid, -1), "an unrecorded start time accepts the running process");
            assertEquals(ProcessHandle.current().pid(), HostProcFs.parent(pid));
            assertTrue(HostProcFs.children(ProcessHandle.current().pid()).contains(pid));
            assertEquals(List.of("sleep", "600"), HostProcFs.cmdline(pid));
            assertTrue(HostProcFs.namespace(pid, "pid").startsWith("pid:["));
            assertTrue(HostProcFs.pids().contains(pid));

            ProcessRun impostor = new ProcessRun(pid, start + 1);
            assertFalse(impostor.isAlive(), "another start time is another process");
            assertTrue(impostor.terminate(100), "nothing to end: the recorded process is gone");
            assertTrue(p.isAlive(), "a process with the pid but another start time is never signalled");

            ProcessRun run = new ProcessRun(pid, start);
            assertTrue(run.isAlive());
            assertTrue(run.terminate(5_000));
            p.waitFor();
            assertFalse(HostProcFs.sameProcess(pid, start));
            assertTrue(HostProcFs.cmdline(pid).isEmpty());
            assertTrue(HostProcFs.startTime(pid).isEmpty());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aZombieIsGone() throws Exception {
        // a child that exited and was not yet reaped by the JVM may be a zombie for a moment
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        assertFalse(HostProcFs.isRunning(p.pid()));
        assertTrue(HostProcFs.startTime(p.pid()).isEmpty());
        assertEquals(0, HostProcFs.cpuTimeNs(p.pid()));
    }

    @Test
    void thisJvmUsesCpu() {
        assertTrue(HostProcFs.cpuTimeNs(ProcessHandle.current().pid()) > 0);
        assertFalse(HostProcFs.isRunning(-1));
        assertFalse(HostProcFs.isRunning(0));
    }

    @Test
    void programsAreFoundInTheSystemDirectoriesOnly() {
        assertTrue(HostPrograms.find("sh").isPresent());
        assertTrue(HostPrograms.SYSTEM_DIRS.contains(HostPrograms.find("sh").get().getParent().toString()));
        assertTrue(HostPrograms.find("no-such-program-jvirt").isEmpty());
        assertTrue(HostPrograms.find("../bin/sh").isEmpty(), "a name, never a path");
        assertTrue(HostPrograms.findOnPath("sh").isPresent());
        assertTrue(HostPrograms.searchPath().containsAll(HostPrograms.SYSTEM_DIRS));
    }
}
