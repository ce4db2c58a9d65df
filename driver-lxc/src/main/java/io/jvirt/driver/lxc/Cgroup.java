package io.jvirt.driver.lxc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * One container's cgroup: a directory per v1 hierarchy it uses, or one v2 directory. Created
 * before the container's first process, which joins it before it execs anything (so everything
 * the container ever forks is accounted and can be killed); removed once the container is gone.
 */
abstract class Cgroup {

    /** The cgroup directories (one per hierarchy), in a fixed order. */
    abstract List<Path> dirs();

    /** Where a process writes "0" to move itself into this cgroup (one file per hierarchy). */
    final List<Path> procsFiles() {
        List<Path> out = new ArrayList<>();
        for (Path d : dirs()) {
            out.add(d.resolve("cgroup.procs"));
        }
        return out;
    }

    /** Whether every directory of the cgroup still exists. */
    final boolean exists() {
        for (Path d : dirs()) {
            if (!Files.isDirectory(d)) {
                return false;
            }
        }
        return true;
    }

    /** Creates the directories (and what a v2 parent needs to delegate controllers). */
    abstract void create();

    /** memory.limit_in_bytes / memory.max. */
    abstract void setMemoryLimit(long bytes);

    /** cpu.shares / cpu.weight. */
    abstract void setCpuShares(long shares);

    /** cpu.cfs_period_us + cpu.cfs_quota_us / cpu.max; quota &lt; 0 is unlimited. */
    abstract void setCpuBandwidth(Long periodUs, Long quotaUs);

    /**
     * libvirt's {@code virLXCCgroupSetupDeviceACL}: every device denied, then exactly
     * {@link #ALLOWED_DEVICES} allowed (with {@code mknodAll}, also making any node: libvirt's rule
     * when mknod is switched on; opening it stays denied). Set before the container's first process
     * joins the cgroup.
     */
    abstract void setDeviceAcl(boolean mknodAll);

    /**
     * The devices a container may use, libvirt's list: null, zero, full, random, urandom, tty,
     * ptmx, fuse, and the pty slaves (its devpts instance and its console).
     */
    static final java.util.List<String> ALLOWED_DEVICES = java.util.List.of("c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm",
        "c 1:8 rwm", "c 1:9 rwm", "c 5:0 rwm", "c 5:2 rwm", "c 10:229 rwm", "c 136:* rwm");

    abstract void freeze();

    abstract void thaw();

    abstract boolean isFrozen();

    /** CPU time used by all the container's processes, in ns. */
    abstract long cpuTimeNs();

    /** Memory in use by the container, in bytes. */
    abstract long memoryBytes();

    /**
     * What libvirt's {@code virCgroupGetMemSwapUsage} reads, in bytes: memory plus swap on v1
     * ({@code memory.memsw.usage_in_bytes}), swap alone on v2 ({@code memory.swap.current}); null
     * where the kernel accounts no swap (v1 without swapaccount, v2 without swap).
     */
    abstract Long memSwapBytes();

    /** The memory limit in force, in bytes (Long.MAX_VALUE-ish when unlimited). */
    abstract long memoryLimit();

    /** Every process in the cgroup (host pids), across its hierarchies. */
    final Set<Long> pids() {
        Set<Long> out = new LinkedHashSet<>();
        for (Path f : procsFiles()) {
            try {
                for (String line : Files.readAllLines(f, StandardCharsets.US_ASCII)) {
                    if (!line.isBlank()) {
                        out.add(Long.parseLong(line.trim()));
                    }
                }
            } catch (NoSuchFileException e) {
                // removed already
            } catch (IOException e) {
                throw sysError("cannot read " + f, e);
            }
        }
        return out;
    }

    /**
     * Kills every process of the container, libvirt's {@code virCgroupKillPainfully}: freeze so
     * that nothing forks while we look, SIGKILL each, thaw so that the signals are delivered, and
     * wait until the cgroup is empty.
     *
     * @return whether the cgroup is empty at the end
     */
    final boolean killAll(long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        do {
            Set<Long> pids = pids();
            if (pids.isEmpty()) {
                return true;
            }
            try {
                freeze();
            } catch (VirtException e) {
                // a cgroup without a freezer is still killed, just with a race against fork
            }
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            thawQuietly();
            sleep(20);
        } while (System.nanoTime() < deadline);
        return pids().isEmpty();
    }

    /** Removes the directories; missing ones are fine. */
    final void remove() {
        for (Path d : dirs()) {
            // rmdir can fail with EBUSY for a moment after the last process exited
            for (int i = 0; ; i++) {
                try {
                    Files.deleteIfExists(d);
                    break;
                } catch (IOException e) {
                    if (i >= 50) {
                        throw sysError("cannot remove cgroup " + d, e);
                    }
                    sleep(20);
                }
            }
        }
    }

    private void thawQuietly() {
        try {
            thaw();
        } catch (VirtException e) {
            // no freezer
        }
    }

    static void write(Path file, String value) {
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw sysError("unable to write '" + value + "' to " + file, e);
        }
    }

    /** The number in {@code file}, or null when the file does not exist. */
    static Long readOptionalLong(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        return Long.parseLong(read(file));
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw sysError("unable to read " + file, e);
        }
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw sysError("unable to create cgroup " + dir, e);
        }
    }

    static VirtException sysError(String msg, Exception e) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.CGROUP, msg + ": " + e, e);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.LXC, "interrupted");
        }
    }

    /** Polls {@code check} every 10 ms until it holds or {@code timeoutMs} passed. */
    static boolean await(java.util.function.BooleanSupplier check, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!check.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(10);
        }
        return true;
    }
}
