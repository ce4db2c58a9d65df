/**
 * libvirt's virConf (src/util/virconf.c): the reader and writer of the small Python-like
 * configuration files that Xen's xl.cfg, libvirt's own daemon configs, LXC's config (with
 * {@link io.jvirt.core.kit.conf.VirConf.Flag#LXC_FORMAT}) and VMware's VMX (with
 * {@link io.jvirt.core.kit.conf.VirConf.Flag#VMX_FORMAT}) are written in, with libvirt's
 * CONF_SYNTAX errors and words. Strict and bounded: hostile input gives a
 * {@link io.jvirt.api.VirtException}, never another exception. The one virConf reader of jvirt:
 * driver-xen, driver-lxc and driver-esx read their files through it.
 */
@Export
@Version("1.0.0")
package io.jvirt.core.kit.conf;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
