package io.jvirt.driver.lxc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * A container cgroup on cgroup v1: {@code <hierarchy>/<parent>/<uuid>} in each controller's
 * hierarchy (memory, cpu, cpuacct, devices, freezer, pids; co-mounted controllers share a directory).
 */
final class CgroupV1 extends Cgroup {

    /** controller -> this container's directory in the controller's hierarchy. */
    private final Map<String, Path> byController;

    CgroupV1(Map<String, Path> mounts, String relative) {
        byController = new LinkedHashMap<>();
        mounts.forEach((controller, mnt) -> byController.put(controller, mnt.resolve(relative)));
    }

    @Override
    List<Path> dirs() {
        List<Path> out = new ArrayList<>();
        for (Path p : byController.values()) {
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private Path file(String controller, String name) {
        Path d = byController.get(controller);
        if (d == null) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.CGROUP,
                "cgroup controller '" + controller + "' is not mounted");
        }
        return d.resolve(name);
    }

    @Override
    void create() {
        dirs().forEach(Cgroup::mkdirs);
    }

    @Override
    void setMemoryLimit(long bytes) {
        write(file("memory", "memory.limit_in_bytes"), Long.toString(bytes));
    }

    @Override
    long memoryLimit() {
        return Long.parseLong(read(file("memory", "memory.limit_in_bytes")));
    }

    @Override
    void setCpuShares(long shares) {
        write(file("cpu", "cpu.shares"), Long.toString(shares));
    }

    @Override
    void setCpuBandwidth(Long periodUs, Long quotaUs) {
        if (periodUs != null) {
            write(file("cpu", "cpu.cfs_period_us"), Long.toString(periodUs));
        }
        if (quotaUs != null) {
            write(file("cpu", "cpu.cfs_quota_us"), Long.toString(quotaUs < 0 ? -1 : quotaUs));
        }
    }

    @Override
    void setDeviceAcl(boolean mknodAll) {
        Path deny = file("devices", "devices.deny");
        Path allow = file("devices", "devices.allow");
        write(deny, "a");
        if (mknodAll) {
            write(allow, "b *:* m");
            write(allow, "c *:* m");
        }
        for (String rule : ALLOWED_DEVICES) {
            write(allow, rule);
        }
    }

    @Override
    void freeze() {
        Path state = file("freezer", "freezer.state");
        write(state, "FROZEN");
        // FREEZING until every task stopped; writing FROZEN again retries the stragglers
        if (!await(() -> "FROZEN".equals(read(state)), 5_000)) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.CGROUP,
                "unable to freeze the container: still " + read(state));
        }
    }

    @Override
    void thaw() {
        write(file("freezer", "freezer.state"), "THAWED");
    }

    @Override
    boolean isFrozen() {
        Path d = byController.get("freezer");
        return d != null && Files.exists(d) && !"THAWED".equals(read(d.resolve("freezer.state")));
    }

    @Override
    long cpuTimeNs() {
        return Long.parseLong(read(file("cpuacct", "cpuacct.usage")));
    }

    @Override
    long memoryBytes() {
        return Long.parseLong(read(file("memory", "memory.usage_in_bytes")));
    }

    @Override
    Long memSwapBytes() {
        return readOptionalLong(file("memory", "memory.memsw.usage_in_bytes"));
    }

    @Override
    public String toString() {
        return "cgroup v1 " + byController;
    }
}
