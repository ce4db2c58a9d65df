/**
 * libvirt's LXC driver ({@code lxc:///}): containers run from domain XML with Linux namespaces,
 * a pivoted root filesystem and cgroups, launched through util-linux. Private.
 */
package io.jvirt.driver.lxc;
