package io.jvirt.driver.lxc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.HostCommand;

/**
 * Signals to a process the driver knows by pid and start time. The JDK sends only SIGTERM and
 * SIGKILL ({@link ProcessHandle}); any other signal goes through {@code kill -s SIG PID} as an argv
 * (the core's {@link HostCommand}: no shell, a real timeout). Either way the process is checked to
 * still be the one meant (same start time), so a pid the kernel gave to another process since is
 * never signalled.
 */
final class ProcessSignal {

    private ProcessSignal() {
    }

    /**
     * Sends {@code signal} (a name without "SIG": HUP, TERM, KILL...) to {@code pid} if it is still
     * the process that started at {@code startTime}.
     *
     * @return whether the signal was sent
     */
    static boolean send(Path kill, long pid, long startTime, String signal) {
        if (!signal.matches("[A-Z0-9]+") || !ProcFs.sameProcess(pid, startTime)) {
            return false;
        }
        if ("TERM".equals(signal) || "KILL".equals(signal)) {
            return ProcessHandle.of(pid).map(h -> "TERM".equals(signal) ? h.destroy() : h.destroyForcibly()).orElse(false);
        }
        try {
            return HostCommand.run(List.of(kill.toString(), "-s", signal, Long.toString(pid)),
                java.util.Map.of("PATH", HostTools.LAUNCHER_PATH), 10_000, ErrorDomain.LXC).status() == 0;
        } catch (IOException | VirtException e) {
            return false;
        }
    }
}
