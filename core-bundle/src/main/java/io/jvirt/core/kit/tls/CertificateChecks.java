package io.jvirt.core.kit.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * libvirt's checks of a certificate beyond chain validation (virnettlscontext.c's
 * CheckCertTimes, CheckCertBasicConstraints, CheckCertKeyPurpose), with its messages: run on this
 * end's own certificates when a context is built (libvirt's sanity check) and on the peer's
 * certificate after a handshake.
 */
final class CertificateChecks {

    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";

    private CertificateChecks() {
    }

    static void times(X509Certificate c, String file, String role) throws TlsSetupException {
        try {
            c.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new TlsSetupException("The " + role + " certificate " + file + " has expired");
        } catch (CertificateNotYetValidException e) {
            throw new TlsSetupException("The " + role + " certificate " + file + " is not yet active");
        }
    }

    /** A CA must say it is one; a server or client certificate must not. */
    static void basicConstraints(X509Certificate c, String file, boolean isServer, boolean isCa) throws TlsSetupException {
        boolean ca = c.getBasicConstraints() >= 0;
        if (isCa && !ca) {
            throw new TlsSetupException(c.getExtensionValue("2.5.29.19") == null
                ? "The certificate " + file + " is missing basic constraints for a CA"
                : "The certificate " + file + " basic constraints do not show a CA");
        }
        if (!isCa && ca) {
            throw new TlsSetupException("The certificate " + file + " basic constraints show a CA, but we need one for a "
                + (isServer ? "server" : "client"));
        }
    }

    /**
     * A critical key usage must allow what the certificate is for: signing certificates for a CA,
     * digital signature and key encipherment for a server or client; a non-critical one is advice.
     */
    static void keyUsage(X509Certificate c, String file, boolean isCa) throws TlsSetupException {
        boolean[] usage = c.getKeyUsage();
        Set<String> critical = c.getCriticalExtensionOIDs();
        if (usage == null || critical == null || !critical.contains("2.5.29.15")) {
            return;
        }
        if (isCa) {
            if (usage.length <= 5 || !usage[5]) {
                throw new TlsSetupException("Certificate " + file + " usage does not permit certificate signing");
            }
        } else if (!usage[0]) {
            throw new TlsSetupException("Certificate " + file + " usage does not permit digital signature");
        } else if (usage.length <= 2 || !usage[2]) {
            throw new TlsSetupException("Certificate " + file + " usage does not permit key encipherment");
        }
    }

    /** A critical extended key usage must allow the certificate's role; a non-critical one is advice (libvirt warns). */
    static void keyPurpose(X509Certificate c, String file, boolean isServer) throws TlsSetupException {
        List<String> purposes;
        try {
            purposes = c.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new TlsSetupException("Unable to query certificate " + file + " key purpose " + e.getMessage());
        }
        Set<String> critical = c.getCriticalExtensionOIDs();
        if (purposes == null || critical == null || !critical.contains(EXTENDED_KEY_USAGE)) {
            return;
        }
        if (!purposes.contains(isServer ? SERVER_AUTH : CLIENT_AUTH)) {
            throw new TlsSetupException("Certificate " + file + " purpose does not allow use for with a TLS "
                + (isServer ? "server" : "client"));
        }
    }

    /** This end's own certificate must verify against its CA file, or no peer would accept it. */
    static void chainVerifies(List<X509Certificate> chain, List<X509Certificate> cas, String file, String caFile)
            throws TlsSetupException {
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate ca : cas) {
                anchors.add(new TrustAnchor(ca, null));
            }
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), params);
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("Our own certificate " + file + " failed validation against " + caFile + ": "
                + "The certificate is not trusted. (" + e.getMessage() + ")");
        }
    }
}
