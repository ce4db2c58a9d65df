package io.jvirt.driver.test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.StateReason;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DomainStatsEntry;

/**
 * {@code testConnectGetAllDomainStats}: the test driver reports two groups, the state and its I/O
 * threads' polling parameters (of running domains), and ignores the others unless told to enforce.
 */
final class DomainStats {

    static final int STATE = 1;
    static final int IOTHREAD = 128;
    private static final int SUPPORTED = STATE | IOTHREAD;

    /** VIR_CONNECT_LIST_DOMAINS_FILTERS_ACTIVE | _PERSISTENT | _STATE. */
    private static final int LIST_FILTERS = 0xff;
    private static final int NOWAIT = 1 << 29;
    private static final int BACKING = 1 << 30;
    private static final int ENFORCE_STATS = 1 << 31;

    private final TestHost host;

    DomainStats(TestHost host) {
        this.host = host;
    }

    List<DomainStatsEntry> get(List<DomainRef> doms, int stats, int flags) {
        Flags.check(flags, LIST_FILTERS | NOWAIT | BACKING | ENFORCE_STATS, "testConnectGetAllDomainStats");
        int groups = groups(stats, (flags & ENFORCE_STATS) != 0);
        List<DomainObject<TestRuntime>> filtered = host.domains.list(flags & LIST_FILTERS);
        List<DomainObject<TestRuntime>> chosen;
        if (doms.isEmpty()) {
            chosen = filtered;
        } else {
            // virDomainObjListConvert: the given domains in their order, those gone or filtered out skipped
            Set<UUID> passing = new HashSet<>();
            for (DomainObject<TestRuntime> d : filtered) {
                passing.add(d.def().uuid());
            }
            chosen = new ArrayList<>(doms.size());
            for (DomainRef ref : doms) {
                DomainObject<TestRuntime> d = host.domains.findByUuid(ref.uuid());
                if (d != null && passing.contains(ref.uuid())) {
                    chosen.add(d);
                }
            }
        }
        List<DomainStatsEntry> out = new ArrayList<>(chosen.size());
        for (DomainObject<TestRuntime> d : chosen) {
            out.add(record(d, groups));
        }
        return out;
    }

    /** The groups to report: all the driver knows when none is asked, else the asked ones it knows. */
    private static int groups(int stats, boolean enforce) {
        if (stats == 0) {
            return SUPPORTED;
        }
        int unknown = stats & ~SUPPORTED;
        if (enforce && unknown != 0) {
            throw new VirtException(ErrorCode.ARGUMENT_UNSUPPORTED, ErrorDomain.TEST,
                "Stats types bits 0x" + Integer.toHexString(unknown) + " are not supported by this daemon");
        }
        return stats & SUPPORTED;
    }

    private static DomainStatsEntry record(DomainObject<TestRuntime> d, int groups) {
        List<TypedParameter> params = new ArrayList<>();
        if ((groups & STATE) != 0) {
            StateReason s = d.state();
            params.add(new TypedParameter("state.state", TypedParameter.Type.INT, s.state().number()));
            params.add(new TypedParameter("state.reason", TypedParameter.Type.INT, s.reason()));
        }
        if ((groups & IOTHREAD) != 0 && d.isActive()) {
            ioThreads(d, params);
        }
        return new DomainStatsEntry(d.ref(), params);
    }

    private static void ioThreads(DomainObject<TestRuntime> d, List<TypedParameter> params) {
        List<IoThreadPolls.Entry> entries = d.runtime().ioThreadPolls().snapshot();
        if (entries.isEmpty()) {
            return;
        }
        params.add(TypedParameter.ofUint("iothread.count", entries.size()));
        for (IoThreadPolls.Entry e : entries) {
            String prefix = "iothread." + Integer.toUnsignedString(e.id) + ".";
            params.add(new TypedParameter(prefix + "poll-max-ns", TypedParameter.Type.ULLONG, e.pollMaxNs));
            params.add(TypedParameter.ofUint(prefix + "poll-grow", e.pollGrow));
            params.add(TypedParameter.ofUint(prefix + "poll-shrink", e.pollShrink));
        }
    }
}
