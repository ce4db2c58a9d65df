/**
 * libvirt's Hyper-V driver: Microsoft Hyper-V over WS-Management (WinRM) and the v2 WMI classes
 * ({@code root/virtualization/v2}), on the core's remote driver kit ({@code io.jvirt.core.kit.remote}).
 * Stateless: the host holds every domain. Private.
 */
package io.jvirt.driver.hyperv;
