package io.jvirt.api.storage;

import io.jvirt.api.VirtException;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.api.xml.SafeXmlReader;

/**
 * libvirt's storage volume XML: {@link #parse} is virStorageVolDefParse and {@link #format} is
 * virStorageVolDefFormat. Both depend on the type of the pool the volume is in (its volumes'
 * formats), as libvirt's do.
 */
public final class StorageVolXml {

    /** Options of {@link #parse} (libvirt's VIR_VOL_XML_PARSE_* flags). */
    public enum ParseOption {
        /** The XML may leave out the capacity (a clone's: it is the source's). */
        NO_CAPACITY,
        /** The XML may leave out the capacity when it names a backing store (its size). */
        OPT_CAPACITY
    }

    private StorageVolXml() {
    }

    /**
     * Reads a volume definition with libvirt's checks.
     *
     * @param pool the type of the pool the volume is (to be) in
     * @throws VirtException XML_ERROR for a document that is not well formed and most invalid
     *                       values, libvirt's codes and wording for the others
     */
    public static StorageVolDef parse(StoragePoolType pool, String xml, ParseOption... options) {
        boolean noCapacity = false;
        boolean optCapacity = false;
        for (ParseOption o : options) {
            noCapacity |= o == ParseOption.NO_CAPACITY;
            optCapacity |= o == ParseOption.OPT_CAPACITY;
        }
        XmlElement root = SafeXmlReader.read(xml, "storage_volume_definition");
        return StorageVolParser.parse(pool, root, noCapacity, optCapacity);
    }

    /** Writes a volume as libvirt does for a pool of type {@code pool}. */
    public static String format(StoragePoolType pool, StorageVolDef def) {
        return StorageVolFormatter.format(pool, def);
    }
}
