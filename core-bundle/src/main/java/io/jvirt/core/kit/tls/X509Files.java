package io.jvirt.core.kit.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The PEM files of one TLS end: the CA certificate(s) that sign the peer, this end's certificate
 * (its chain may follow it) and private key. The certificate and key are optional for a client, as
 * libvirt's (a client without them works only with a server that does not verify clients).
 *
 * @param caCert the CA certificate list the peer's certificate is checked against
 * @param cert   this end's certificate, or null
 * @param key    this end's private key, or null
 */
public record X509Files(Path caCert, Path cert, Path key) {

    public X509Files {
        Objects.requireNonNull(caCert, "caCert");
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("a certificate needs its key and a key its certificate");
        }
    }

    /**
     * libvirtd's default layout under a PKI root (libvirt's is {@code /etc/pki}):
     * {@code CA/cacert.pem}, {@code libvirt/servercert.pem}, {@code libvirt/private/serverkey.pem}.
     */
    public static X509Files libvirtServer(Path pkiRoot) {
        return new X509Files(pkiRoot.resolve("CA/cacert.pem"), pkiRoot.resolve("libvirt/servercert.pem"),
            pkiRoot.resolve("libvirt/private/serverkey.pem"));
    }

    /**
     * A client's {@code pkipath} directory as libvirt's remote driver reads it: {@code cacert.pem},
     * and {@code clientcert.pem} with {@code clientkey.pem} when both exist.
     */
    public static X509Files clientPkiPath(Path dir) {
        Path cert = dir.resolve("clientcert.pem");
        Path key = dir.resolve("clientkey.pem");
        boolean both = Files.exists(cert) && Files.exists(key);
        return new X509Files(dir.resolve("cacert.pem"), both ? cert : null, both ? key : null);
    }

    /** A client's default layout under a PKI root: {@code CA/cacert.pem}, {@code libvirt/clientcert.pem}, {@code libvirt/private/clientkey.pem}. */
    public static X509Files libvirtClient(Path pkiRoot) {
        Path cert = pkiRoot.resolve("libvirt/clientcert.pem");
        Path key = pkiRoot.resolve("libvirt/private/clientkey.pem");
        boolean both = Files.exists(cert) && Files.exists(key);
        return new X509Files(pkiRoot.resolve("CA/cacert.pem"), both ? cert : null, both ? key : null);
    }
}
