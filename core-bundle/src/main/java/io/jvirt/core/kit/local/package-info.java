/**
 * The local driver kit: what a driver whose hypervisor runs on this host (QEMU, LXC, and the
 * in-memory test driver) shares, so that each is only its hypervisor's part. A driver host extends
 * {@link io.jvirt.core.kit.local.LocalDomainHost} (lifecycle, definitions, start and stop commits),
 * its connections extend {@link io.jvirt.core.kit.local.LocalDriverConnection}; a run of a process
 * is a {@link io.jvirt.core.kit.local.ProcessRun} kept in a {@link io.jvirt.core.kit.local.RunSlot};
 * the host itself is read through {@link io.jvirt.core.kit.local.HostProcFs} (processes),
 * {@link io.jvirt.core.kit.local.HostPrograms} (where programs are) and
 * {@link io.jvirt.core.kit.local.NodeFacts} (node info, host name). Short host commands go through
 * {@link io.jvirt.core.kit.HostCommand}.
 */
@Export
@Version("1.5.0")
package io.jvirt.core.kit.local;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
