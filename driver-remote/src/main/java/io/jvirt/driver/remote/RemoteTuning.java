package io.jvirt.driver.remote;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainControlInfo;
import io.jvirt.api.DomainControlState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.MemoryStatTag;
import io.jvirt.api.MemoryStats;
import io.jvirt.api.NodeCpuMap;
import io.jvirt.api.SchedulerType;
import io.jvirt.api.TypedParameter;
import io.jvirt.core.kit.rpc.CStrings;
import io.jvirt.core.kit.rpc.TypedParams;
import io.jvirt.api.VcpuFlag;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.rpc.RpcClient;
import io.jvirt.core.kit.rpc.XdrStruct;
import io.jvirt.core.spi.CheckpointRef;
import io.jvirt.core.spi.DomainRef;

/**
 * The domain statistics, tuning and checkpoint part of libvirt's remote driver table
 * (remote_driver.c): memory statistics, the node's CPU map, control info, vCPU counts and pinning,
 * the scheduler and its typed parameters, checkpoints and snapshot creation, each one procedure
 * of remote_protocol.x. What the far side answers is checked as libvirt's client checks it (the
 * codec bounds every array by the protocol's maximum; the counts and sizes inside a reply are
 * checked here), and a reply that breaks those bounds is VIR_ERR_RPC, never more memory.
 */
abstract class RemoteTuning extends RemoteStorage {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteTuning.class);

    /** The protocol's caps (remote_protocol.x), as in the protocol description. */
    static final int REMOTE_CPUMAP_MAX = 2048;
    static final int REMOTE_VCPUINFO_MAX = 16384;
    static final int REMOTE_CPUMAPS_MAX = 8388608;
    static final int REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX = 16;

    RemoteTuning(RpcClient client, String uri, boolean eventCallbacks) {
        super(client, uri, eventCallbacks);
    }

    static XdrStruct wire(DomainRef d) {
        return XdrStruct.of("nonnull_domain", "name", d.name(), "uuid", d.uuid(), "id", d.id());
    }

    /** libvirt's make_nonnull_domain_checkpoint: the checkpoint's name and its domain. */
    static XdrStruct wire(CheckpointRef c) {
        return XdrStruct.of("nonnull_domain_checkpoint", "name", c.name(), "dom", wire(c.domain()));
    }

    /** A reply libvirt's client would refuse (VIR_ERR_RPC, as remote_driver.c reports them). */
    static VirtException rpc(String message) {
        return new VirtException(ErrorCode.RPC, ErrorDomain.RPC, message);
    }

    // ---- statistics and the node ----

    /**
     * remoteDomainMemoryStats: asks for as many statistics as the API has tags (virsh asks for
     * VIR_DOMAIN_MEMORY_STAT_NR); a tag this side does not know (a newer far side) or one given
     * twice is dropped, as are values past 2^63 KiB, which no memory has.
     */
    @Override
    public MemoryStats domainMemoryStats(DomainRef dom) {
        XdrStruct r = call("DOMAIN_MEMORY_STATS", "dom", wire(dom), "maxStats", MemoryStatTag.values().length, "flags", 0);
        List<Object> stats = r.getList("stats");
        if (stats.size() > MemoryStatTag.values().length) {
            throw rpc("host reports too many memory statistics: " + stats.size() + " > " + MemoryStatTag.values().length);
        }
        MemoryStats.Builder b = MemoryStats.builder();
        Set<MemoryStatTag> seen = EnumSet.noneOf(MemoryStatTag.class);
        for (Object o : stats) {
            XdrStruct s = (XdrStruct) o;
            int tag = s.getInt("tag");
            long value = s.getLong("val");
            MemoryStatTag t = Arrays.stream(MemoryStatTag.values()).filter(x -> x.number() == tag).findFirst().orElse(null);
            if (t == null || value < 0 || !seen.add(t)) {
                LOG.debug("memory statistic {}={} from {} dropped", tag, Long.toUnsignedString(value), uri);
                continue;
            }
            b.add(t, value);
        }
        return b.build();
    }

    static final int REMOTE_NODE_MAX_CELLS = 1024;
    static final int REMOTE_NODE_CPU_STATS_MAX = 16;
    static final int REMOTE_NODE_MEMORY_STATS_MAX = 16;

    /** remoteNodeGetFreeMemory (generated): the far side's figure, 0 left to the core to refuse. */
    @Override
    public long nodeFreeMemory() {
        return call("NODE_GET_FREE_MEMORY").getLong("freeMem");
    }

    /**
     * remoteNodeGetCellsFreeMemory: more cells than the protocol carries refused before asking (its
     * words); an answer with more cells than asked for, which libvirt's client would copy past the
     * caller's array, is VIR_ERR_RPC here.
     */
    @Override
    public List<Long> nodeCellsFreeMemory(int startCell, int maxCells) {
        if (maxCells > REMOTE_NODE_MAX_CELLS) {
            throw rpc("too many NUMA cells: " + maxCells + " > " + REMOTE_NODE_MAX_CELLS);
        }
        List<Object> cells = call("NODE_GET_CELLS_FREE_MEMORY", "startCell", startCell, "maxcells", maxCells).getList("cells");
        if (cells.size() > maxCells) {
            throw rpc("remoteNodeGetCellsFreeMemory: returned number of cells exceeds limit");
        }
        List<Long> out = new ArrayList<>();
        for (Object o : cells) {
            out.add((Long) o);
        }
        return out;
    }

    /** remoteConnectGetSysinfo (generated). */
    @Override
    public String connectSysinfo(int flags) {
        return call("CONNECT_GET_SYSINFO", "flags", flags).getString("sysinfo");
    }

    /** remoteNodeGetCPUStats, asked as virsh asks: how many first, then that many. */
    @Override
    public List<io.jvirt.api.NodeStat> nodeCpuStats(int cpuNum, int flags) {
        return nodeStats("NODE_GET_CPU_STATS", "cpuNum", cpuNum, flags, REMOTE_NODE_CPU_STATS_MAX, "remoteNodeGetCPUStats");
    }

    /** remoteNodeGetMemoryStats, asked as virsh asks: how many first, then that many. */
    @Override
    public List<io.jvirt.api.NodeStat> nodeMemoryStats(int cellNum, int flags) {
        return nodeStats("NODE_GET_MEMORY_STATS", "cellNum", cellNum, flags, REMOTE_NODE_MEMORY_STATS_MAX, "remoteNodeGetMemoryStats");
    }

    private List<io.jvirt.api.NodeStat> nodeStats(String procedure, String which, int number, int flags, int max, String function) {
        int n = call(procedure, which, number, "nparams", 0, "flags", flags).getInt("nparams");
        if (n <= 0) {
            // libvirt's client hands a count it cannot use to the caller, who then asks for nothing
            return List.of();
        }
        if (n > max) {
            throw rpc(function + ": returned number of stats exceeds limit");
        }
        List<Object> params = call(procedure, which, number, "nparams", n, "flags", flags).getList("params");
        if (params.size() > n) {
            throw rpc(function + ": returned number of stats exceeds limit");
        }
        List<io.jvirt.api.NodeStat> out = new ArrayList<>();
        for (Object o : params) {
            XdrStruct p = (XdrStruct) o;
            String field = p.getString("field");
            if (field.length() >= 80) {
                // VIR_NODE_CPU_STATS_FIELD_LENGTH / VIR_NODE_MEMORY_STATS_FIELD_LENGTH, virStrcpyStatic's refusal
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.REMOTE, "Stats " + field + " too big for destination");
            }
            out.add(new io.jvirt.api.NodeStat(field, p.getLong("value")));
        }
        return out;
    }

    /**
     * remoteNodeGetCPUMap with the map and the online count asked for; the map the far side sends
     * (at most REMOTE_CPUMAP_MAX bytes, the codec's bound) is cut to the CPUs it reports.
     */
    @Override
    public NodeCpuMap nodeCpuMap(int flags) {
        XdrStruct r = call("NODE_GET_CPU_MAP", "need_map", 1, "need_online", 1, "flags", flags);
        int cpus = r.getInt("ret");
        if (cpus < 0 || cpus > REMOTE_CPUMAP_MAX * 8) {
            throw rpc("host reports an impossible number of CPUs: " + Integer.toUnsignedString(cpus));
        }
        BitSet online = BitSet.valueOf(r.getBytes("cpumap"));
        if (online.length() > cpus) {
            online.clear(cpus, online.length());
        }
        return new NodeCpuMap(cpus, online);
    }

    /** virNodeGetSecurityModel: the far side's model and DOI, C strings in char arrays (remote_protocol.x). */
    @Override
    public io.jvirt.api.SecurityModel nodeSecurityModel() {
        XdrStruct r = call("NODE_GET_SECURITY_MODEL");
        return new io.jvirt.api.SecurityModel(CStrings.fromChars(r.getList("model")), CStrings.fromChars(r.getList("doi")));
    }

    /** virDomainGetSecurityLabel: the label (empty for a domain that does not run) and whether it is enforced. */
    @Override
    public io.jvirt.api.SecurityLabel domainSecurityLabel(DomainRef dom) {
        XdrStruct r = call("DOMAIN_GET_SECURITY_LABEL", "dom", wire(dom));
        return new io.jvirt.api.SecurityLabel(CStrings.fromChars(r.getList("label")), r.getInt("enforcing") != 0);
    }

    @Override
    public DomainControlInfo domainControlInfo(DomainRef dom, int flags) {
        XdrStruct r = call("DOMAIN_GET_CONTROL_INFO", "dom", wire(dom), "flags", flags);
        DomainControlState state;
        try {
            state = DomainControlState.of(r.getInt("state"));
        } catch (IllegalArgumentException e) {
            throw rpc("host reports an unknown control state " + r.getUnsignedInt("state"));
        }
        return new DomainControlInfo(state, r.getInt("details"), r.getLong("stateTime"));
    }

    // ---- vCPUs ----

    @Override
    public int domainMaxVcpus(DomainRef dom) {
        return call("DOMAIN_GET_MAX_VCPUS", "dom", wire(dom)).getInt("num");
    }

    @Override
    public int domainVcpuCount(DomainRef dom, int flags) {
        return call("DOMAIN_GET_VCPUS_FLAGS", "dom", wire(dom), "flags", flags).getInt("num");
    }

    /**
     * virDomainPinVcpu is procedure 26, with flags virDomainPinVcpuFlags (225). The map is libvirt's
     * (CPU n at bit n % 8 of byte n / 8), at least one byte long (libvirt's API takes no empty map),
     * at most REMOTE_CPUMAP_MAX ("map length greater than maximum", as remoteDomainPinVcpuFlags).
     */
    @Override
    public void domainPinVcpu(DomainRef dom, int vcpu, BitSet cpus, int flags) {
        byte[] map = cpus.toByteArray();
        if (map.length == 0) {
            map = new byte[1];
        }
        if (map.length > REMOTE_CPUMAP_MAX) {
            throw rpc("map length greater than maximum: " + map.length + " > " + REMOTE_CPUMAP_MAX);
        }
        if (flags == 0) {
            call("DOMAIN_PIN_VCPU", "dom", wire(dom), "vcpu", vcpu, "cpumap", map);
        } else {
            call("DOMAIN_PIN_VCPU_FLAGS", "dom", wire(dom), "vcpu", vcpu, "cpumap", map, "flags", flags);
        }
    }

    /**
     * remoteDomainGetVcpuPinInfo with the sizes virsh's vcpupin asks for: as many maps as the
     * domain's maximum vCPUs for the same impact (virDomainGetVcpusFlags with MAXIMUM), each as
     * long as the host's CPUs need: virsh sizes them by virNodeGetCPUMap, falling back to
     * virNodeGetInfo; the larger of the two is taken here, so that no CPU a far side's driver
     * pins to is cut off (libvirt's test driver reports 8 CPUs in its map, 16 in its node info,
     * and pins to all 16). The far side's count and buffer are checked
     * against what was asked, as libvirt's client checks them.
     */
    @Override
    public List<BitSet> domainVcpuPinInfo(DomainRef dom, int flags) {
        int ncpumaps = domainVcpuCount(dom, flags | VcpuFlag.MAXIMUM.bit());
        int cpus = Math.max(call("NODE_GET_CPU_MAP", "need_map", 0, "need_online", 0, "flags", 0).getInt("ret"),
            call("NODE_GET_INFO").getInt("cpus"));
        if (ncpumaps <= 0 || cpus <= 0) {
            throw rpc("host reports " + ncpumaps + " vCPUs and " + cpus + " CPUs");
        }
        int maplen = (int) ((cpus + 7L) / 8);
        if (ncpumaps > REMOTE_VCPUINFO_MAX) {
            throw rpc("vCPU map buffer length exceeds maximum: " + ncpumaps + " > " + REMOTE_VCPUINFO_MAX);
        }
        if ((long) ncpumaps * maplen > REMOTE_CPUMAPS_MAX) {
            throw rpc("vCPU map buffer length exceeds maximum: " + (long) ncpumaps * maplen + " > " + REMOTE_CPUMAPS_MAX);
        }
        XdrStruct r = call("DOMAIN_GET_VCPU_PIN_INFO", "dom", wire(dom), "ncpumaps", ncpumaps, "maplen", maplen,
            "flags", flags);
        int num = r.getInt("num");
        byte[] maps = r.getBytes("cpumaps");
        if (num < 0 || num > ncpumaps) {
            throw rpc("host reports too many vCPUs: " + num + " > " + ncpumaps);
        }
        if (maps.length > ncpumaps * maplen) {
            throw rpc("host reports map buffer length exceeds maximum: " + maps.length + " > " + ncpumaps * maplen);
        }
        List<BitSet> out = new ArrayList<>(num);
        for (int i = 0; i < num; i++) {
            int from = Math.min(maps.length, i * maplen);
            out.add(BitSet.valueOf(Arrays.copyOfRange(maps, from, Math.min(maps.length, from + maplen))));
        }
        return out;
    }

    // ---- the scheduler ----

    @Override
    public SchedulerType domainSchedulerType(DomainRef dom) {
        XdrStruct r = call("DOMAIN_GET_SCHEDULER_TYPE", "dom", wire(dom));
        return new SchedulerType(r.getString("type"), r.getInt("nparams"));
    }

    /**
     * Flags 0 is virDomainGetSchedulerParameters (57), others virDomainGetSchedulerParametersFlags
     * (223); either asks for the protocol's maximum of parameters, which the far side fills up to
     * what its scheduler has.
     */
    @Override
    public List<TypedParameter> domainSchedulerParameters(DomainRef dom, int flags) {
        XdrStruct r = flags == 0
            ? call("DOMAIN_GET_SCHEDULER_PARAMETERS", "dom", wire(dom), "nparams", REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX)
            : call("DOMAIN_GET_SCHEDULER_PARAMETERS_FLAGS", "dom", wire(dom), "nparams", REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX,
                "flags", flags);
        return TypedParams.fromWire(r.getList("params"));
    }

    @Override
    public void domainSetSchedulerParameters(DomainRef dom, List<TypedParameter> params, int flags) {
        if (params.size() > REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX) {
            throw rpc("too many parameters '" + params.size() + "' for limit '" + REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX + "'");
        }
        call("DOMAIN_SET_SCHEDULER_PARAMETERS_FLAGS", "dom", wire(dom), "params", TypedParams.toWire(params), "flags", flags);
    }

    // ---- checkpoints and snapshots ----

    @Override
    public String domainCheckpointCreateXml(DomainRef dom, String xml, int flags) {
        return call("DOMAIN_CHECKPOINT_CREATE_XML", "dom", wire(dom), "xml_desc", xml, "flags", flags)
            .getStruct("checkpoint").getString("name");
    }

    @Override
    public List<String> domainListAllCheckpoints(DomainRef dom, int flags) {
        return names(call("DOMAIN_LIST_ALL_CHECKPOINTS", "dom", wire(dom), "need_results", 1, "flags", flags));
    }

    @Override
    public String domainCheckpointLookupByName(DomainRef dom, String name, int flags) {
        return call("DOMAIN_CHECKPOINT_LOOKUP_BY_NAME", "dom", wire(dom), "name", name, "flags", flags)
            .getStruct("checkpoint").getString("name");
    }

    @Override
    public List<String> checkpointListAllChildren(CheckpointRef checkpoint, int flags) {
        return names(call("DOMAIN_CHECKPOINT_LIST_ALL_CHILDREN", "checkpoint", wire(checkpoint), "need_results", 1,
            "flags", flags));
    }

    @Override
    public String checkpointParent(CheckpointRef checkpoint, int flags) {
        return call("DOMAIN_CHECKPOINT_GET_PARENT", "checkpoint", wire(checkpoint), "flags", flags)
            .getStruct("parent").getString("name");
    }

    @Override
    public String checkpointXmlDesc(CheckpointRef checkpoint, int flags) {
        return call("DOMAIN_CHECKPOINT_GET_XML_DESC", "checkpoint", wire(checkpoint), "flags", flags).getString("xml");
    }

    @Override
    public void checkpointDelete(CheckpointRef checkpoint, int flags) {
        call("DOMAIN_CHECKPOINT_DELETE", "checkpoint", wire(checkpoint), "flags", flags);
    }

    @Override
    public String domainSnapshotCreateXml(DomainRef dom, String xml, int flags) {
        return call("DOMAIN_SNAPSHOT_CREATE_XML", "dom", wire(dom), "xml_desc", xml, "flags", flags)
            .getStruct("snap").getString("name");
    }

    /**
     * The names of a checkpoint listing (at most REMOTE_DOMAIN_CHECKPOINT_LIST_MAX, the codec's
     * bound); its count must be the list's, as remoteDomainListAllCheckpoints takes it.
     */
    private static List<String> names(XdrStruct r) {
        List<Object> all = r.getList("checkpoints");
        if (r.getInt("ret") != all.size()) {
            throw rpc("host reports " + r.getInt("ret") + " checkpoints but sends " + all.size());
        }
        List<String> out = new ArrayList<>(all.size());
        for (Object o : all) {
            out.add(((XdrStruct) o).getString("name"));
        }
        return out;
    }
}
