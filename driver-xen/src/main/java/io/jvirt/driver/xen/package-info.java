/**
 * libvirt's libxl driver through Xen's {@code xl} toolstack. This slice: the xen-xl native format
 * (xl.cfg) in both directions, as libvirt's src/libxl/xen_xl.c and xen_common.c convert it
 * ({@link io.jvirt.driver.xen.XlConfig}). Private.
 */
package io.jvirt.driver.xen;
