package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.SchedulerType;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VirtException;

/**
 * virsh's schedinfo (cmdSchedinfo): the scheduler, then its parameters; --set name=value (also
 * positional), --weight and --cap change the parameters the scheduler has, each value read by the
 * parameter's type (virTypedParamsAddFromString), then the parameters are read again.
 */
@Command(scope = "virt", name = "schedinfo", description = "show/set scheduler parameters")
@Service
public class SchedInfo extends DomainCommand {

    @Option(name = "--config", description = "get/set value to be used on next boot")
    boolean config;
    @Option(name = "--live", description = "get/set value from running domain")
    boolean live;
    @Option(name = "--current", description = "get/set current scheduler info")
    boolean current;
    @Option(name = "--weight", description = "weight for XEN_CREDIT")
    String weight;
    @Option(name = "--cap", description = "cap for XEN_CREDIT")
    String cap;
    @Option(name = "--set", description = "parameter=value", multiValued = true)
    List<String> set = new ArrayList<>();

    @Argument(index = 1, name = "set", description = "parameter=value", multiValued = true)
    List<String> words = new ArrayList<>();

    @Override
    protected void run() throws Exception {
        List<String> sets = new ArrayList<>(set);
        Map<String, Consumer<String>> valued = new HashMap<>();
        valued.put("set", sets::add);
        valued.put("weight", v -> weight = v);
        valued.put("cap", v -> cap = v);
        Map<String, Runnable> flags = new HashMap<>();
        flags.put("config", () -> config = true);
        flags.put("live", () -> live = true);
        flags.put("current", () -> current = true);
        sets.addAll(VirshWords.parse("schedinfo", words, valued, flags));

        exclusive(current, "current", live, "live");
        exclusive(current, "current", config, "config");
        List<ModificationImpact> impact = new ArrayList<>();
        if (config) {
            impact.add(ModificationImpact.CONFIG);
        }
        if (live) {
            impact.add(ModificationImpact.LIVE);
        }
        boolean flagged = !impact.isEmpty() || current;
        // both --live and --config cannot be queried at once: virsh reads the current definition then
        ModificationImpact[] query = config && live ? new ModificationImpact[] {ModificationImpact.CURRENT}
            : flagged ? withCurrent(impact) : new ModificationImpact[0];

        Domain d = lookup();
        SchedulerType type;
        try {
            type = d.schedulerType();
        } catch (VirtException e) {
            out().printf("%-15s: %s%n", "Scheduler", "Unknown");
            throw failure(null, e);
        }
        out().printf("%-15s: %s%n", "Scheduler", type.name());
        if (type.parameterCount() == 0) {
            throw quietFailure("the scheduler has no parameters");
        }
        List<TypedParameter> params = d.schedulerParameters(query);

        List<TypedParameter> updates = new ArrayList<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq < 0) {
                throw failure("Invalid syntax for --set, expecting name=value");
            }
            updates.add(update(params, s.substring(0, eq), s.substring(eq + 1)));
        }
        if (cap != null) {
            updates.add(update(params, "cap", cap));
        }
        if (weight != null) {
            updates.add(update(params, "weight", weight));
        }
        if (!updates.isEmpty()) {
            d.setSchedulerParameters(updates, flagged ? withCurrent(impact) : new ModificationImpact[0]);
            params = d.schedulerParameters(query);
        } else if (live && config) {
            throw failure("cannot query both live and config at once");
        }
        for (TypedParameter p : params) {
            out().printf("%-15s: %s%n", p.field(), p.valueText());
        }
    }

    private static ModificationImpact[] withCurrent(List<ModificationImpact> impact) {
        List<ModificationImpact> all = new ArrayList<>(impact);
        all.add(ModificationImpact.CURRENT);
        return all.toArray(ModificationImpact[]::new);
    }

    /** cmdSchedInfoUpdateOne: a parameter the scheduler has, its value read by its type. */
    private static TypedParameter update(List<TypedParameter> params, String field, String value) throws Exception {
        for (TypedParameter p : params) {
            if (p.field().equals(field)) {
                return new TypedParameter(field, p.type(), value(field, p.type(), value));
            }
        }
        throw failure("invalid scheduler option: " + field);
    }

    /** virTypedParameterAssignFromStr with its words. */
    static Object value(String field, TypedParameter.Type type, String text) {
        try {
            return switch (type) {
                case INT -> Integer.parseInt(text);
                case UINT -> (int) unsigned(text, 0xffffffffL);
                case LLONG -> Long.parseLong(text);
                case ULLONG -> text.startsWith("-") ? -Long.parseUnsignedLong(text.substring(1)) : Long.parseUnsignedLong(text);
                case DOUBLE -> Double.parseDouble(text);
                case BOOLEAN -> {
                    if (text.equalsIgnoreCase("true") || text.equals("1")) {
                        yield true;
                    }
                    if (text.equalsIgnoreCase("false") || text.equals("0")) {
                        yield false;
                    }
                    throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "Invalid boolean value for field '" + field + "'");
                }
                case STRING -> text;
            };
        } catch (NumberFormatException e) {
            String expected = switch (type) {
                case INT -> "int";
                case UINT -> "unsigned int";
                case LLONG -> "long long";
                case ULLONG -> "unsigned long long";
                default -> "double";
            };
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE,
                "Invalid value for field '" + field + "': expected " + expected);
        }
    }

    /** virStrToLong_ui: strtoul's reading, a negative number wrapping, nothing above the maximum. */
    private static long unsigned(String text, long max) {
        long v = Long.parseLong(text);
        if (v > max || v < -max) {
            throw new NumberFormatException(text);
        }
        return v & max;
    }
}
