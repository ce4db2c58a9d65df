/**
 * libvirt's bridge network driver on Linux: dnsmasq's configuration exact to libvirt's
 * ({@link io.jvirt.driver.network.DnsmasqConfig}). Private.
 */
package io.jvirt.driver.network;
