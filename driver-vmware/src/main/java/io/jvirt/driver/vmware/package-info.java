/**
 * libvirt's VMware desktop driver ({@code vmwareplayer:///session}, {@code vmwarews:///session},
 * {@code vmwarefusion:///session}, libvirt's src/vmware) through VMware's {@code vmrun}, on the
 * core's driver kit: definitions are .vmx files written and read by the kit's VMX converter
 * ({@code io.jvirt.core.kit.vmx}, the one the ESX driver uses), the list of defined VMs is kept in
 * jvirt's state directory. Private.
 */
package io.jvirt.driver.vmware;
