package io.jvirt.core.kit.tls;

/**
 * Who a TLS peer is after the handshake and libvirt's checks, without its transport (a socket or
 * an engine on an event loop).
 *
 * @param dn       the peer certificate's subject in libvirt's form ({@link LibvirtDn}), or null when
 *                 the peer sent none (possible only when this end does not verify peers)
 * @param verified whether the peer's certificate was checked (false: {@code no_verify})
 * @since 1.2.0
 */
public record TlsIdentity(String dn, boolean verified) {

    /** For logs: {@code x509 DN 'C=GB,...,CN=client1'}, with "unverified" or "no certificate" when so. */
    public String describe() {
        if (dn == null) {
            return "no client certificate";
        }
        return "x509 DN '" + dn + "'" + (verified ? "" : " (unverified)");
    }
}
