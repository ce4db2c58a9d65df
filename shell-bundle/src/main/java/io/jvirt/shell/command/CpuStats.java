package io.jvirt.shell.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

import io.jvirt.api.Domain;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VirtException;

/**
 * virsh's cpu-stats (cmdCPUStats): per CPU from --start (all of them by default, --count of them)
 * then the total, or only the total with --total; times as seconds with nine decimals, virsh's
 * checks of --start and --count.
 */
@Command(scope = "virt", name = "cpu-stats", description = "show domain cpu statistics")
@Service
public class CpuStats extends DomainFlagsCommand {

    @Option(name = "--total", description = "Show total statistics only")
    boolean total;
    @Option(name = "--start", description = "Show statistics from this CPU")
    String start;
    @Option(name = "--count", description = "Number of shown CPUs at most")
    String count;

    @Override
    protected List<String> positionalOptions() {
        return List.of("--start", "--count");
    }

    @Override
    protected void run() throws Exception {
        boolean showTotal = total;
        Domain d = lookup();
        boolean showPerCpu = false;
        int cpu = 0;
        int showCount = -1;
        if (start != null) {
            cpu = number(start, "start");
            if (cpu < 0) {
                throw failure("Invalid value for start CPU");
            }
            showPerCpu = true;
        }
        if (count != null) {
            showCount = number(count, "count");
            if (showCount < 0) {
                throw failure("Invalid value for number of CPUs to show");
            }
            showPerCpu = true;
        }
        if (!showTotal && !showPerCpu) {
            showTotal = true;
            showPerCpu = true;
        }
        StringBuilder b = new StringBuilder();
        try {
            if (showPerCpu) {
                int max = d.cpuStatsCpuCount();
                if (cpu >= max) {
                    out().print(b);
                    throw failure("Start CPU " + cpu + " is out of range (min: 0, max: " + (max - 1) + ")");
                }
                if (showCount < 0 || showCount > max) {
                    if (showCount > max) {
                        b.append("Only ").append(max).append(" CPUs available to show\n");
                    }
                    showCount = max - cpu;
                }
                if (showCount > 0) {
                    List<List<TypedParameter>> stats = d.cpuStats(cpu, showCount);
                    for (int i = 0; i < stats.size(); i++) {
                        if (stats.get(i).isEmpty()) {
                            continue;
                        }
                        b.append("CPU").append(cpu + i).append(":\n");
                        for (TypedParameter p : stats.get(i)) {
                            b.append(line(p, "cpu_time", "vcpu_time"));
                        }
                    }
                }
            }
            if (showTotal) {
                List<TypedParameter> t = d.cpuStatsTotal();
                if (t.isEmpty()) {
                    b.append("No total stats available");
                } else {
                    b.append("Total:\n");
                    for (TypedParameter p : t) {
                        b.append(line(p, "cpu_time", "user_time", "system_time"));
                    }
                }
            }
        } catch (VirtException e) {
            out().print(b);
            throw failure("Failed to retrieve CPU statistics for domain '" + d.name() + "'", e);
        }
        out().print(b);
    }

    /** "\t%-12s " then the value: times in nanoseconds as "%9lld.%09lld seconds". */
    private static String line(TypedParameter p, String... times) {
        String head = String.format("\t%-12s ", p.field());
        if (p.type() == TypedParameter.Type.ULLONG && List.of(times).contains(p.field())) {
            long ns = (Long) p.value();
            return head + String.format("%9d.%09d seconds%n", Long.divideUnsigned(ns, 1_000_000_000L),
                Long.remainderUnsigned(ns, 1_000_000_000L));
        }
        return head + p.valueText() + "\n";
    }

    private static int number(String value, String option) throws CommandException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw failure("Numeric value '" + value + "' for <" + option + "> option is malformed or out of range");
        }
    }
}
