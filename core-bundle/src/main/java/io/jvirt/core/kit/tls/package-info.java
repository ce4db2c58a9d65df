/**
 * libvirt's x509 TLS set-up (its {@code virnettlscontext.c}) on the JDK's JSSE alone: PEM
 * certificates and private keys in libvirt's file layout ({@link io.jvirt.core.kit.tls.X509Files},
 * {@link io.jvirt.core.kit.tls.PemFiles}), the server's context that demands and checks client
 * certificates against a CA and an allowed-DN list ({@link io.jvirt.core.kit.tls.TlsServerContext},
 * {@link io.jvirt.core.kit.tls.AllowedDnList}, DNs in libvirt's string form,
 * {@link io.jvirt.core.kit.tls.LibvirtDn}), and the client's context that checks the server's
 * certificate and host name ({@link io.jvirt.core.kit.tls.TlsClientContext}). The CA's revocation
 * list ({@code cacrl.pem}) is honoured when it exists. A server on an event loop takes a
 * non-blocking {@link javax.net.ssl.SSLEngine} ({@link io.jvirt.core.kit.tls.TlsServerContext#newEngine})
 * and the same checks after its handshake ({@link io.jvirt.core.kit.tls.TlsServerContext#checkPeer}). TLS 1.2 and 1.3 only, narrowed by
 * {@link io.jvirt.core.kit.tls.TlsPriority}.
 */
@Export
@Version("1.2.0")
package io.jvirt.core.kit.tls;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
