package io.jvirt.core.kit.tls;

import java.io.IOException;

/**
 * A TLS context could not be built (a file unreadable, a key of an unknown kind, a certificate
 * libvirt's sanity checks refuse), or a peer was refused after its handshake; the message is
 * libvirt's wording where libvirt has one.
 */
public class TlsSetupException extends IOException {

    private static final long serialVersionUID = 1L;

    public TlsSetupException(String message) {
        super(message);
    }

    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
