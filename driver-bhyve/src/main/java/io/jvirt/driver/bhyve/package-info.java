/**
 * libvirt's bhyve driver: the {@code bhyve} and loader ({@code bhyveload}, {@code grub-bhyve})
 * command lines as libvirt's src/bhyve builds them, the bhyve-argv native format in both
 * directions, and the process driver that runs them. Private.
 */
package io.jvirt.driver.bhyve;
