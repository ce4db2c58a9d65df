package io.jvirt.server;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.rpc.TypedParams;
import io.jvirt.core.kit.rpc.XdrStruct;

/**
 * DOMAIN_GET_CPU_STATS as libvirtd's remoteDispatchDomainGetCPUStats serves it, with the public
 * API's special cases: no parameters asked for is a count (of the total's parameters with
 * start_cpu -1, of the CPUs with ncpus 0, else of one CPU's parameters); the per-CPU answer is
 * nparams values per CPU, those a CPU lacks left out (libvirt's sparse array on the wire).
 */
final class CpuStatsProcedures {

    static final int REMOTE_NODE_CPU_STATS_MAX = 16;
    static final int REMOTE_DOMAIN_GET_CPU_STATS_NCPUS_MAX = 128;
    private static final int STRING_OKAY = 1 << 2;

    private CpuStatsProcedures() {
    }

    static void register(RemoteDispatcher d) {
        d.read("DOMAIN_GET_CPU_STATS", CpuStatsProcedures::get);
    }

    private static XdrStruct get(ClientSession c, Connection conn, XdrStruct a) {
        int nparams = a.getInt("nparams");
        int start = a.getInt("start_cpu");
        int ncpus = a.getInt("ncpus");
        int flags = a.getInt("flags");
        if (Integer.compareUnsigned(nparams, REMOTE_NODE_CPU_STATS_MAX) > 0) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "nparams too large");
        }
        if (Integer.compareUnsigned(ncpus, REMOTE_DOMAIN_GET_CPU_STATS_NCPUS_MAX) > 0) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "ncpus too large");
        }
        WireFlags.none(flags & ~STRING_OKAY, "virDomainGetCPUStats");
        // virDomainGetCPUStats's own checks
        if (start == -1) {
            if (ncpus != 1) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "ncpus in virDomainGetCPUStats must be 1 when start_cpu is -1");
            }
        } else if (start < 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "start_cpu in virDomainGetCPUStats must be non-negative");
        }
        Domain dom = conn.lookupByUuid(a.getStruct("dom").getUuid("uuid"));
        boolean strings = (flags & STRING_OKAY) != 0;
        if (start == -1) {
            List<TypedParameter> total = dom.cpuStatsTotal();
            if (nparams == 0) {
                return ret(List.of(), total.size());
            }
            List<TypedParameter> sent = take(total, nparams, strings);
            return ret(TypedParams.toWire(sent), Math.min(nparams, total.size()));
        }
        if (ncpus == 0) {
            return ret(List.of(), dom.cpuStatsCpuCount());
        }
        if (nparams == 0) {
            // the number of parameters of one CPU: of the first, which every domain with statistics has
            List<List<TypedParameter>> first = dom.cpuStats(0, 1);
            return ret(List.of(), first.isEmpty() ? 0 : first.get(0).size());
        }
        List<List<TypedParameter>> cpus = dom.cpuStats(start, ncpus);
        int per = 0;
        List<TypedParameter> sent = new ArrayList<>();
        for (List<TypedParameter> cpu : cpus.subList(0, Math.min(ncpus, cpus.size()))) {
            List<TypedParameter> these = take(cpu, nparams, strings);
            per = Math.max(per, Math.min(nparams, cpu.size()));
            sent.addAll(these);
        }
        return ret(TypedParams.toWire(sent), per);
    }

    private static List<TypedParameter> take(List<TypedParameter> params, int nparams, boolean strings) {
        List<TypedParameter> out = new ArrayList<>();
        for (TypedParameter p : params.subList(0, Math.min(nparams, params.size()))) {
            if (p.type() != TypedParameter.Type.STRING || strings) {
                out.add(p);
            }
        }
        return out;
    }

    private static XdrStruct ret(List<Object> params, int nparams) {
        return XdrStruct.of("ret", "params", params, "nparams", nparams);
    }
}
