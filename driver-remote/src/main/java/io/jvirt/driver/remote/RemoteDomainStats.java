package io.jvirt.driver.remote;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import io.jvirt.api.IoThreadInfo;
import io.jvirt.api.TypedParameter;

import io.jvirt.core.kit.rpc.RpcClient;
import io.jvirt.core.kit.rpc.TypedParams;
import io.jvirt.core.kit.rpc.XdrStruct;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DomainStatsEntry;

/**
 * Domain statistics, I/O threads, blkio parameters and CPU statistics of libvirt's remote driver
 * table (remote_driver.c), each one procedure of remote_protocol.x, the far side's replies checked
 * as libvirt's client checks them.
 */
abstract class RemoteDomainStats extends RemoteTuning {

    static final int REMOTE_DOMAIN_LIST_MAX = 16384;
    static final int REMOTE_DOMAIN_IOTHREAD_PARAMS_MAX = 64;
    static final int REMOTE_DOMAIN_BLKIO_PARAMETERS_MAX = 16;
    static final int REMOTE_NODE_CPU_STATS_MAX = 16;
    static final int REMOTE_DOMAIN_GET_CPU_STATS_NCPUS_MAX = 128;

    RemoteDomainStats(RpcClient client, String uri, boolean eventCallbacks) {
        super(client, uri, eventCallbacks);
    }

    /** remoteConnectGetAllDomainStats: the domains (none: all of them), at most the protocol's list. */
    @Override
    public List<DomainStatsEntry> getAllDomainStats(List<DomainRef> doms, int stats, int flags) {
        if (doms.size() > REMOTE_DOMAIN_LIST_MAX) {
            throw rpc("too many domains '" + doms.size() + "' for limit '" + REMOTE_DOMAIN_LIST_MAX + "'");
        }
        List<Object> wireDoms = new ArrayList<>(doms.size());
        for (DomainRef d : doms) {
            wireDoms.add(wire(d));
        }
        XdrStruct r = call("CONNECT_GET_ALL_DOMAIN_STATS", "doms", wireDoms, "stats", stats, "flags", flags);
        List<Object> records = r.getList("retStats");
        List<DomainStatsEntry> out = new ArrayList<>(records.size());
        for (Object o : records) {
            XdrStruct rec = (XdrStruct) o;
            XdrStruct d = rec.getStruct("dom");
            out.add(new DomainStatsEntry(new DomainRef(d.getString("name"), d.getUuid("uuid"), d.getInt("id")),
                TypedParams.fromWire(rec.getList("params"))));
        }
        return out;
    }

    // ---- I/O threads ----

    /** remoteDomainGetIOThreadInfo: the codec bounds the count and each map (REMOTE_CPUMAP_MAX bytes). */
    @Override
    public List<IoThreadInfo> domainIoThreadInfo(DomainRef dom, int flags) {
        XdrStruct r = call("DOMAIN_GET_IOTHREAD_INFO", "dom", wire(dom), "flags", flags);
        List<Object> info = r.getList("info");
        List<IoThreadInfo> out = new ArrayList<>(info.size());
        for (Object o : info) {
            XdrStruct i = (XdrStruct) o;
            out.add(new IoThreadInfo(i.getInt("iothread_id"), BitSet.valueOf(i.getBytes("cpumap"))));
        }
        return out;
    }

    @Override
    public void domainAddIoThread(DomainRef dom, int id, int flags) {
        call("DOMAIN_ADD_IOTHREAD", "dom", wire(dom), "iothread_id", id, "flags", flags);
    }

    @Override
    public void domainDelIoThread(DomainRef dom, int id, int flags) {
        call("DOMAIN_DEL_IOTHREAD", "dom", wire(dom), "iothread_id", id, "flags", flags);
    }

    @Override
    public void domainSetIoThreadParams(DomainRef dom, int id, List<TypedParameter> params, int flags) {
        if (params.size() > REMOTE_DOMAIN_IOTHREAD_PARAMS_MAX) {
            throw rpc("too many parameters '" + params.size() + "' for limit '" + REMOTE_DOMAIN_IOTHREAD_PARAMS_MAX + "'");
        }
        call("DOMAIN_SET_IOTHREAD_PARAMS", "dom", wire(dom), "iothread_id", id, "params", TypedParams.toWire(params),
            "flags", flags);
    }

    /** remoteDomainPinIOThread: the map as virsh sends it, the bytes up to the highest CPU named. */
    @Override
    public void domainPinIoThread(DomainRef dom, int id, BitSet cpus, int flags) {
        byte[] map = Arrays.copyOf(cpus.toByteArray(), Math.max(1, (cpus.length() + 7) / 8));
        if (map.length > REMOTE_CPUMAP_MAX) {
            throw rpc("cpumap length " + map.length + " exceeds maximum " + REMOTE_CPUMAP_MAX);
        }
        call("DOMAIN_PIN_IOTHREAD", "dom", wire(dom), "iothreads_id", id, "cpumap", map, "flags", flags);
    }

    // ---- blkio parameters ----

    /**
     * remoteDomainGetBlkioParameters, as virsh calls it: first the number of parameters, then that
     * many; a far side claiming more than the protocol carries is refused before it is asked.
     */
    @Override
    public List<TypedParameter> domainBlkioParameters(DomainRef dom, int flags) {
        int n = call("DOMAIN_GET_BLKIO_PARAMETERS", "dom", wire(dom), "nparams", 0, "flags", flags).getInt("nparams");
        if (n < 0 || n > REMOTE_DOMAIN_BLKIO_PARAMETERS_MAX) {
            throw rpc("host reports " + n + " blkio parameters, more than the protocol's " + REMOTE_DOMAIN_BLKIO_PARAMETERS_MAX);
        }
        if (n == 0) {
            return List.of();
        }
        List<Object> params = call("DOMAIN_GET_BLKIO_PARAMETERS", "dom", wire(dom), "nparams", n, "flags", flags)
            .getList("params");
        if (params.size() > n) {
            // remoteDeserializeTypedParameters with the caller's count as its limit
            throw rpc("too many parameters '" + params.size() + "' for limit '" + n + "'");
        }
        return TypedParams.fromWire(params);
    }

    @Override
    public void domainSetBlkioParameters(DomainRef dom, List<TypedParameter> params, int flags) {
        if (params.size() > REMOTE_DOMAIN_BLKIO_PARAMETERS_MAX) {
            throw rpc("too many parameters '" + params.size() + "' for limit '" + REMOTE_DOMAIN_BLKIO_PARAMETERS_MAX + "'");
        }
        call("DOMAIN_SET_BLKIO_PARAMETERS", "dom", wire(dom), "params", TypedParams.toWire(params), "flags", flags);
    }

    // ---- CPU statistics (remoteDomainGetCPUStats: a count first, as virsh asks, then the values) ----

    private XdrStruct cpuStats(DomainRef dom, int nparams, int start, int ncpus, int flags) {
        return call("DOMAIN_GET_CPU_STATS", "dom", wire(dom), "nparams", nparams, "start_cpu", start, "ncpus", ncpus,
            "flags", flags);
    }

    /** A count the far side gives: within what the protocol can carry. */
    private static int count(XdrStruct r, int max, String what) {
        int n = r.getInt("nparams");
        if (n < 0 || n > max) {
            throw rpc("host reports " + n + " " + what + ", more than the protocol's " + max);
        }
        return n;
    }

    @Override
    public List<TypedParameter> domainCpuStatsTotal(DomainRef dom, int flags) {
        int n = count(cpuStats(dom, 0, -1, 1, flags), REMOTE_NODE_CPU_STATS_MAX, "total CPU statistics");
        if (n == 0) {
            return List.of();
        }
        List<Object> params = cpuStats(dom, n, -1, 1, flags).getList("params");
        if (params.size() > n) {
            throw rpc("remoteDomainGetCPUStats: returned number of stats exceeds limit");
        }
        return TypedParams.fromWire(params);
    }

    @Override
    public int domainCpuStatsCpuCount(DomainRef dom, int flags) {
        int n = cpuStats(dom, 0, 0, 0, flags).getInt("nparams");
        if (n < 0) {
            throw rpc("host reports a negative number of CPUs: " + n);
        }
        return n;
    }

    /**
     * In calls of at most the protocol's 128 CPUs; each reply checked as libvirt's client checks it
     * (no more values than asked for, the same number for every CPU it sends).
     */
    @Override
    public List<List<TypedParameter>> domainCpuStats(DomainRef dom, int startCpu, int ncpus, int flags) {
        int per = count(cpuStats(dom, 0, startCpu, 1, flags), REMOTE_NODE_CPU_STATS_MAX, "statistics per CPU");
        List<List<TypedParameter>> out = new ArrayList<>();
        if (per == 0) {
            return out;
        }
        long cpu = startCpu;
        long left = ncpus;
        while (left > 0 && cpu <= Integer.MAX_VALUE) {
            int chunk = (int) Math.min(left, REMOTE_DOMAIN_GET_CPU_STATS_NCPUS_MAX);
            XdrStruct r = cpuStats(dom, per, (int) cpu, chunk, flags);
            List<Object> params = r.getList("params");
            int got = r.getInt("nparams");
            if (params.size() > per * chunk || (!params.isEmpty() && (got <= 0 || (long) got * chunk != params.size()))) {
                throw rpc("remoteDomainGetCPUStats: returned number of stats exceeds limit");
            }
            for (int i = 0; i < chunk; i++) {
                out.add(params.isEmpty() ? List.of() : TypedParams.fromWire(params.subList(i * got, (i + 1) * got)));
            }
            cpu += chunk;
            left -= chunk;
        }
        return out;
    }
}
