package io.jvirt.core.kit.tls;

import javax.net.ssl.SSLSocket;

/**
 * A TLS connection after its handshake and libvirt's checks of the peer.
 *
 * @param socket   the TLS socket (closing it closes the TCP socket under it)
 * @param dn       the peer certificate's subject in libvirt's form ({@link LibvirtDn}), or null when
 *                 the peer sent none (possible only when this end does not verify peers)
 * @param verified whether the peer's certificate was checked (false: {@code no_verify})
 */
public record TlsPeer(SSLSocket socket, String dn, boolean verified) {

    /** For logs: {@code x509 DN 'C=GB,...,CN=client1'}, with "unverified" or "no certificate" when so. */
    public String describe() {
        return new TlsIdentity(dn, verified).describe();
    }
}
