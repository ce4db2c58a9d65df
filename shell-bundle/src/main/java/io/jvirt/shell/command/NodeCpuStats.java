package io.jvirt.shell.command;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.NodeStat;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.completers.NodeCpuCompleter;

/**
 * virsh's nodecpustats (cmdNodeCpuStats): the host's CPU times (all CPUs, or --cpu), in
 * nanoseconds; with --percent the share of each over one second (two reads a second apart), or
 * the driver's own utilization where it reports one. The percentages are printed as glibc's
 * {@code %5.1lf} prints them (round half to even on the double's exact value; 0/0 as "-nan", the
 * sign x86 gives that NaN).
 */
@Command(scope = "virt", name = "nodecpustats", description = "Prints cpu stats of the node.")
@Service
public class NodeCpuStats extends NodeCommand {

    /** virsh's fields in its order (virshCPUStats), then their labels. */
    private static final List<String> FIELDS = List.of("user", "kernel", "idle", "iowait", "intr", "utilization");
    private static final List<String> LABELS = List.of("user:", "system:", "idle:", "iowait:", "intr:", "usage:");
    private static final int USER = 0;
    private static final int SYSTEM = 1;
    private static final int USAGE = 5;

    /** How long --percent waits between its two reads (virsh: sleep(1)). */
    long sleepMs = 1000;

    @Option(name = "--cpu", description = "prints specified cpu statistics only.")
    @Completion(NodeCpuCompleter.class)
    String cpu;

    @Option(name = "--percent", description = "prints by percentage during 1 second.")
    boolean percent;

    @Override
    protected List<String> positionalOptions() {
        return List.of("--cpu");
    }

    @Override
    protected void run() throws Exception {
        int cpuNum = cpu == null ? NodeStat.ALL_CPUS : signedInt(cpu, "cpu");
        List<NodeStat> stats;
        try {
            stats = connection().nodeCpuStats(cpuNum);
        } catch (VirtException e) {
            throw failure("Unable to get number of cpu stats", e);
        }
        if (stats.isEmpty()) {
            return;
        }
        long[] values = new long[FIELDS.size()];
        boolean[] present = new boolean[FIELDS.size()];
        for (int round = 0; round < 2; round++) {
            if (round > 0) {
                try {
                    stats = connection().nodeCpuStats(cpuNum);
                } catch (VirtException e) {
                    throw failure("Unable to get node cpu stats", e);
                }
            }
            for (NodeStat s : stats) {
                int field = FIELDS.indexOf(s.field());
                if (field < 0) {
                    continue;
                }
                if (round == 0) {
                    values[field] = s.value();
                    present[field] = true;
                } else if (present[field]) {
                    values[field] = s.value() - values[field];
                }
            }
            if (present[USAGE] || !percent) {
                break;
            }
            Thread.sleep(sleepMs);
        }
        StringBuilder b = new StringBuilder();
        if (!percent) {
            for (int i = 0; i < USAGE; i++) {
                if (present[i]) {
                    b.append(String.format("%-15s %20s%n", LABELS.get(i), Long.toUnsignedString(values[i])));
                }
            }
        } else if (present[USAGE]) {
            b.append(String.format("%-15s %5s%%%n", "usage:", Long.toUnsignedString(values[USAGE])));
            b.append(String.format("%-15s %5s%%%n", "idle:", Long.toUnsignedString(100 - values[USAGE])));
        } else {
            double total = 0;
            for (int i = 0; i < USAGE; i++) {
                total += unsigned(values[i]);
            }
            double usage = (unsigned(values[USER] + values[SYSTEM])) / total * 100;
            b.append(String.format("%-15s %5s%%%n", "usage:", percent(usage)));
            for (int i = 0; i < USAGE; i++) {
                if (present[i]) {
                    b.append(String.format("%-15s %5s%%%n", LABELS.get(i), percent(unsigned(values[i]) / total * 100)));
                }
            }
        }
        out().print(b);
    }

    /** An unsigned long long as C converts it to double. */
    static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1 | (v & 1)) * 2.0;
    }

    /** glibc's {@code %.1lf}. */
    static String percent(double d) {
        if (Double.isNaN(d)) {
            return "-nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(d).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }
}
