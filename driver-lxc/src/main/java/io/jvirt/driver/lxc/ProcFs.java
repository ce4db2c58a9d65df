package io.jvirt.driver.lxc;

import java.util.List;
import java.util.OptionalLong;

import io.jvirt.core.kit.local.HostProcFs;

/**
 * The kit's {@code /proc} reader ({@link HostProcFs}) under the names this package uses: a
 * container's init is known by pid and start time like every local driver's process.
 */
final class ProcFs {

    private ProcFs() {
    }

    /** The start time of a running {@code pid} (clock ticks since boot); empty when it is gone. */
    static OptionalLong startTime(long pid) {
        return HostProcFs.startTime(pid);
    }

    /** The parent pid of {@code pid}, or -1. */
    static long parent(long pid) {
        return HostProcFs.parent(pid);
    }

    /** Whether {@code pid} exists and is not a zombie. */
    static boolean alive(long pid) {
        return HostProcFs.isRunning(pid);
    }

    /** Whether {@code pid} is alive and still started at {@code startTime}. */
    static boolean sameProcess(long pid, long startTime) {
        return startTime >= 0 && HostProcFs.sameProcess(pid, startTime);
    }

    static List<Long> children(long pid) {
        return HostProcFs.children(pid);
    }

    /** The target of {@code /proc/PID/ns/KIND} ("pid:[4026531836]"), or null. */
    static String namespace(long pid, String kind) {
        return HostProcFs.namespace(pid, kind);
    }

    /** {@code /proc/PID/cmdline} with its NULs, or null when the process is gone. */
    static String cmdline(long pid) {
        List<String> args = HostProcFs.cmdline(pid);
        if (args.isEmpty()) {
            return HostProcFs.isRunning(pid) ? "" : null;
        }
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            b.append(a).append('\0');
        }
        return b.toString();
    }
}
