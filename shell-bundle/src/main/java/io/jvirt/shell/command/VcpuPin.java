package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.VcpuFlag;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CpuSet;

/**
 * virsh's vcpupin: with a vCPU and a CPU list it pins, without a list it prints the pin table
 * (of one vCPU, or of all), as cmdVcpuPin and virshVcpuPinQuery do. The vCPU and the list may be
 * given by position or as --vcpu/--cpulist, and the options anywhere (virsh's parser).
 */
@Command(scope = "virt", name = "vcpupin", description = "control or query domain vcpu affinity")
@Service
public class VcpuPin extends ImpactFlagsCommand {

    @Option(name = "--vcpu", description = "vcpu number")
    String vcpuText;
    @Option(name = "--cpulist", description = "host cpu number(s) to set, or omit option to query")
    String cpulist;

    @Override
    protected List<String> positionalOptions() {
        return List.of("--vcpu", "--cpulist");
    }

    @Override
    protected void run() throws Exception {
        exclusive(current, "current", live, "live");
        exclusive(current, "current", config, "config");
        if (cpulist == null) {
            exclusive(live, "live", config, "config");
        }
        Integer vcpu = vcpuText == null ? null : Numbers.parseInt(vcpuText, "vcpu");
        if (cpulist != null && vcpu == null) {
            throw failure("vcpupin: Missing vCPU number in pin mode.");
        }
        int maxcpu = hostCpuCount(connection());
        Domain d = lookup();
        List<ModificationImpact> impact = new ArrayList<>();
        if (config) {
            impact.add(ModificationImpact.CONFIG);
        }
        if (live) {
            impact.add(ModificationImpact.LIVE);
        }
        if (cpulist == null) {
            query(d, vcpu, maxcpu);
            return;
        }
        BitSet cpus = parseCpuList(cpulist, maxcpu);
        if (current) {
            impact.add(ModificationImpact.CURRENT);
        }
        // no option at all: virsh uses virDomainPinVcpu (no flags)
        d.pinVcpu(vcpu, cpus, impact.toArray(ModificationImpact[]::new));
    }

    /** virshNodeGetCPUCount: virNodeGetCPUMap's count, else virNodeGetInfo's CPUs. */
    static int hostCpuCount(Connection conn) {
        try {
            return conn.nodeCpuMap().cpus();
        } catch (VirtException e) {
            NodeInfo n = conn.nodeInfo();
            return n.nodes() * n.sockets() * n.cores() * n.threads();
        }
    }

    private void query(Domain d, Integer vcpu, int maxcpu) throws Exception {
        List<VcpuFlag> count = new ArrayList<>(List.of(VcpuFlag.MAXIMUM));
        if (config) {
            count.add(VcpuFlag.CONFIG);
        }
        if (live) {
            count.add(VcpuFlag.LIVE);
        }
        // virshCPUCountCollect with checkState
        if (live && !d.isActive()) {
            throw failure("cannot get vcpupin for offline domain");
        }
        if (config && !d.isPersistent()) {
            throw failure("cannot get vcpupin for transient domain");
        }
        int ncpus = d.vcpuCount(count.toArray(VcpuFlag[]::new));
        if (vcpu != null && vcpu >= ncpus) {
            boolean liveCount = live || (!config && d.isActive());
            throw failure("vcpu " + vcpu + " is out of range of " + (liveCount ? "live" : "persistent") + " cpu count " + ncpus);
        }
        List<ModificationImpact> impact = new ArrayList<>();
        if (config) {
            impact.add(ModificationImpact.CONFIG);
        }
        if (live) {
            impact.add(ModificationImpact.LIVE);
        }
        List<BitSet> maps = d.vcpuPinInfo(impact.toArray(ModificationImpact[]::new));
        // virsh asks for maps of VIR_CPU_MAPLEN(maxcpu) bytes: CPUs beyond them are not shown
        int bits = (maxcpu + 7) / 8 * 8;
        VirshTable table = new VirshTable("VCPU", "CPU Affinity");
        for (int i = 0; i < Math.min(ncpus, maps.size()); i++) {
            if (vcpu != null && i != vcpu) {
                continue;
            }
            BitSet m = maps.get(i).get(0, bits);
            table.row(Integer.toString(i), CpuSet.format(m));
        }
        table.print(out());
    }

    /** virshParseCPUList: "r" for every host CPU, else a list of at most 1024 CPUs naming one below maxcpu at least. */
    static BitSet parseCpuList(String list, int maxcpu) throws Exception {
        BitSet set;
        if (list.startsWith("r")) {
            set = new BitSet();
            set.set(0, maxcpu);
            return set;
        }
        try {
            set = CpuSet.parse(list);
            if (set.length() > 1024) {
                // virBitmapParse into a map of 1024 CPUs
                throw new VirtException(ErrorCode.INVALID_ARG, io.jvirt.api.ErrorDomain.NONE, "Failed to parse bitmap '" + list + "'");
            }
        } catch (VirtException e) {
            // virsh's line, then libvirt's error of the parse
            throw failure("Invalid cpulist '" + list + "'", e);
        }
        if (set.isEmpty()) {
            throw failure("Invalid cpulist '" + list + "'");
        }
        int last = set.length() - 1;
        if (last >= maxcpu) {
            throw failure("CPU " + last + " in cpulist '" + list + "' exceed the maxcpu " + maxcpu);
        }
        return set;
    }
}
