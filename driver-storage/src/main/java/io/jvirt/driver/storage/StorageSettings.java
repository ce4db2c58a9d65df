package io.jvirt.driver.storage;

import java.nio.file.Path;
import java.util.Set;

/**
 * The storage driver's settings (PID {@value LinuxStorageDriver#PID}).
 *
 * @param stateDir         persistent pool definitions (config/), autostart marks (autostart/), the
 *                         running pools (running/) and the volumes' formats (formats/)
 * @param qemuImg          the qemu-img program
 * @param commandTimeoutMs what a metadata command (qemu-img info/create/resize, lvs, vgs, lvcreate)
 *                         may take; commands that copy data (qemu-img convert, scrub) get
 *                         {@link StorageTools#SLOW_TIMEOUT_MS}
 * @param autostart        start the autostart pools when the driver starts
 * @param schemes          the URI schemes of the local drivers whose connections use these pools
 */
record StorageSettings(Path stateDir, String qemuImg, long commandTimeoutMs, boolean autostart, Set<String> schemes) {

    StorageSettings {
        if (commandTimeoutMs <= 0) {
            throw new IllegalArgumentException("command.timeout.ms must be positive: " + commandTimeoutMs);
        }
        schemes = Set.copyOf(schemes);
    }
}
