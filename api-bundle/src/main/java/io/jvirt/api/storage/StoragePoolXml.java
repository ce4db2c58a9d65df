package io.jvirt.api.storage;

import java.util.List;

import io.jvirt.api.VirtException;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.api.xml.SafeXmlReader;
import io.jvirt.api.xml.XmlOut;

/**
 * libvirt's storage pool XML: {@link #parse} is virStoragePoolDefParse (with the fs and rbd
 * backends' namespaces registered, as libvirt's storage driver registers them) and {@link #format}
 * is virStoragePoolDefFormat.
 */
public final class StoragePoolXml {

    /** The largest document accepted. */
    public static final int MAX_CHARS = SafeXmlReader.MAX_CHARS;

    private StoragePoolXml() {
    }

    /**
     * Reads a pool definition with libvirt's checks; a definition without a UUID gets a random one.
     *
     * @throws VirtException XML_ERROR for a document that is not well formed (or has a DTD, entity
     *                       references, excessive size or depth) and most invalid values, with
     *                       libvirt's codes and wording for the others (CONFIG_UNSUPPORTED,
     *                       XML_DETAIL, NO_SUPPORT, INTERNAL_ERROR, INVALID_ARG, OVERFLOW)
     */
    public static StoragePoolDef parse(String xml) {
        XmlElement root = SafeXmlReader.read(xml, "storage_pool_definition");
        return StoragePoolParser.parse(root);
    }

    /** Writes a definition as libvirt does. */
    public static String format(StoragePoolDef def) {
        return StoragePoolFormatter.format(def);
    }

    /**
     * Reads a {@code <source>} document for a pool of {@code type}, as virConnectFindStoragePoolSources
     * reads its source specification (virStoragePoolDefParseSourceString).
     */
    public static StoragePoolDef.Source parseSource(StoragePoolType type, String xml) {
        XmlElement root = SafeXmlReader.read(xml, "storage_source_specification");
        StoragePoolParser.requireRoot(root, "source");
        return StoragePoolParser.source(root, type).build();
    }

    /** virStoragePoolSourceListFormat: the {@code <sources>} document virConnectFindStoragePoolSources answers. */
    public static String formatSources(StoragePoolType type, List<StoragePoolDef.Source> sources) {
        XmlOut out = new XmlOut();
        out.open(0, "sources").body();
        for (StoragePoolDef.Source s : sources) {
            StoragePoolFormatter.source(out, 1, type, s);
        }
        out.close(0, "sources");
        return out.toString();
    }

    /**
     * libvirt's virFileSanitizePath, which pool paths go through and lookups by path use:
     * repeated '/' collapsed, a trailing '/' dropped, a leading "//" kept, URIs untouched.
     */
    public static String sanitizePath(String path) {
        return StorageXmlSupport.sanitizePath(path);
    }
}
