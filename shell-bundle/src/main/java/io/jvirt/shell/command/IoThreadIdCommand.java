package io.jvirt.shell.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.CommandException;

import io.jvirt.api.Domain;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.VirtException;

/**
 * Base of iothreadadd, iothreaddel and iothreadset: an I/O thread id after the domain, or as
 * --id, read as virsh reads it (an int, "Invalid IOThread id value" unless positive), and the
 * change on that thread, libvirt's error alone when it fails and nothing printed when it works.
 */
public abstract class IoThreadIdCommand extends ImpactFlagsCommand {

    @Option(name = "--id", description = "IOThread ID number")
    String id;

    @Override
    protected List<String> positionalOptions() {
        return List.of("--id");
    }

    /** One change of the domain's I/O {@code thread}, with the impact flags given. */
    @FunctionalInterface
    protected interface ThreadChange {
        void apply(Domain d, int thread, ModificationImpact[] impact) throws Exception;
    }

    /**
     * Checks as virsh does, in its order (the id given: "requires --id option", an int option; the
     * flags; the domain; the id's value), then makes the change.
     */
    protected void change(ThreadChange change) throws Exception {
        required("--id", id);
        ModificationImpact[] impact = impactFlags();
        Domain d = lookup();
        int iothread = threadId(id);
        try {
            change.apply(d, iothread, impact);
        } catch (VirtException e) {
            throw failure(null, e);
        }
    }

    /** vshCommandOptInt, then virsh's own check of an I/O thread id. */
    private static int threadId(String value) throws CommandException {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw failure("Numeric value '" + value + "' for <id> option is malformed or out of range");
        }
        if (n <= 0) {
            throw failure("Invalid IOThread id value: '" + n + "'");
        }
        return n;
    }
}
