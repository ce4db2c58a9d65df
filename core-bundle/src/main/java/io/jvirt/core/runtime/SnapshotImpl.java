package io.jvirt.core.runtime;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.Domain;
import io.jvirt.api.DomainSnapshot;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Flag;
import io.jvirt.api.SnapshotDeleteFlag;
import io.jvirt.api.SnapshotListFlag;
import io.jvirt.api.SnapshotRevertFlag;
import io.jvirt.api.SnapshotXmlFlag;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.SnapshotRef;

/**
 * A {@link DomainSnapshot} handle: its domain's handle and its name; each call goes to the driver
 * after libvirt's public entry point checks (read-only, exclusive flags).
 */
final class SnapshotImpl implements DomainSnapshot {

    private final ConnectionImpl conn;
    private final DomainImpl domain;
    private final SnapshotRef ref;

    SnapshotImpl(ConnectionImpl conn, DomainImpl domain, SnapshotRef ref) {
        this.conn = conn;
        this.domain = domain;
        this.ref = ref;
    }

    static List<DomainSnapshot> of(ConnectionImpl conn, DomainImpl domain, List<String> names) {
        List<DomainSnapshot> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(new SnapshotImpl(conn, domain, new SnapshotRef(domain.ref, n)));
        }
        return out;
    }

    @Override
    public Domain domain() {
        return domain;
    }

    @Override
    public String name() {
        return ref.name();
    }

    /** SECURE needs a read-write connection, as libvirt's virDomainSnapshotGetXMLDesc checks. */
    @Override
    public String xmlDesc(SnapshotXmlFlag... flags) {
        int bits = Flag.bits(flags);
        if ((bits & SnapshotXmlFlag.SECURE.bit()) != 0 && conn.isReadOnly()) {
            throw new VirtException(ErrorCode.OPERATION_DENIED, ErrorDomain.DOMAIN_SNAPSHOT,
                "virDomainSnapshotGetXMLDesc with secure flag");
        }
        return conn.call(() -> conn.driver().snapshotXmlDesc(ref, bits));
    }

    @Override
    public DomainSnapshot parent() {
        String parent = conn.call(() -> conn.driver().snapshotParent(ref, 0));
        return new SnapshotImpl(conn, domain, new SnapshotRef(ref.domain(), parent));
    }

    @Override
    public List<DomainSnapshot> listAllChildren(SnapshotListFlag... flags) {
        int bits = Flag.bits(flags);
        return of(conn, domain, conn.call(() -> conn.driver().snapshotListAllChildren(ref, bits)));
    }

    @Override
    public boolean isCurrent() {
        return conn.call(() -> conn.driver().snapshotIsCurrent(ref, 0));
    }

    @Override
    public boolean hasMetadata() {
        return conn.call(() -> conn.driver().snapshotHasMetadata(ref, 0));
    }

    @Override
    public void revert(SnapshotRevertFlag... flags) {
        int bits = Flag.bits(flags);
        conn.changeRun("virDomainRevertToSnapshot", () -> {
            DomainImpl.exclusive(bits, SnapshotRevertFlag.RUNNING, "VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING",
                SnapshotRevertFlag.PAUSED, "VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED");
            conn.driver().snapshotRevert(ref, bits);
        });
    }

    @Override
    public void delete(SnapshotDeleteFlag... flags) {
        int bits = Flag.bits(flags);
        conn.changeRun("virDomainSnapshotDelete", () -> {
            DomainImpl.exclusive(bits, SnapshotDeleteFlag.CHILDREN, "VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN",
                SnapshotDeleteFlag.CHILDREN_ONLY, "VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY");
            conn.driver().snapshotDelete(ref, bits);
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SnapshotImpl other && other.domain.equals(domain) && other.ref.name().equals(ref.name());
    }

    @Override
    public int hashCode() {
        return domain.hashCode() * 31 + ref.name().hashCode();
    }

    @Override
    public String toString() {
        return "DomainSnapshot[" + ref.name() + " of " + ref.domain().name() + "]";
    }
}
