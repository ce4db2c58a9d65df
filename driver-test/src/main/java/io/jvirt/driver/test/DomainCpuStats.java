package io.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.spi.DomainRef;

/**
 * {@code testDomainGetCPUStats}: libvirt's made-up numbers for a running domain: a fixed total,
 * shared out over as many CPUs as the node has cores per socket (each a nanosecond more than the
 * one before), a vCPU time 1234567890 ns below each CPU's time.
 */
final class DomainCpuStats {

    static final long TOTAL_CPUTIME = 48772617035L;
    private static final long USER_TIME = 5540000000L;
    private static final long SYSTEM_TIME = 6460000000L;
    private static final long VCPU_OFFSET = 1234567890L;
    private static final int STRING_OKAY = 1 << 2;

    private final TestHost host;

    DomainCpuStats(TestHost host) {
        this.host = host;
    }

    List<TypedParameter> total(DomainRef ref, int flags) {
        running(ref, flags);
        return List.of(ullong("cpu_time", TOTAL_CPUTIME), ullong("user_time", USER_TIME), ullong("system_time", SYSTEM_TIME));
    }

    int cpuCount(DomainRef ref, int flags) {
        running(ref, flags);
        return host.node.cores();
    }

    List<List<TypedParameter>> perCpu(DomainRef ref, int startCpu, int ncpus, int flags) {
        running(ref, flags);
        int total = host.node.cores();
        if (startCpu >= total) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                "start_cpu " + startCpu + " larger than maximum of " + (total - 1));
        }
        long perCpu = TOTAL_CPUTIME / total;
        List<List<TypedParameter>> out = new ArrayList<>();
        // CPUs past the node's have nothing: the tail is left out (libvirt leaves it unset)
        for (long i = startCpu; i < Math.min(total, (long) startCpu + ncpus); i++) {
            out.add(List.of(ullong("cpu_time", perCpu + i), ullong("vcpu_time", perCpu + i - VCPU_OFFSET)));
        }
        return out;
    }

    private void running(DomainRef ref, int flags) {
        Flags.check(flags, STRING_OKAY, "testDomainGetCPUStats");
        DomainObject<TestRuntime> d = host.dom(ref);
        d.requireActive();
    }

    private static TypedParameter ullong(String field, long value) {
        return new TypedParameter(field, TypedParameter.Type.ULLONG, value);
    }
}
