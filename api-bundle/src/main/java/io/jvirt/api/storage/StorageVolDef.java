package io.jvirt.api.storage;

import java.util.List;
import java.util.Objects;

import io.jvirt.api.StorageVolType;

/**
 * A storage volume definition (libvirt's virStorageVolDef), as {@link StorageVolXml} reads and
 * writes it. The live parts (key, type, extents, physical size, timestamps) are what a pool's
 * refresh fills in; the XML a client gives may carry them, as libvirt's tests do.
 *
 * @param name          the volume's name
 * @param key           {@code <key>}; null when unknown
 * @param type          {@code <volume type=>}; FILE when absent
 * @param capacity      bytes
 * @param allocation    bytes; the capacity when the XML has no {@code <allocation>}
 * @param hasAllocation whether the XML gave {@code <allocation>}
 * @param physical      bytes on the host; 0 when unknown (then not written)
 * @param extents       {@code <source><device path=><extent/>} (live state; never parsed)
 * @param target        {@code <target>}
 * @param backingStore  {@code <backingStore>}; null when the volume has none
 */
public record StorageVolDef(String name, String key, StorageVolType type, long capacity, long allocation,
                            boolean hasAllocation, long physical, List<VolExtent> extents, Target target,
                            Target backingStore) {

    public StorageVolDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
        extents = extents == null ? List.of() : List.copyOf(extents);
    }

    /** The same volume with a refresh's findings. */
    public StorageVolDef withLive(String newKey, StorageVolType newType, long newCapacity, long newAllocation,
                                  long newPhysical, Target newTarget, Target newBackingStore) {
        return new StorageVolDef(name, newKey, newType, newCapacity, newAllocation, true, newPhysical, extents,
            newTarget, newBackingStore);
    }

    /** One extent of a volume on a device (libvirt's virStorageVolSourceExtent). */
    public record VolExtent(String path, long start, long end) {
    }

    /**
     * {@code <target>} or {@code <backingStore>} (libvirt's virStorageSource as a volume uses it).
     *
     * @param path        the host path
     * @param format      the format name; null for pool types whose volumes have none
     * @param permissions never null
     * @param timestamps  live state; null when unknown
     * @param encryption  {@code <encryption>}; null when absent
     * @param compat      {@code <compat>} (qcow2 "0.10" or "1.1"); "1.1" when {@code <features>} is given without it
     * @param nocow       {@code <nocow/>}
     * @param clusterSize {@code <clusterSize>} in bytes; 0 when absent
     * @param features    {@code <features>} names (lazy_refcounts, extended_l2) in libvirt's order;
     *                    null when the element is absent
     */
    public record Target(String path, String format, StoragePermissions permissions, Timestamps timestamps,
                         Encryption encryption, String compat, boolean nocow, long clusterSize, List<String> features) {

        public Target {
            permissions = permissions == null ? StoragePermissions.NONE : permissions;
            features = features == null ? null : List.copyOf(features);
        }

        /** A target with only a path and a format. */
        public static Target of(String path, String format) {
            return new Target(path, format, StoragePermissions.NONE, null, null, null, false, 0, null);
        }
    }

    /** {@code <timestamps>}; a part is null when unknown. */
    public record Timestamps(Timestamp atime, Timestamp mtime, Timestamp ctime, Timestamp btime) {
    }

    /** Seconds and nanoseconds since the epoch. */
    public record Timestamp(long seconds, long nanos) {
    }

    /**
     * {@code <encryption>} (libvirt's virStorageEncryption); the secrets are references, kept.
     *
     * @param format  "default", "qcow", "luks" or "luks2"
     * @param engine  "qemu" or "librbd"; null for the default
     * @param secrets {@code <secret type='passphrase' .../>}
     * @param cipher  luks's {@code <cipher>}; null when absent
     * @param ivgen   luks's {@code <ivgen>}; null when absent
     */
    public record Encryption(String format, String engine, List<SecretRef> secrets, Cipher cipher, Ivgen ivgen) {

        public Encryption {
            secrets = secrets == null ? List.of() : List.copyOf(secrets);
        }
    }

    /** {@code <cipher name= size= mode= hash=/>}. */
    public record Cipher(String name, long size, String mode, String hash) {
    }

    /** {@code <ivgen name= hash=/>}. */
    public record Ivgen(String name, String hash) {
    }
}
