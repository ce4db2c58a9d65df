package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

import io.jvirt.api.Domain;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.completers.DomainCompleter;

/**
 * Base of commands on one domain, named as virsh accepts it: an id, a UUID or a name, tried in
 * that order.
 */
public abstract class DomainCommand extends VirtCommand {

    @Argument(index = 0, name = "domain", description = "domain name, id or uuid", required = true)
    @Completion(DomainCompleter.class)
    protected String domain;

    /** The domain named by the argument; "error: failed to get domain 'x'" when none matches. */
    protected Domain lookup() throws Exception {
        Domain d = DomainLookup.find(connection(), domain);
        if (d == null) {
            throw failure("failed to get domain '" + domain + "'");
        }
        return d;
    }

    /** Runs one action on the domain, with virsh's two error lines when it fails. */
    protected void act(String failureContext, DomainAction action) throws Exception {
        Domain d = lookup();
        try {
            action.apply(d);
        } catch (VirtException e) {
            throw failure(String.format(failureContext, domain), e);
        }
    }

    @FunctionalInterface
    protected interface DomainAction {
        void apply(Domain d);
    }
}
