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
 * @param crl    the CA's revocation list (libvirt's {@code cacrl.pem}), or null: no certificate is
 *               then taken for revoked (since 1.1.0)
 */
public record X509Files(Path caCert, Path cert, Path key, Path crl) {

    public X509Files {
        Objects.requireNonNull(caCert, "caCert");
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("a certificate needs its key and a key its certificate");
        }
    }

    /** Without a revocation list. */
    public X509Files(Path caCert, Path cert, Path key) {
        this(caCert, cert, key, null);
    }

    /** These files with {@code crl} as the revocation list (null: none). */
    public X509Files withCrl(Path crl) {
        return new X509Files(caCert, cert, key, crl);
    }

    /** libvirt reads a revocation list only when its file exists (virNetTLSContextLocateCredentials). */
    private static Path ifExists(Path crl) {
        return Files.exists(crl) ? crl : null;
    }

    /**
     * libvirtd's default layout under a PKI root (libvirt's is {@code /etc/pki}):
     * {@code CA/cacert.pem}, {@code libvirt/servercert.pem}, {@code libvirt/private/serverkey.pem},
     * and {@code CA/cacrl.pem} when it exists.
     */
    public static X509Files libvirtServer(Path pkiRoot) {
        return new X509Files(pkiRoot.resolve("CA/cacert.pem"), pkiRoot.resolve("libvirt/servercert.pem"),
            pkiRoot.resolve("libvirt/private/serverkey.pem"), ifExists(pkiRoot.resolve("CA/cacrl.pem")));
    }

    /**
     * A client's {@code pkipath} directory as libvirt's remote driver reads it: {@code cacert.pem},
     * and {@code clientcert.pem} with {@code clientkey.pem} when both exist, {@code cacrl.pem} when it exists.
     */
    public static X509Files clientPkiPath(Path dir) {
        Path cert = dir.resolve("clientcert.pem");
        Path key = dir.resolve("clientkey.pem");
        boolean both = Files.exists(cert) && Files.exists(key);
        return new X509Files(dir.resolve("cacert.pem"), both ? cert : null, both ? key : null, ifExists(dir.resolve("cacrl.pem")));
    }

    /**
     * A client's default layout under a PKI root: {@code CA/cacert.pem}, {@code libvirt/clientcert.pem},
     * {@code libvirt/private/clientkey.pem}, {@code CA/cacrl.pem} when it exists.
     */
    public static X509Files libvirtClient(Path pkiRoot) {
        Path cert = pkiRoot.resolve("libvirt/clientcert.pem");
        Path key = pkiRoot.resolve("libvirt/private/clientkey.pem");
        boolean both = Files.exists(cert) && Files.exists(key);
        return new X509Files(pkiRoot.resolve("CA/cacert.pem"), both ? cert : null, both ? key : null,
            ifExists(pkiRoot.resolve("CA/cacrl.pem")));
    }
}
