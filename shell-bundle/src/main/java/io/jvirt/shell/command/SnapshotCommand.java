package io.jvirt.shell.command;

import io.jvirt.api.Domain;
import io.jvirt.api.DomainSnapshot;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/** Base of the snapshot commands on one domain: the snapshot's name as the second argument or --snapshotname. */
public abstract class SnapshotCommand extends MomentCommand {

    @Override
    protected String nameOption() {
        return "snapshotname";
    }

    /**
     * virshLookupSnapshot: the snapshot named by {@code arg}'s value, or with --current the
     * current one; both are refused as virsh refuses them when {@code exclusive}.
     */
    protected static DomainSnapshot lookupSnapshot(Domain d, String arg, String name, boolean current, boolean exclusive)
        throws Exception {
        if (exclusive && current && name != null) {
            throw failure("--" + arg + " and --current are mutually exclusive");
        }
        try {
            if (name != null) {
                return d.snapshotLookupByName(name);
            }
            if (current) {
                return d.snapshotCurrent();
            }
        } catch (VirtException e) {
            throw failure(null, e);
        }
        throw failure("--" + arg + " or --current is required");
    }

    /** virshGetSnapshotParent: the parent's name, null for a root. */
    protected static String parentOf(DomainSnapshot s) throws Exception {
        try {
            return s.parent().name();
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_DOMAIN_SNAPSHOT) {
                return null;
            }
            throw failure("unable to determine if snapshot has parent", e);
        }
    }
}
