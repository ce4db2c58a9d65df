package io.jvirt.driver.vz;

import java.util.List;
import java.util.UUID;

import io.jvirt.core.spi.DomainRef;

/**
 * One Virtuozzo environment (a container or a virtual machine) as one {@code prlctl list -a -i -j}
 * reading described it; every value checked by {@link VzListing}.
 *
 * @param envId   Virtuozzo's EnvID: libvirt's id while the environment is active
 * @param container Type "CT" (os type exe) rather than "VM" (hvm)
 */
record VzEnv(UUID uuid, int envId, String name, boolean container, VzState state, long memoryMb, int cpus,
             List<Disk> disks, List<Nic> nics) {

    /**
     * A hard disk ("hddN"): an image file or a host device ("real"), on a bus port such as
     * "sata:0"; a container's root disk has no port (libvirt's parallels driver: the private area
     * mounted as the container's root).
     */
    record Disk(String key, String source, boolean block, String bus, int position) {
    }

    /** A network adapter ("netN"): its MAC (12 hex digits) and the Virtuozzo network it joins. */
    record Nic(String key, String mac, String network) {
    }

    /** libvirt's id: the EnvID while active, -1 otherwise (prlsdkConvertDomainState). */
    int id() {
        return state.active() ? envId : -1;
    }

    DomainRef ref() {
        return new DomainRef(name, uuid, id());
    }
}
