package io.jvirt.driver.qemu;

import java.nio.file.Path;

/**
 * One run of one domain's QEMU process, from start (or reconnect) to stop. Event handlers carry the
 * run they were raised for and ignore themselves when the domain's current run is another one
 * (a late EOF of a destroyed QEMU must not stop the next start).
 */
final class QemuRun {

    final long pid;
    final long startTime;
    final Path monitorPath;
    final Path pidFile;
    final Path log;
    volatile QmpMonitor monitor;
    /** QEMU said SHUTDOWN: the EOF that follows is a shutdown, not a crash. */
    volatile boolean gotShutdown;
    /** A reboot was asked: the SHUTDOWN that follows resets the guest instead of ending QEMU (libvirt's fake reboot). */
    volatile boolean fakeReboot;
    /** The driver is ending the process (destroy, failed start): its EOF is expected. */
    volatile boolean beingDestroyed;

    QemuRun(long pid, long startTime, Path monitorPath, Path pidFile, Path log) {
        this.pid = pid;
        this.startTime = startTime;
        this.monitorPath = monitorPath;
        this.pidFile = pidFile;
        this.log = log;
    }

    /** The domain's runtime slot in the registry: its current run, null while shut off. */
    static final class Slot {
        volatile QemuRun run;
        /** The persistent definition changed while the domain ran ({@code virDomainIsUpdated}). */
        volatile boolean updated;
    }
}
