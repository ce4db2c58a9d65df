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
 * @param logMaxBytes       the size at which a container's output file (the domain log, or a file
 *                          console) is rotated; each file stays below twice this size
 * @param rebootLimit       how many times a container may restart itself (reboot from inside)
 *                          within {@code rebootIntervalMs}; one more and it is shut off
 * @param rebootIntervalMs  the window of {@code rebootLimit}
 */
record LxcSettings(Path stateDir, String cgroupParent, long startTimeoutMs, long shutdownTimeoutMs,
                   long destroyTimeoutMs, boolean autostart, long logMaxBytes, int rebootLimit, long rebootIntervalMs,
                   String netns) {

    LxcSettings(Path stateDir, String cgroupParent, long startTimeoutMs, long shutdownTimeoutMs, long destroyTimeoutMs,
                boolean autostart, long logMaxBytes, int rebootLimit, long rebootIntervalMs) {
        this(stateDir, cgroupParent, startTimeoutMs, shutdownTimeoutMs, destroyTimeoutMs, autostart, logMaxBytes, rebootLimit,
            rebootIntervalMs, null);
    }

    /**
     * A network namespace (/run/netns/NAME) for the host ends of the containers' veth pairs and the
     * bridges they join (the network driver's, when it runs there too); null for the driver's own.
     */
    LxcSettings withNetns(String ns) {
        return new LxcSettings(stateDir, cgroupParent, startTimeoutMs, shutdownTimeoutMs, destroyTimeoutMs, autostart,
            logMaxBytes, rebootLimit, rebootIntervalMs, ns);
    }

    /** What runs {@code ip} in {@link #netns} ({@code nsenter --net=PATH}), empty for the driver's own. */
    java.util.List<String> netnsPrefix() {
        return netns == null || netns.isBlank() ? java.util.List.of() : java.util.List.of("nsenter", "--net=" + netns.trim());
    }

    /** virtlogd's default max_size. */
    static final long LOG_MAX_BYTES = 2L * 1024 * 1024;
    static final int REBOOT_LIMIT = 5;
    static final long REBOOT_INTERVAL_MS = 60_000;

    LxcSettings(Path stateDir, String cgroupParent, long startTimeoutMs, long shutdownTimeoutMs, long destroyTimeoutMs,
                boolean autostart) {
        this(stateDir, cgroupParent, startTimeoutMs, shutdownTimeoutMs, destroyTimeoutMs, autostart, LOG_MAX_BYTES,
            REBOOT_LIMIT, REBOOT_INTERVAL_MS);
    }

    static LxcSettings defaults(Path stateDir) {
        return new LxcSettings(stateDir, "jvirt-lxc", 10_000, 30_000, 10_000, true);
    }

    LxcSettings withLogMaxBytes(long bytes) {
        return new LxcSettings(stateDir, cgroupParent, startTimeoutMs, shutdownTimeoutMs, destroyTimeoutMs, autostart, bytes,
            rebootLimit, rebootIntervalMs, netns);
    }

    LxcSettings withRebootLimit(int limit, long intervalMs) {
        return new LxcSettings(stateDir, cgroupParent, startTimeoutMs, shutdownTimeoutMs, destroyTimeoutMs, autostart,
            logMaxBytes, limit, intervalMs, netns);
    }
}
