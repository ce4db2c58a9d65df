package io.jvirt.core.runtime;

import java.util.List;

import io.jvirt.api.CheckpointDeleteFlag;
import io.jvirt.api.CheckpointListFlag;
import io.jvirt.api.CheckpointXmlFlag;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainCheckpoint;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Flag;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.CheckpointRef;

/** A {@link DomainCheckpoint} handle: its domain's handle and its name; each call goes to the driver. */
final class CheckpointImpl implements DomainCheckpoint {

    private final ConnectionImpl conn;
    private final DomainImpl domain;
    private final CheckpointRef ref;

    CheckpointImpl(ConnectionImpl conn, DomainImpl domain, CheckpointRef ref) {
        this.conn = conn;
        this.domain = domain;
        this.ref = ref;
    }

    @Override
    public Domain domain() {
        return domain;
    }

    @Override
    public String name() {
        return ref.name();
    }

    /** SECURE needs a read-write connection, as libvirt's virDomainCheckpointGetXMLDesc checks. */
    @Override
    public String xmlDesc(CheckpointXmlFlag... flags) {
        int bits = Flag.bits(flags);
        if ((bits & CheckpointXmlFlag.SECURE.bit()) != 0 && conn.isReadOnly()) {
            throw new VirtException(ErrorCode.OPERATION_DENIED, ErrorDomain.DOMAIN_CHECKPOINT,
                "virDomainCheckpointGetXMLDesc with secure flag");
        }
        return conn.call(() -> conn.driver().checkpointXmlDesc(ref, bits));
    }

    @Override
    public DomainCheckpoint parent() {
        String parent = conn.call(() -> conn.driver().checkpointParent(ref, 0));
        return new CheckpointImpl(conn, domain, new CheckpointRef(ref.domain(), parent));
    }

    @Override
    public List<DomainCheckpoint> listAllChildren(CheckpointListFlag... flags) {
        int bits = Flag.bits(flags);
        return domain.checkpoints(conn.call(() -> conn.driver().checkpointListAllChildren(ref, bits)));
    }

    @Override
    public void delete(CheckpointDeleteFlag... flags) {
        int bits = Flag.bits(flags);
        DomainImpl.exclusive(bits, CheckpointDeleteFlag.CHILDREN, "VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN",
            CheckpointDeleteFlag.CHILDREN_ONLY, "VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY");
        conn.changeRun("virDomainCheckpointDelete", () -> conn.driver().checkpointDelete(ref, bits));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckpointImpl other && other.domain.equals(domain) && other.ref.name().equals(ref.name());
    }

    @Override
    public int hashCode() {
        return domain.hashCode() * 31 + ref.name().hashCode();
    }

    @Override
    public String toString() {
        return "DomainCheckpoint[" + ref.name() + " of " + ref.domain().name() + "]";
    }
}
