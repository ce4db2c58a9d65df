/**
 * The driver kit's storage pools and volumes: libvirt's storage pool object semantics
 * ({@link io.jvirt.core.kit.storage.StorageHost}, after src/conf/virstorageobj.c and
 * src/storage/storage_driver.c) over a driver's {@link io.jvirt.core.kit.storage.StorageBackend}
 * (what building, starting, refreshing a pool and making a volume do on the host), persistent
 * definitions and autostart marks in a {@link io.jvirt.core.kit.storage.StoragePoolStore}, and the
 * storage half of a driver connection ({@link io.jvirt.core.kit.storage.StorageHostConnection}).
 */
@Export
@Version("1.0.0")
package io.jvirt.core.kit.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
