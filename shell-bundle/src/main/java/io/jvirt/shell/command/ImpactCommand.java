package io.jvirt.shell.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Option;

import io.jvirt.api.ModificationImpact;

/** Base of the commands that change a live and/or persistent definition: virsh's --current/--live/--config. */
public abstract class ImpactCommand extends DomainCommand {

    @Option(name = "--config", description = "affect next boot")
    boolean config;
    @Option(name = "--live", description = "affect running domain")
    boolean live;
    @Option(name = "--current", description = "affect current domain")
    boolean current;

    /** The flags the options ask for, checked as virsh checks them; empty when none is given. */
    protected List<ModificationImpact> impact() throws Exception {
        return impact(current, live, config);
    }
}
