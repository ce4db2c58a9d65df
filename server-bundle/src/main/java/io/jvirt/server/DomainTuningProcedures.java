package io.jvirt.server;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainControlInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.SchedulerType;
import io.jvirt.api.TypedParameter;
import io.jvirt.core.kit.rpc.TypedParams;
import io.jvirt.api.VcpuFlag;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.rpc.XdrStruct;

/**
 * The domain tuning procedures (control info, vCPU counts and pinning, the scheduler and its typed
 * parameters) as libvirtd's remote_daemon_dispatch.c serves them, including its own checks of the
 * sizes a client asks for.
 */
final class DomainTuningProcedures {

    /** {@code VIR_TYPED_PARAM_STRING_OKAY}: the client takes string parameters in replies. */
    static final int TYPED_PARAM_STRING_OKAY = 1 << 2;
    static final int REMOTE_CPUMAP_MAX = 2048;
    static final int REMOTE_VCPUINFO_MAX = 16384;
    static final int REMOTE_CPUMAPS_MAX = 8388608;
    static final int REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX = 16;

    private DomainTuningProcedures() {
    }

    static void register(RemoteDispatcher d) {
        d.read("NODE_GET_CPU_MAP", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virNodeGetCPUMap");
            io.jvirt.api.NodeCpuMap m = conn.nodeCpuMap();
            // remoteDispatchNodeGetCPUMap: the map only when asked, VIR_CPU_MAPLEN(cpus) bytes
            byte[] map = new byte[0];
            if (a.getInt("need_map") != 0) {
                map = java.util.Arrays.copyOf(m.online().toByteArray(), (m.cpus() + 7) / 8);
            }
            return ret("cpumap", map, "online", a.getInt("need_online") != 0 ? m.onlineCount() : 0, "ret", m.cpus());
        });
        d.read("DOMAIN_GET_CONTROL_INFO", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virDomainGetControlInfo");
            DomainControlInfo i = domain(conn, a).controlInfo();
            return ret("state", i.state().number(), "details", i.details(), "stateTime", i.stateTimeMs());
        });
        d.read("DOMAIN_GET_MAX_VCPUS", (c, conn, a) -> ret("num", domain(conn, a).maxVcpus()));
        d.read("DOMAIN_GET_VCPUS_FLAGS", (c, conn, a) -> ret("num",
            domain(conn, a).vcpuCount(WireFlags.of(VcpuFlag.class, a.getInt("flags"), "virDomainGetVcpusFlags"))));
        d.change("DOMAIN_PIN_VCPU", (c, conn, a) -> {
            pin(conn, a, 0, "virDomainPinVcpu");
            return null;
        });
        d.change("DOMAIN_PIN_VCPU_FLAGS", (c, conn, a) -> {
            pin(conn, a, a.getInt("flags"), "virDomainPinVcpuFlags");
            return null;
        });
        d.read("DOMAIN_GET_VCPU_PIN_INFO", (c, conn, a) -> pinInfo(conn, a));
        d.read("DOMAIN_GET_SCHEDULER_TYPE", (c, conn, a) -> {
            SchedulerType t = domain(conn, a).schedulerType();
            return ret("type", t.name(), "nparams", t.parameterCount());
        });
        d.read("DOMAIN_GET_SCHEDULER_PARAMETERS", (c, conn, a) ->
            schedulerParameters(conn, a, 0, "virDomainGetSchedulerParameters"));
        d.read("DOMAIN_GET_SCHEDULER_PARAMETERS_FLAGS", (c, conn, a) ->
            schedulerParameters(conn, a, a.getInt("flags"), "virDomainGetSchedulerParametersFlags"));
        d.change("DOMAIN_SET_SCHEDULER_PARAMETERS", (c, conn, a) -> {
            domain(conn, a).setSchedulerParameters(TypedParams.fromWire(a.getList("params")));
            return null;
        });
        d.change("DOMAIN_SET_SCHEDULER_PARAMETERS_FLAGS", (c, conn, a) -> {
            int flags = a.getInt("flags") & ~TYPED_PARAM_STRING_OKAY;
            domain(conn, a).setSchedulerParameters(TypedParams.fromWire(a.getList("params")),
                WireFlags.of(ModificationImpact.class, flags, "virDomainSetSchedulerParametersFlags"));
            return null;
        });
    }

    private static Domain domain(Connection conn, XdrStruct args) {
        return conn.lookupByUuid(args.getStruct("dom").getUuid("uuid"));
    }

    private static XdrStruct ret(Object... namesAndValues) {
        return XdrStruct.of("ret", namesAndValues);
    }

    private static VirtException positive(String arg, String function) {
        return VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, arg + " in " + function + " must be greater than zero");
    }

    // ---- vCPU pinning: libvirt's cpumaps are little-endian bit arrays, CPU n at bit n%8 of byte n/8 ----

    private static void pin(Connection conn, XdrStruct a, int flags, String function) {
        byte[] map = a.getBytes("cpumap");
        if (map.length == 0) {
            throw positive("maplen", function);
        }
        int vcpu = a.getInt("vcpu");
        if (vcpu < 0) {
            // an unsigned vCPU number above INT_MAX names no vCPU any domain has
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "requested vcpu '" + Integer.toUnsignedString(vcpu) + "' is not present in the domain");
        }
        domain(conn, a).pinVcpu(vcpu, BitSet.valueOf(map), WireFlags.of(ModificationImpact.class, flags, function));
    }

    /** remoteDispatchDomainGetVcpuPinInfo: ncpumaps maps of maplen bytes each, the unused ones zero. */
    private static XdrStruct pinInfo(Connection conn, XdrStruct a) {
        int ncpumaps = a.getInt("ncpumaps");
        int maplen = a.getInt("maplen");
        if (ncpumaps > REMOTE_VCPUINFO_MAX) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "ncpumaps > REMOTE_VCPUINFO_MAX");
        }
        if ((long) ncpumaps * maplen > REMOTE_CPUMAPS_MAX) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "maxinfo * maplen > REMOTE_CPUMAPS_MAX");
        }
        if (ncpumaps <= 0) {
            throw positive("ncpumaps", "virDomainGetVcpuPinInfo");
        }
        if (maplen <= 0) {
            throw positive("maplen", "virDomainGetVcpuPinInfo");
        }
        List<BitSet> maps = domain(conn, a).vcpuPinInfo(
            WireFlags.of(ModificationImpact.class, a.getInt("flags"), "virDomainGetVcpuPinInfo"));
        int num = Math.min(ncpumaps, maps.size());
        byte[] out = new byte[ncpumaps * maplen];
        for (int i = 0; i < num; i++) {
            byte[] bits = maps.get(i).toByteArray();
            System.arraycopy(bits, 0, out, i * maplen, Math.min(bits.length, maplen));
        }
        return ret("cpumaps", out, "num", num);
    }

    // ---- typed parameters (virTypedParamsSerialize / Deserialize) ----

    private static XdrStruct schedulerParameters(Connection conn, XdrStruct a, int flags, String function) {
        int nparams = a.getInt("nparams");
        if (nparams > REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "nparams too large");
        }
        if (nparams <= 0) {
            throw positive("nparams", function);
        }
        boolean strings = (flags & TYPED_PARAM_STRING_OKAY) != 0;
        Domain dom = domain(conn, a);
        List<TypedParameter> params;
        if (function.endsWith("Flags")) {
            // the flags variant, even with no impact bit: CURRENT makes the API call it
            List<ModificationImpact> impact = new ArrayList<>(List.of(
                WireFlags.of(ModificationImpact.class, flags & ~TYPED_PARAM_STRING_OKAY, function)));
            impact.add(ModificationImpact.CURRENT);
            params = dom.schedulerParameters(impact.toArray(ModificationImpact[]::new));
        } else {
            params = dom.schedulerParameters();
        }
        List<TypedParameter> sent = new ArrayList<>();
        for (TypedParameter p : params.subList(0, Math.min(nparams, params.size()))) {
            if (p.type() != TypedParameter.Type.STRING || strings) {
                sent.add(p);
            }
        }
        return ret("params", TypedParams.toWire(sent));
    }
}
