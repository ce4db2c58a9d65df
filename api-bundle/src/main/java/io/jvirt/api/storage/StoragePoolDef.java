package io.jvirt.api.storage;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A storage pool definition (libvirt's virStoragePoolDef), as {@link StoragePoolXml} reads and
 * writes it.
 *
 * @param type              the pool type
 * @param name              the pool's name (never contains '/')
 * @param uuid              the pool's UUID (generated when the XML has none)
 * @param capacity          bytes (live state; 0 in a definition)
 * @param allocation        bytes (live state)
 * @param available         bytes (live state)
 * @param cow               {@code <features><cow state=.../>} for dir and fs pools; null when absent
 * @param source            {@code <source>}; never null
 * @param target            {@code <target>}; null for pool types without a local target (rbd,
 *                          sheepdog, gluster, iscsi-direct)
 * @param refreshAllocation {@code <refresh><volume allocation=.../>} ("default" or "capacity"); null when absent
 * @param mountOptions      the fs/netfs namespace's {@code <fs:mount_opts>} option names; empty when none
 * @param rbdConfigOptions  the rbd namespace's {@code <rbd:config_opts>} options; empty when none
 */
public record StoragePoolDef(StoragePoolType type, String name, UUID uuid, long capacity, long allocation,
                             long available, Boolean cow, Source source, Target target, String refreshAllocation,
                             List<String> mountOptions, List<ConfigOption> rbdConfigOptions) {

    /** The fs backend's XML namespace (mount options of fs and netfs pools). */
    public static final String FS_NAMESPACE = "http://libvirt.org/schemas/storagepool/fs/1.0";
    /** The rbd backend's XML namespace (Ceph configuration options). */
    public static final String RBD_NAMESPACE = "http://libvirt.org/schemas/storagepool/rbd/1.0";

    public StoragePoolDef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(source, "source");
        mountOptions = mountOptions == null ? List.of() : List.copyOf(mountOptions);
        rbdConfigOptions = rbdConfigOptions == null ? List.of() : List.copyOf(rbdConfigOptions);
    }

    /** The same definition with the live sizes a driver measured. */
    public StoragePoolDef withSizes(long newCapacity, long newAllocation, long newAvailable) {
        return new StoragePoolDef(type, name, uuid, newCapacity, newAllocation, newAvailable, cow, source, target,
            refreshAllocation, mountOptions, rbdConfigOptions);
    }

    /** The target path; null for a pool type without a target. */
    public String targetPath() {
        return target == null ? null : target.path();
    }

    /**
     * {@code <source>} (libvirt's virStoragePoolSource). Lists are never null.
     *
     * @param hosts        {@code <host name= port=>}
     * @param devices      {@code <device path= part_separator=>} with the free extents a disk pool reports
     * @param dir          {@code <dir path=>} (sanitized as libvirt does); "/" for a gluster pool without one
     * @param adapter      {@code <adapter>} of scsi pools; null when absent
     * @param name         {@code <name>}: the volume group, Ceph pool, ...; for the types that use it
     *                     it defaults to the pool's name
     * @param format       {@code <format type=>}; the type's default when absent; null for types without formats
     * @param auth         {@code <auth>}; null when absent
     * @param initiatorIqn {@code <initiator><iqn name=>}
     * @param protocolVer  {@code <protocol ver=>} (NFS version)
     * @param vendor       {@code <vendor name=>}
     * @param product      {@code <product name=>}
     */
    public record Source(List<Host> hosts, List<Device> devices, String dir, Adapter adapter, String name,
                         String format, Auth auth, String initiatorIqn, String protocolVer, String vendor,
                         String product) {

        public Source {
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
            devices = devices == null ? List.of() : List.copyOf(devices);
        }
    }

    /** {@code <host>}: port 0 when absent. */
    public record Host(String name, int port) {
    }

    /**
     * {@code <device>}.
     *
     * @param partSeparator {@code part_separator} (yes/no), null when absent
     * @param freeExtents   the free extents a disk pool found (live state; never parsed)
     */
    public record Device(String path, Boolean partSeparator, List<Extent> freeExtents) {

        public Device {
            freeExtents = freeExtents == null ? List.of() : List.copyOf(freeExtents);
        }
    }

    /** A byte range {@code [start, end)}. */
    public record Extent(long start, long end) {
    }

    /**
     * {@code <adapter>} of a scsi pool (libvirt's virStorageAdapter).
     *
     * @param type       "scsi_host" or "fc_host" (a legacy adapter with only a name is scsi_host)
     * @param name       scsi_host's {@code name} ("host0")
     * @param parentAddr scsi_host's {@code <parentaddr>}; null when absent
     * @param managed    fc_host's {@code managed}; null when absent
     */
    public record Adapter(String type, String name, ParentAddress parentAddr, Boolean managed, String parent,
                          String parentWwnn, String parentWwpn, String parentFabricWwn, String wwnn, String wwpn) {
    }

    /** {@code <parentaddr unique_id=><address domain= bus= slot= function=/>}. */
    public record ParentAddress(int uniqueId, long domain, long bus, long slot, long function) {
    }

    /**
     * {@code <auth>} (libvirt's virStorageAuthDef).
     *
     * @param type     "chap" or "ceph"; null when absent
     * @param username the user name
     * @param secret   where the secret is
     */
    public record Auth(String type, String username, SecretRef secret) {
    }

    /** {@code <target>}: the sanitized path and its permissions (never null). */
    public record Target(String path, StoragePermissions permissions) {

        public Target {
            permissions = permissions == null ? StoragePermissions.NONE : permissions;
        }
    }

    /** One {@code <rbd:option name= value=/>}. */
    public record ConfigOption(String name, String value) {
    }
}
