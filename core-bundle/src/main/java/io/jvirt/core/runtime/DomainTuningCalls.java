package io.jvirt.core.runtime;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Flag;
import io.jvirt.api.IoThreadInfo;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * The I/O thread, blkio and CPU statistics calls of a {@link DomainImpl}, with libvirt's public
 * checks (libvirt-domain.c) before the driver is asked: read-only refusals, exclusive impacts,
 * typed parameters that fit libvirt's fields.
 */
final class DomainTuningCalls {

    private final ConnectionImpl conn;
    private final DomainRef ref;

    DomainTuningCalls(ConnectionImpl conn, DomainRef ref) {
        this.conn = conn;
        this.ref = ref;
    }

    private DriverConnection d() {
        return conn.driver();
    }

    List<IoThreadInfo> ioThreadInfo(ModificationImpact... impact) {
        int bits = exclusive(Flag.bits(impact));
        return conn.call(() -> List.copyOf(d().domainIoThreadInfo(ref, bits)));
    }

    void addIoThread(int id, ModificationImpact... impact) {
        int bits = Flag.bits(impact);
        conn.changeRun("virDomainAddIOThread", () -> d().domainAddIoThread(ref, id, bits));
    }

    void deleteIoThread(int id, ModificationImpact... impact) {
        int bits = Flag.bits(impact);
        conn.changeRun("virDomainDelIOThread", () -> d().domainDelIoThread(ref, id, bits));
    }

    void setIoThreadParameters(int id, List<TypedParameter> params, ModificationImpact... impact) {
        List<TypedParameter> copy = settable(params, "virDomainSetIOThreadParams");
        int bits = Flag.bits(impact);
        conn.changeRun("virDomainSetIOThreadParams", () -> d().domainSetIoThreadParams(ref, id, copy, bits));
    }

    void pinIoThread(int id, BitSet cpus, ModificationImpact... impact) {
        ConnectionImpl.requireArg(cpus, "cpumap");
        BitSet copy = (BitSet) cpus.clone();
        int bits = Flag.bits(impact);
        conn.changeRun("virDomainPinIOThread", () -> {
            // virCheckPositiveArgGoto(maplen): an empty map has no bytes to send
            if (copy.isEmpty()) {
                throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "maplen in virDomainPinIOThread must be greater than zero");
            }
            d().domainPinIoThread(ref, id, copy, bits);
        });
    }

    /** virDomainGetBlkioParameters: the driver takes string parameters, as the jvirt API does. */
    List<TypedParameter> blkioParameters(ModificationImpact... impact) {
        int bits = exclusive(Flag.bits(impact)) | TYPED_PARAM_STRING_OKAY;
        return conn.call(() -> List.copyOf(d().domainBlkioParameters(ref, bits)));
    }

    void setBlkioParameters(List<TypedParameter> params, ModificationImpact... impact) {
        ConnectionImpl.requireArg(params, "params");
        List<TypedParameter> copy = fitting(List.copyOf(params));
        int bits = Flag.bits(impact);
        conn.changeRun("virDomainSetBlkioParameters", () -> d().domainSetBlkioParameters(ref, copy, bits));
    }

    List<TypedParameter> cpuStatsTotal() {
        return conn.call(() -> List.copyOf(d().domainCpuStatsTotal(ref, TYPED_PARAM_STRING_OKAY)));
    }

    int cpuStatsCpuCount() {
        return conn.call(() -> d().domainCpuStatsCpuCount(ref, TYPED_PARAM_STRING_OKAY));
    }

    /** virDomainGetCPUStats's checks: a start not negative, at least one CPU, at most UINT_MAX values. */
    List<List<TypedParameter>> cpuStats(int startCpu, int ncpus) {
        if (startCpu < 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "start_cpu in virDomainGetCPUStats must be non-negative");
        }
        if (ncpus <= 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "ncpus in virDomainGetCPUStats must be greater than zero");
        }
        return conn.call(() -> {
            List<List<TypedParameter>> out = new java.util.ArrayList<>();
            for (List<TypedParameter> cpu : d().domainCpuStats(ref, startCpu, ncpus, TYPED_PARAM_STRING_OKAY)) {
                out.add(List.copyOf(cpu));
            }
            return List.copyOf(out);
        });
    }

    /** {@code VIR_TYPED_PARAM_STRING_OKAY}. */
    static final int TYPED_PARAM_STRING_OKAY = 1 << 2;

    /** virCheckNonNullArg, virCheckPositiveArg(nparams) and virTypedParameterValidateSet. */
    static List<TypedParameter> settable(List<TypedParameter> params, String function) {
        ConnectionImpl.requireArg(params, "params");
        if (params.isEmpty()) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "nparams in " + function + " must be greater than zero");
        }
        return fitting(List.copyOf(params));
    }

    /** virTypedParameterValidateSet: each field name fits libvirt's fixed-size field. */
    private static List<TypedParameter> fitting(List<TypedParameter> copy) {
        for (TypedParameter p : copy) {
            if (p.field().getBytes(StandardCharsets.UTF_8).length >= TypedParameter.FIELD_LENGTH) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "string too long: '" + p.field() + "'");
            }
        }
        return copy;
    }

    static int exclusive(int flags) {
        if ((flags & ModificationImpact.LIVE.bit()) != 0 && (flags & ModificationImpact.CONFIG.bit()) != 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        }
        return flags;
    }
}
