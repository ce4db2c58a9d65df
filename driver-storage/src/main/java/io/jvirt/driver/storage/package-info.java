/**
 * libvirt's storage backends on Linux, written against the real tools and independent of the
 * public storage API: {@link io.jvirt.driver.storage.QemuImg} (qemu-img), the directory pool
 * ({@link io.jvirt.driver.storage.DirPool}, libvirt's storage_backend_fs.c and storage_util.c) and
 * the LVM volume group pool ({@link io.jvirt.driver.storage.LogicalPool}, storage_backend_logical.c).
 * The values they take and return ({@link io.jvirt.driver.storage.VolumeSpec},
 * {@link io.jvirt.driver.storage.VolumeInfo}, {@link io.jvirt.driver.storage.PoolSpace} ...) are this
 * package's own, so the backends can be wired to the storage SPI when it lands. Private.
 */
package io.jvirt.driver.storage;
