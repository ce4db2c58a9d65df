/**
 * libvirt's ESX driver: VMware ESX, GSX and vCenter over the vSphere Web Services API (SOAP), with
 * the VMX converter. Stateless: the hypervisor holds every domain. Private.
 */
package io.jvirt.driver.esx;
