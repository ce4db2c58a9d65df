package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Signals by pid go to the process meant, through an argv (no shell): a real child that traps
 * SIGHUP gets it; a pid whose start time is not the recorded one is never signalled.
 */
class ProcessSignalTest {

    private static Process hupCatcher() throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", "trap 'exit 42' HUP; echo ready; while :; do sleep 0.1; done")
            .redirectErrorStream(true).start();
        assertEquals('r', p.getInputStream().read(), "the child did not start");
        return p;
    }

    @Test
    void aSignalJavaCannotSendReachesTheProcessMeant() throws Exception {
        Process p = hupCatcher();
        try {
            long start = ProcFs.startTime(p.pid()).orElseThrow();
            assertTrue(ProcessSignal.send(HostTools.find("kill"), p.pid(), start, "HUP"));
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "SIGHUP not delivered");
            assertEquals(42, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aProcessWithAnotherStartTimeIsNotSignalled() throws Exception {
        Process p = hupCatcher();
        try {
            long start = ProcFs.startTime(p.pid()).orElseThrow();
            // the pid as a later process would have it: same number, another start time
            assertFalse(ProcessSignal.send(HostTools.find("kill"), p.pid(), start + 1, "HUP"));
            assertFalse(ProcessSignal.send(HostTools.find("kill"), p.pid(), start + 1, "TERM"));
            assertFalse(p.waitFor(300, TimeUnit.MILLISECONDS), "signalled although it is not the process meant");
            // and no signal name can smuggle in more than a name
            assertFalse(ProcessSignal.send(HostTools.find("kill"), p.pid(), start, "HUP 1"));
            assertTrue(p.isAlive());
        } finally {
            p.destroyForcibly();
        }
    }
}
