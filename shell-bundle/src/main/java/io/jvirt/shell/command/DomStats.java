package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Domain;
import io.jvirt.api.DomainStatsFlag;
import io.jvirt.api.DomainStatsRecord;
import io.jvirt.api.DomainStatsType;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.completers.DomainCompleter;

/**
 * virsh's domstats (cmdDomstats): the groups and list filters as flags; with domains
 * virDomainListGetStats, else virConnectGetAllDomainStats; each record as "Domain: 'NAME'", its
 * parameters as "  FIELD=VALUE" and a blank line; nothing when there is no record.
 */
@Command(scope = "virt", name = "domstats", description = "get statistics about one or multiple domains")
@Service
public class DomStats extends VirtCommand {

    @Option(name = "--state", description = "report domain state")
    boolean state;
    @Option(name = "--cpu-total", description = "report domain physical cpu usage")
    boolean cpuTotal;
    @Option(name = "--balloon", description = "report domain balloon statistics")
    boolean balloon;
    @Option(name = "--vcpu", description = "report domain virtual cpu information")
    boolean vcpu;
    @Option(name = "--interface", description = "report domain network interface information")
    boolean iface;
    @Option(name = "--block", description = "report domain block device statistics")
    boolean block;
    @Option(name = "--perf", description = "report domain perf event statistics")
    boolean perf;
    @Option(name = "--iothread", description = "report domain IOThread information")
    boolean iothread;
    @Option(name = "--memory", description = "report domain memory usage")
    boolean memory;
    @Option(name = "--dirtyrate", description = "report domain dirty rate information")
    boolean dirtyrate;
    @Option(name = "--vm", description = "report hypervisor-specific statistics")
    boolean vm;
    @Option(name = "--list-active", description = "list only active domains")
    boolean listActive;
    @Option(name = "--list-inactive", description = "list only inactive domains")
    boolean listInactive;
    @Option(name = "--list-persistent", description = "list only persistent domains")
    boolean listPersistent;
    @Option(name = "--list-transient", description = "list only transient domains")
    boolean listTransient;
    @Option(name = "--list-running", description = "list only running domains")
    boolean listRunning;
    @Option(name = "--list-paused", description = "list only paused domains")
    boolean listPaused;
    @Option(name = "--list-shutoff", description = "list only shutoff domains")
    boolean listShutoff;
    @Option(name = "--list-other", description = "list only domains in other states")
    boolean listOther;
    @Option(name = "--raw", description = "do not pretty-print the fields")
    boolean raw;
    @Option(name = "--enforce", description = "enforce requested stats parameters")
    boolean enforce;
    @Option(name = "--backing", description = "add backing chain information to block stats")
    boolean backing;
    @Option(name = "--nowait", description = "report only stats that are accessible instantly")
    boolean nowait;

    @Argument(index = 0, name = "domain", description = "list of domains to get stats for", multiValued = true)
    @Completion(DomainCompleter.class)
    List<String> domains = new ArrayList<>();

    /** virsh's --domain, which may be given several times ({@code domstats --domain fc4}). */
    @Option(name = "--domain", description = "list of domains to get stats for", multiValued = true)
    @Completion(DomainCompleter.class)
    List<String> domainOptions = new ArrayList<>();

    @Override
    protected void resolveArguments() {
        // named domains first, as virsh collects its --domain values before the positional ones
        List<String> all = new ArrayList<>(domainOptions);
        all.addAll(domains);
        domains = all;
        domainOptions = new ArrayList<>();
    }

    @Override
    protected void run() throws Exception {
        // Karaf reads options only before the first domain: those after it are read here, as virsh reads them
        java.util.Map<String, Runnable> flagWords = new java.util.HashMap<>();
        flagWords.put("state", () -> state = true);
        flagWords.put("cpu-total", () -> cpuTotal = true);
        flagWords.put("balloon", () -> balloon = true);
        flagWords.put("vcpu", () -> vcpu = true);
        flagWords.put("interface", () -> iface = true);
        flagWords.put("block", () -> block = true);
        flagWords.put("perf", () -> perf = true);
        flagWords.put("iothread", () -> iothread = true);
        flagWords.put("memory", () -> memory = true);
        flagWords.put("dirtyrate", () -> dirtyrate = true);
        flagWords.put("vm", () -> vm = true);
        flagWords.put("list-active", () -> listActive = true);
        flagWords.put("list-inactive", () -> listInactive = true);
        flagWords.put("list-persistent", () -> listPersistent = true);
        flagWords.put("list-transient", () -> listTransient = true);
        flagWords.put("list-running", () -> listRunning = true);
        flagWords.put("list-paused", () -> listPaused = true);
        flagWords.put("list-shutoff", () -> listShutoff = true);
        flagWords.put("list-other", () -> listOther = true);
        flagWords.put("raw", () -> raw = true);
        flagWords.put("enforce", () -> enforce = true);
        flagWords.put("backing", () -> backing = true);
        flagWords.put("nowait", () -> nowait = true);
        domains = VirshWords.parse("domstats", domains, new java.util.HashMap<>(), flagWords);

        Set<DomainStatsType> stats = EnumSet.noneOf(DomainStatsType.class);
        add(stats, state, DomainStatsType.STATE);
        add(stats, cpuTotal, DomainStatsType.CPU_TOTAL);
        add(stats, balloon, DomainStatsType.BALLOON);
        add(stats, vcpu, DomainStatsType.VCPU);
        add(stats, iface, DomainStatsType.INTERFACE);
        add(stats, block, DomainStatsType.BLOCK);
        add(stats, perf, DomainStatsType.PERF);
        add(stats, iothread, DomainStatsType.IOTHREAD);
        add(stats, memory, DomainStatsType.MEMORY);
        add(stats, dirtyrate, DomainStatsType.DIRTYRATE);
        add(stats, vm, DomainStatsType.VM);
        Set<DomainStatsFlag> flags = EnumSet.noneOf(DomainStatsFlag.class);
        add(flags, listActive, DomainStatsFlag.ACTIVE);
        add(flags, listInactive, DomainStatsFlag.INACTIVE);
        add(flags, listPersistent, DomainStatsFlag.PERSISTENT);
        add(flags, listTransient, DomainStatsFlag.TRANSIENT);
        add(flags, listRunning, DomainStatsFlag.RUNNING);
        add(flags, listPaused, DomainStatsFlag.PAUSED);
        add(flags, listShutoff, DomainStatsFlag.SHUTOFF);
        add(flags, listOther, DomainStatsFlag.OTHER);
        add(flags, backing, DomainStatsFlag.BACKING);
        add(flags, nowait, DomainStatsFlag.NOWAIT);
        add(flags, enforce, DomainStatsFlag.ENFORCE_STATS);
        DomainStatsFlag[] f = flags.toArray(DomainStatsFlag[]::new);

        List<DomainStatsRecord> records;
        try {
            if (domains.isEmpty()) {
                records = connection().allDomainStats(stats, f);
            } else {
                List<Domain> doms = new ArrayList<>(domains.size());
                for (String name : domains) {
                    doms.add(lookup(name));
                }
                records = connection().domainListStats(doms, stats, f);
            }
        } catch (VirtException e) {
            throw failure(null, e);
        }
        // virsh ends each record with a blank line; the console, as for every command, leaves out the
        // last blank line of its output (the one virsh's other commands end with)
        StringBuilder b = new StringBuilder();
        for (DomainStatsRecord r : records) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append("Domain: '").append(r.domain().name()).append("'\n");
            for (TypedParameter p : r.params()) {
                b.append("  ").append(p.field()).append('=').append(p.valueText()).append('\n');
            }
        }
        out().print(b);
    }

    private static <E> void add(Set<E> set, boolean given, E value) {
        if (given) {
            set.add(value);
        }
    }
}
