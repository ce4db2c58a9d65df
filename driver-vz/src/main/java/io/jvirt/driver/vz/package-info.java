/**
 * libvirt's Virtuozzo driver ({@code vz:///system}, {@code parallels:///system}) through Virtuozzo's
 * command-line tools {@code prlctl} and {@code prlsrvctl} (the route of libvirt's older parallels
 * driver; libvirt's vz driver uses the Parallels SDK), on the core's driver kit. Stateless:
 * Virtuozzo holds every definition; jvirt keeps nothing on disk for it. Private.
 */
package io.jvirt.driver.vz;
