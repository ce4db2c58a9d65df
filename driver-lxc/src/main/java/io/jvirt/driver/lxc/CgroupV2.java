package io.jvirt.driver.lxc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * A container cgroup on the unified hierarchy (cgroup v2): {@code <mount>/<parent>/<name>}, with
 * the memory, cpu and pids controllers delegated from the root through the parent.
 */
final class CgroupV2 extends Cgroup {

    private final Path mount;
    private final Path dir;
    private final List<String> controllers;

    CgroupV2(Path mount, String relative, List<String> controllers) {
        this.mount = mount;
        this.dir = mount.resolve(relative);
        this.controllers = controllers;
    }

    @Override
    List<Path> dirs() {
        return List.of(dir);
    }

    @Override
    void create() {
        // each level between the root and the container delegates the controllers to its children
        StringBuilder enable = new StringBuilder();
        for (String c : controllers) {
            enable.append(enable.length() == 0 ? "" : " ").append('+').append(c);
        }
        for (Path p = dir.getParent(); p != null && p.startsWith(mount); p = p.getParent()) {
            mkdirs(p);
        }
        Path level = mount;
        for (Path part : mount.relativize(dir.getParent())) {
            write(level.resolve("cgroup.subtree_control"), enable.toString());
            level = level.resolve(part);
        }
        write(level.resolve("cgroup.subtree_control"), enable.toString());
        mkdirs(dir);
    }

    @Override
    void setMemoryLimit(long bytes) {
        write(dir.resolve("memory.max"), Long.toString(bytes));
    }

    @Override
    long memoryLimit() {
        String v = read(dir.resolve("memory.max"));
        return "max".equals(v) ? Long.MAX_VALUE : Long.parseLong(v);
    }

    @Override
    void setCpuShares(long shares) {
        // libvirt's conversion of v1 shares (2..262144, default 1024) to v2 weight (1..10000, default 100)
        long weight = Math.max(1, Math.min(10000, 1 + ((shares - 2) * 9999) / 262142));
        write(dir.resolve("cpu.weight"), Long.toString(weight));
    }

    @Override
    void setCpuBandwidth(Long periodUs, Long quotaUs) {
        String[] cur = read(dir.resolve("cpu.max")).split(" ");
        String quota = quotaUs == null ? cur[0] : quotaUs < 0 ? "max" : Long.toString(quotaUs);
        String period = periodUs == null ? cur[1] : Long.toString(periodUs);
        write(dir.resolve("cpu.max"), quota + " " + period);
    }

    /**
     * cgroup v2 has no devices files: libvirt attaches a BPF device program, which needs the bpf(2)
     * system call, out of reach without native code. The same rule set is enforced otherwise: the
     * container cannot make device nodes (mknod is dropped from its capabilities unless switched
     * on), its /dev holds only the allowed nodes, and every other filesystem it sees is mounted
     * nodev, so a node planted in its root filesystem or a bind mount cannot be opened.
     */
    @Override
    void setDeviceAcl(boolean mknodAll) {
        // nothing to write: see above
    }

    @Override
    void freeze() {
        write(dir.resolve("cgroup.freeze"), "1");
        if (!await(() -> read(dir.resolve("cgroup.events")).contains("frozen 1"), 5_000)) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.CGROUP, "unable to freeze the container");
        }
    }

    @Override
    void thaw() {
        write(dir.resolve("cgroup.freeze"), "0");
    }

    @Override
    boolean isFrozen() {
        return Files.exists(dir.resolve("cgroup.freeze")) && "1".equals(read(dir.resolve("cgroup.freeze")));
    }

    @Override
    long cpuTimeNs() {
        for (String line : read(dir.resolve("cpu.stat")).split("\n")) {
            if (line.startsWith("usage_usec ")) {
                return Long.parseLong(line.substring(11).trim()) * 1000L;
            }
        }
        return 0;
    }

    @Override
    long memoryBytes() {
        return Long.parseLong(read(dir.resolve("memory.current")));
    }

    @Override
    Long memSwapBytes() {
        return readOptionalLong(dir.resolve("memory.swap.current"));
    }

    @Override
    public String toString() {
        return "cgroup v2 " + dir;
    }
}
