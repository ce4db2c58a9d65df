package io.jvirt.shell.command;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

import io.jvirt.api.TypedParameter;

/**
 * virsh's iothreadset (cmdIOThreadSet): each given option one typed parameter (poll_max_ns an
 * unsigned long long, poll_grow and poll_shrink unsigned ints, thread_pool_min and _max ints),
 * "Not enough arguments passed, nothing to set" when none is.
 */
@Command(scope = "virt", name = "iothreadset", description = "modifies an existing IOThread of the guest domain")
@Service
public class IoThreadSet extends IoThreadIdCommand {

    private static final BigInteger ULLONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    @Option(name = "--poll-max-ns", description = "set the maximum IOThread polling time in ns")
    String pollMaxNs;
    @Option(name = "--poll-grow", description = "set the value to increase the IOThread polling time")
    String pollGrow;
    @Option(name = "--poll-shrink", description = "set the value for reduction of the IOThread polling time")
    String pollShrink;
    @Option(name = "--thread-pool-min", description = "lower boundary for worker thread pool")
    String threadPoolMin;
    @Option(name = "--thread-pool-max", description = "upper boundary for worker thread pool")
    String threadPoolMax;

    @Override
    protected List<String> positionalOptions() {
        return List.of("--id", "--poll-max-ns", "--poll-grow", "--poll-shrink", "--thread-pool-min", "--thread-pool-max");
    }

    @Override
    protected void run() throws Exception {
        change((d, thread, impact) -> d.setIoThreadParameters(thread, parameters(), impact));
    }

    /** The typed parameters of the options given; virsh's errors for a bad value or none. */
    private List<TypedParameter> parameters() throws CommandException {
        List<TypedParameter> params = new ArrayList<>();
        if (pollMaxNs != null) {
            params.add(new TypedParameter("poll_max_ns", TypedParameter.Type.ULLONG, unsigned(pollMaxNs, "poll-max-ns", ULLONG_MAX)));
        }
        if (pollGrow != null) {
            params.add(TypedParameter.ofUint("poll_grow", (int) unsigned(pollGrow, "poll-grow", BigInteger.valueOf(0xffffffffL))));
        }
        if (pollShrink != null) {
            params.add(TypedParameter.ofUint("poll_shrink", (int) unsigned(pollShrink, "poll-shrink", BigInteger.valueOf(0xffffffffL))));
        }
        if (threadPoolMin != null) {
            params.add(new TypedParameter("thread_pool_min", TypedParameter.Type.INT, signed(threadPoolMin, "thread-pool-min")));
        }
        if (threadPoolMax != null) {
            params.add(new TypedParameter("thread_pool_max", TypedParameter.Type.INT, signed(threadPoolMax, "thread-pool-max")));
        }
        if (params.isEmpty()) {
            throw failure("Not enough arguments passed, nothing to set");
        }
        return params;
    }

    /** vshCommandOptUInt / vshCommandOptULongLong: decimal, not negative, within the type. */
    private static long unsigned(String value, String option, BigInteger max) throws CommandException {
        try {
            BigInteger v = new BigInteger(value);
            if (v.signum() >= 0 && v.compareTo(max) <= 0) {
                return v.longValue();
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw failure("Numeric value '" + value + "' for <" + option + "> option is malformed or out of range");
    }

    private static int signed(String value, String option) throws CommandException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw failure("Numeric value '" + value + "' for <" + option + "> option is malformed or out of range");
        }
    }
}
