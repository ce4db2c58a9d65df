/**
 * libvirt's storage pool and volume definitions ({@link io.jvirt.api.storage.StoragePoolDef},
 * {@link io.jvirt.api.storage.StorageVolDef}), read from and written to libvirt's pool and volume
 * XML by {@link io.jvirt.api.storage.StoragePoolXml} and {@link io.jvirt.api.storage.StorageVolXml}
 * with the rules of libvirt's src/conf/storage_conf.c (virStoragePoolDefParseXML,
 * virStoragePoolDefFormat, virStorageVolDefParseXML, virStorageVolDefFormat) and its helpers
 * (storage_source_conf.c, storage_encryption_conf.c, storage_adapter_conf.c, the fs and rbd
 * backends' XML namespaces): every pool type libvirt knows, whether or not a backend runs it.
 */
@Export
@Version("1.0.0")
package io.jvirt.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
