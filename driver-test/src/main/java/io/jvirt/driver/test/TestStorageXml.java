package io.jvirt.driver.test;

import io.jvirt.api.storage.StoragePoolDef;
import io.jvirt.api.storage.StoragePoolXml;
import io.jvirt.api.storage.StorageVolDef;
import io.jvirt.api.storage.StorageVolXml;

/** The storage XML the test driver reads and writes: libvirt's formats through the API's model. */
final class TestStorageXml {

    private TestStorageXml() {
    }

    /**
     * virStoragePoolDefParse. VIR_STORAGE_POOL_DEFINE_VALIDATE is accepted; the schema check it
     * asks libvirt for is not made (the API's parser applies libvirt's own checks).
     */
    static StoragePoolDef parsePool(String xml, boolean validate) {
        return StoragePoolXml.parse(xml);
    }

    /** virStoragePoolDefFormat. */
    static String formatPool(StoragePoolDef def) {
        return StoragePoolXml.format(def);
    }

    /** virStorageVolDefParse for a volume of {@code pool} (VIR_VOL_XML_PARSE_VALIDATE as above). */
    static StorageVolDef parseVol(StoragePoolDef pool, String xml, boolean validate) {
        return StorageVolXml.parse(pool.type(), xml);
    }

    /** virStorageVolDefFormat. */
    static String formatVol(StoragePoolDef pool, StorageVolDef vol) {
        return StorageVolXml.format(pool.type(), vol);
    }
}
