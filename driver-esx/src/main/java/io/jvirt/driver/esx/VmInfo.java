package io.jvirt.driver.esx;

import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;

import io.jvirt.api.DomainState;
import io.jvirt.core.kit.remote.XmlDom;
import io.jvirt.core.spi.DomainRef;

/**
 * What the driver reads of a virtual machine for lookups, listings and info, fetched fresh for
 * every call (the driver keeps nothing between calls).
 */
record VmInfo(MoRef ref, String name, UUID uuid, String powerState, long memoryMB, long limitMB, int numCpu,
              String guestId, String vmPathName, String annotation, boolean hasSnapshot) {

    /** The properties {@link #from} reads. */
    static final String[] PROPS = {
        "name", "config.uuid", "runtime.powerState", "config.hardware.memoryMB", "config.hardware.numCPU",
        "config.guestId", "config.files.vmPathName", "config.memoryAllocation.limit", "config.annotation",
    };

    /** The VM's snapshot trees, read only for a listing that filters on them (libvirt reads the same). */
    static final String SNAPSHOTS = "snapshot.rootSnapshotList";

    /** {@link #PROPS} and {@link #SNAPSHOTS}. */
    static final String[] PROPS_AND_SNAPSHOTS = Stream.concat(Arrays.stream(PROPS), Stream.of(SNAPSHOTS))
        .toArray(String[]::new);

    /** Null for a VM without a usable configuration (an inaccessible VM has no config.uuid). */
    static VmInfo from(ObjectContent o) {
        String uuid = o.str("config.uuid");
        if (uuid == null || o.str("name") == null) {
            return null;
        }
        UUID u;
        try {
            u = UUID.fromString(uuid);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return new VmInfo(o.obj(), o.str("name"), u, o.str("runtime.powerState"),
            o.num("config.hardware.memoryMB", 0), o.num("config.memoryAllocation.limit", -1),
            (int) o.num("config.hardware.numCPU", 1), o.str("config.guestId"), o.str("config.files.vmPathName"),
            o.str("config.annotation"), !XmlDom.children(o.get(SNAPSHOTS), null).isEmpty());
    }

    boolean poweredOn() {
        return "poweredOn".equals(powerState);
    }

    boolean poweredOff() {
        return "poweredOff".equals(powerState);
    }

    boolean suspended() {
        return "suspended".equals(powerState);
    }

    /** libvirt's mapping: poweredOn runs, suspended is paused, poweredOff is shut off. */
    DomainState state() {
        return switch (powerState == null ? "" : powerState) {
            case "poweredOn" -> DomainState.RUNNING;
            case "suspended" -> DomainState.PAUSED;
            case "poweredOff" -> DomainState.SHUTOFF;
            default -> DomainState.NOSTATE;
        };
    }

    /** The domain id: the number in the managed object id, -1 while powered off (libvirt's rule). */
    int id() {
        return poweredOff() ? -1 : ref.vmId();
    }

    DomainRef domainRef() {
        return new DomainRef(name, uuid, id());
    }
}
