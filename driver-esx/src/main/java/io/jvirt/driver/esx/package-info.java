/**
 * libvirt's ESX driver: VMware ESX, GSX and vCenter over the vSphere Web Services API (SOAP), on
 * the core's remote driver kit ({@code io.jvirt.core.kit.remote}); the VMX converter is its own,
 * exported package ({@code io.jvirt.core.kit.vmx}). Stateless: the hypervisor holds every
 * domain. Private.
 */
package io.jvirt.driver.esx;
