/**
 * libvirt's remote driver: a client of libvirt's RPC protocol (the core's io.jvirt.core.kit.rpc)
 * for libvirtd hosts and jvirt servers. Internal.
 */
package io.jvirt.driver.remote;
