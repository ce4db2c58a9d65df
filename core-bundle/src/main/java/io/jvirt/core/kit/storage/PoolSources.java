package io.jvirt.core.kit.storage;

import java.util.List;
import java.util.Objects;

import io.jvirt.api.storage.StoragePoolDef;
import io.jvirt.api.storage.StoragePoolType;

/**
 * libvirt's virStoragePoolObjSourceFindDuplicateCb: whether a new pool definition would use the
 * storage an existing pool (of another name) uses: the same directory for dir pools, the same
 * host and directory for netfs and gluster, a shared device among fs, logical, disk, iscsi and zfs
 * pools (iscsi only with iscsi, and then with the same initiator), the same host for sheepdog,
 * any second mpath pool, the same source name for vstorage. SCSI adapters are not compared (no
 * backend resolves SCSI hosts yet). Written once for the test driver and the kit's StorageHost.
 */
public final class PoolSources {

    private PoolSources() {
    }

    /** Whether {@code def} would use the storage {@code existing} (a pool of another name) uses. */
    public static boolean conflict(StoragePoolDef existing, StoragePoolDef def) {
        StoragePoolType t = existing.type();
        return switch (t) {
            case DIR, GLUSTER, NETFS -> def.type() == t && matchDir(existing, def);
            case ISCSI, FS, LOGICAL, DISK, ZFS -> deviceTypes(def.type()) && matchDevice(existing, def);
            case SHEEPDOG -> def.type() == t && singleHost(existing, def);
            case MPATH -> def.type() == t;
            case VSTORAGE -> def.type() == t && Objects.equals(existing.source().name(), def.source().name());
            default -> false;
        };
    }

    private static boolean deviceTypes(StoragePoolType t) {
        return t == StoragePoolType.ISCSI || t == StoragePoolType.FS || t == StoragePoolType.LOGICAL
            || t == StoragePoolType.DISK || t == StoragePoolType.ZFS;
    }

    private static boolean matchDir(StoragePoolDef o, StoragePoolDef d) {
        return switch (o.type()) {
            case DIR -> Objects.equals(o.targetPath(), d.targetPath());
            case GLUSTER -> Objects.equals(o.source().name(), d.source().name())
                && Objects.equals(o.source().dir(), d.source().dir()) && singleHost(o, d);
            default -> Objects.equals(o.source().dir(), d.source().dir()) && singleHost(o, d);
        };
    }

    private static boolean matchDevice(StoragePoolDef o, StoragePoolDef d) {
        if (o.type() == StoragePoolType.ISCSI) {
            return d.type() == StoragePoolType.ISCSI && sharesDevice(o, d)
                && Objects.equals(o.source().initiatorIqn(), d.source().initiatorIqn());
        }
        return d.type() != StoragePoolType.ISCSI && sharesDevice(o, d);
    }

    private static boolean sharesDevice(StoragePoolDef o, StoragePoolDef d) {
        for (StoragePoolDef.Device a : o.source().devices()) {
            for (StoragePoolDef.Device b : d.source().devices()) {
                if (Objects.equals(a.path(), b.path())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** virStoragePoolSourceMatchSingleHost (without its read past an empty host list). */
    private static boolean singleHost(StoragePoolDef o, StoragePoolDef d) {
        List<StoragePoolDef.Host> a = o.source().hosts();
        List<StoragePoolDef.Host> b = d.source().hosts();
        if (a.size() != 1 && b.size() != 1) {
            return false;
        }
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        if (b.get(0).port() != 0 && a.get(0).port() != b.get(0).port()) {
            return false;
        }
        return Objects.equals(a.get(0).name(), b.get(0).name());
    }
}
