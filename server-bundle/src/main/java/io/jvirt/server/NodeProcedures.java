package io.jvirt.server;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.Connection;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NodeStat;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.rpc.XdrStruct;

/**
 * The host's figures as libvirtd serves them: NODE_GET_FREE_MEMORY and NODE_GET_CELLS_FREE_MEMORY
 * (generated dispatchers: a cell count past REMOTE_NODE_MAX_CELLS refused, no cells an error),
 * CONNECT_GET_SYSINFO, and NODE_GET_CPU_STATS / NODE_GET_MEMORY_STATS as
 * remoteDispatchNodeGetCPUStats and remoteDispatchNodeGetMemoryStats serve them: no parameters
 * asked for is a question of how many there are (the count in nparams, no values); otherwise at
 * most nparams values and nparams left 0.
 */
final class NodeProcedures {

    static final int REMOTE_NODE_MAX_CELLS = 1024;
    static final int REMOTE_NODE_CPU_STATS_MAX = 16;
    static final int REMOTE_NODE_MEMORY_STATS_MAX = 16;

    private NodeProcedures() {
    }

    static void register(RemoteDispatcher d) {
        d.read("NODE_GET_FREE_MEMORY", (c, conn, a) -> XdrStruct.of("ret", "freeMem", conn.nodeFreeMemory()));
        d.read("NODE_GET_CELLS_FREE_MEMORY", (c, conn, a) -> {
            int max = a.getInt("maxcells");
            if (max > REMOTE_NODE_MAX_CELLS) {
                throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "maxcells > REMOTE_NODE_MAX_CELLS");
            }
            List<Long> cells = conn.nodeCellsFreeMemory(a.getInt("startCell"), max);
            if (cells.isEmpty()) {
                // the generated dispatcher takes no cells (a return of 0) for a failure
                throw VirtException.verbatim(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE, "An error occurred, but the cause is unknown");
            }
            return XdrStruct.of("ret", "cells", new ArrayList<Object>(cells));
        });
        d.read("CONNECT_GET_SYSINFO", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virConnectGetSysinfo");
            return XdrStruct.of("ret", "sysinfo", conn.sysinfo());
        });
        d.read("NODE_GET_CPU_STATS", (c, conn, a) -> stats(a, REMOTE_NODE_CPU_STATS_MAX, "virNodeGetCPUStats", "node_cpu_stat",
            () -> conn.nodeCpuStats(a.getInt("cpuNum"))));
        d.read("NODE_GET_MEMORY_STATS", (c, conn, a) -> stats(a, REMOTE_NODE_MEMORY_STATS_MAX, "virNodeGetMemoryStats",
            "node_memory_stat", () -> conn.nodeMemoryStats(a.getInt("cellNum"))));
    }

    private static XdrStruct stats(XdrStruct a, int max, String function, String struct,
                                   java.util.function.Supplier<List<NodeStat>> get) {
        int nparams = a.getInt("nparams");
        if (nparams > max) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "nparams too large");
        }
        if (nparams < 0) {
            // virCheckNonNegativeArgGoto(*nparams)
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "*nparams in " + function + " must be zero or greater");
        }
        // the public function's checks and the driver's answer, then its flags (the driver checks them after libvirt's own checks)
        List<NodeStat> all = get.get();
        WireFlags.none(a.getInt("flags"), function);
        if (nparams == 0) {
            return XdrStruct.of("ret", "params", List.of(), "nparams", all.size());
        }
        List<Object> params = new ArrayList<>();
        for (NodeStat s : all.subList(0, Math.min(nparams, all.size()))) {
            params.add(XdrStruct.of(struct, "field", s.field(), "value", s.value()));
        }
        return XdrStruct.of("ret", "params", params, "nparams", 0);
    }
}
