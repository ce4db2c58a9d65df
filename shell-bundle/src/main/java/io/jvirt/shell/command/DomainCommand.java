package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;

import io.jvirt.api.Domain;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.completers.DomainCompleter;

/**
 * Base of commands on one domain, named as virsh accepts it: an id, a UUID or a name, tried in
 * that order.
 */
public abstract class DomainCommand extends VirtCommand {

    @Argument(index = 0, name = "domain", description = "domain name, id or uuid")
    @Completion(DomainCompleter.class)
    protected String domain;

    /** virsh names every positional option too: {@code iothreadinfo --domain fc4}. */
    @Option(name = "--domain", description = "domain name, id or uuid (instead of the first argument)")
    @Completion(DomainCompleter.class)
    String domainOption;

    /**
     * The domain from --domain or the first argument, as virsh takes either: with --domain, a first
     * argument is data virsh does not expect; with neither, virsh's "requires <domain> option".
     */
    @Override
    protected void resolveArguments() throws Exception {
        if (domainOption != null) {
            if (domain != null) {
                throw failure("unexpected data '" + domain + "'");
            }
            domain = domainOption;
        }
        required("<domain>", domain);
    }

    /** The domain named by the argument; "error: failed to get domain 'x'" when none matches. */
    protected Domain lookup() throws Exception {
        return lookup(domain);
    }

    /** Runs one action on the domain, with virsh's two error lines when it fails. */
    protected void act(String failureContext, DomainAction action) throws Exception {
        act(lookup(), failureContext, action);
    }

    /** Runs one action on a domain looked up already: "error: CONTEXT", "error: LIBVIRT MESSAGE" when it fails. */
    protected static void act(Domain d, String failureContext, DomainAction action) throws Exception {
        try {
            action.apply(d);
        } catch (VirtException e) {
            throw failure(failureContext, e);
        }
    }

    /**
     * The impact flags of --current/--live/--config as virsh checks them (--current excludes the
     * others); empty when none is given, so that the plain API call is made.
     */
    protected static List<ModificationImpact> impact(boolean current, boolean live, boolean config) throws Exception {
        exclusive(current, "current", live, "live");
        exclusive(current, "current", config, "config");
        List<ModificationImpact> flags = new ArrayList<>();
        if (current) {
            flags.add(ModificationImpact.CURRENT);
        }
        if (live) {
            flags.add(ModificationImpact.LIVE);
        }
        if (config) {
            flags.add(ModificationImpact.CONFIG);
        }
        return flags;
    }

    @FunctionalInterface
    protected interface DomainAction {
        void apply(Domain d);
    }
}
