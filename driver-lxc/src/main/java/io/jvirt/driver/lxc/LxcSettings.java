package io.jvirt.driver.lxc;

import java.nio.file.Path;

/**
 * The driver's settings (ConfigAdmin PID {@code io.jvirt.driver.lxc}).
 *
 * @param stateDir          the driver's state root (config/, status/, autostart/, run/, log/)
 * @param cgroupParent      the directory under each cgroup hierarchy that holds the containers
 * @param startTimeoutMs    how long a start waits for the container's launcher at each step
 * @param shutdownTimeoutMs how long a shutdown waits for init to exit after SIGTERM
 * @param destroyTimeoutMs  how long a destroy waits for the cgroup to empty
 * @param autostart         whether autostart domains start with the driver (once per host boot)
 */
record LxcSettings(Path stateDir, String cgroupParent, long startTimeoutMs, long shutdownTimeoutMs,
                   long destroyTimeoutMs, boolean autostart) {

    static LxcSettings defaults(Path stateDir) {
        return new LxcSettings(stateDir, "jvirt-lxc", 10_000, 30_000, 10_000, true);
    }
}
