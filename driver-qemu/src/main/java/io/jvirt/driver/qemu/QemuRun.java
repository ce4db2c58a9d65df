package io.jvirt.driver.qemu;

import java.nio.file.Path;

import io.jvirt.api.ErrorDomain;
import io.jvirt.core.kit.local.ConsoleSessions;
import io.jvirt.core.kit.local.ProcessRun;
import io.jvirt.core.kit.local.RunSlot;

/**
 * One run of one domain's QEMU process, from start (or reconnect) to stop: the kit's run-state
 * (pid, start time, {@linkplain #isStopping stopping}: the driver ends it, {@linkplain
 * #isRebootRequested reboot requested}: libvirt's fake reboot, the SHUTDOWN that follows resets the
 * guest instead of ending QEMU) with QEMU's monitor and files. Event handlers carry the run they
 * were raised for and ignore themselves when the domain's current run is another one (a late EOF
 * of a destroyed QEMU must not stop the next start).
 */
final class QemuRun extends ProcessRun {

    final Path monitorPath;
    final Path pidFile;
    final Path log;
    volatile QmpMonitor monitor;
    /** The consoles open on this run's ptys (a pty number may come back in the next run: a run's own table). */
    final ConsoleSessions consoles = new ConsoleSessions(ErrorDomain.QEMU);
    /** QEMU said SHUTDOWN: the EOF that follows is a shutdown, not a crash. */
    volatile boolean gotShutdown;

    QemuRun(long pid, long startTime, Path monitorPath, Path pidFile, Path log) {
        super(pid, startTime);
        this.monitorPath = monitorPath;
        this.pidFile = pidFile;
        this.log = log;
    }

    /** The status file's {@code monitor}: where a restarted driver finds this QEMU's monitor. */
    @Override
    public String monitor() {
        return monitorPath == null ? "" : monitorPath.toString();
    }

    /** The domain's runtime slot in the registry: its current run, null while shut off. */
    static final class Slot implements RunSlot<QemuRun> {
        volatile QemuRun run;

        @Override
        public QemuRun run() {
            return run;
        }

        @Override
        public void setRun(QemuRun run) {
            this.run = run;
        }
    }
}
