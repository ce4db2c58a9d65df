/**
 * The driver kit's virtual networks: libvirt's network object semantics
 * ({@link io.jvirt.core.kit.net.NetworkHost}) over a driver's {@link io.jvirt.core.kit.net.NetworkBackend}
 * (what starting a network does on the host, where definitions are kept), and the network half of
 * a driver connection ({@link io.jvirt.core.kit.net.NetworkHostConnection}).
 */
@Export
@Version("1.4.0")
package io.jvirt.core.kit.net;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
