/**
 * libvirt's VMX converter ({@code src/vmx/vmx.c}): VMware's {@code .vmx} configuration files to
 * domain XML and back, with libvirt's rules, defaults, checks and words, in the kit because every
 * driver of a VMware product uses it as libvirt's do: the ESX driver (over vSphere) and the VMware
 * Workstation/Player/Fusion driver ({@code vmrun}, the same files).
 *
 * <ul>
 * <li>{@link io.jvirt.core.kit.vmx.VmxParser} reads a file through the kit's {@code VirConf} in VMX format (text, or
 *     bytes in the character set its {@code .encoding} names) into a {@link io.jvirt.core.kit.vmx.Vmx};</li>
 * <li>{@link io.jvirt.core.kit.vmx.VmxToDomain} converts it ({@code virVMXParseConfig}),
 *     {@link io.jvirt.core.kit.vmx.DomainToVmx} writes one ({@code virVMXFormatConfig}) for a
 *     virtual hardware version;</li>
 * <li>{@link io.jvirt.core.kit.vmx.VmxContext} is what the converter asks its driver
 *     ({@code virVMXContext}): how the file's names map to the domain XML's. ESX answers with
 *     datastore paths; a Workstation driver with host paths;</li>
 * <li>{@link io.jvirt.core.kit.vmx.DomainToVmx#DEFAULTS} are the VMware drivers' parse defaults
 *     ({@code virVMXDomainXMLConfInit}).</li>
 * </ul>
 *
 * <p>Errors are libvirt's: {@code VirtException}s of no domain (INTERNAL_ERROR, CONFIG_UNSUPPORTED,
 * CONF_SYNTAX, ...) with its words.
 */
@Export
@Version("1.0.0")
package io.jvirt.core.kit.vmx;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
