/**
 * libvirt's virtual network definition ({@link io.jvirt.api.network.NetworkDef}), read from and
 * written to libvirt's network XML by {@link io.jvirt.api.network.NetworkXml} with the rules of
 * libvirt's src/conf/network_conf.c (virNetworkDefParseXML, virNetworkDefFormatBuf): forward modes
 * with their NAT ranges and device pools, bridge, MAC, MTU, domain, DNS, IPv4/IPv6 addresses with
 * DHCP ranges, hosts and lease times, static routes, port groups, VLAN tags, metadata and
 * dnsmasq's own options. Addresses are kept in libvirt's canonical text
 * ({@link io.jvirt.api.domain.IpAddressText}).
 */
@Export
@Version("0.2.0")
package io.jvirt.api.network;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
