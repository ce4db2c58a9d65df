package io.jvirt.core.kit.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** What the server and client contexts share: reading the files, JSSE's managers, TLS 1.2+ only. */
final class TlsContexts {

    /** libvirt's server sends this byte once the client passed its checks (virNetServerClientCheckAccess). */
    static final int CONFIRMATION = 1;
    private static final char[] IN_MEMORY = "jvirt".toCharArray();

    private TlsContexts() {
    }

    /** libvirt's words for a peer whose certificate its CA revoked (virNetTLSSessionCheckCertificate). */
    static final String REVOKED = "Certificate failed validation: The certificate has been revoked.";

    record Loaded(List<X509Certificate> cas, List<X509Certificate> chain, PrivateKey key, List<X509CRL> crls) {
    }

    /** Reads the files and runs libvirt's sanity checks on this end's own certificates. */
    static Loaded load(X509Files files, boolean isServer) throws IOException {
        String role = isServer ? "server" : "client";
        List<X509Certificate> cas = PemFiles.certificates(files.caCert(), "CA certificate");
        for (X509Certificate ca : cas) {
            CertificateChecks.times(ca, files.caCert().toString(), "CA");
            CertificateChecks.basicConstraints(ca, files.caCert().toString(), isServer, true);
            CertificateChecks.keyUsage(ca, files.caCert().toString(), true);
        }
        List<X509CRL> crls = files.crl() == null ? List.of() : PemFiles.crls(files.crl());
        if (files.cert() == null) {
            return new Loaded(cas, List.of(), null, crls);
        }
        List<X509Certificate> chain = PemFiles.certificates(files.cert(), role + " certificate");
        PrivateKey key = PemFiles.privateKey(files.key(), role + " private key");
        String certFile = files.cert().toString();
        CertificateChecks.times(chain.get(0), certFile, role);
        CertificateChecks.basicConstraints(chain.get(0), certFile, isServer, false);
        CertificateChecks.keyUsage(chain.get(0), certFile, false);
        CertificateChecks.keyPurpose(chain.get(0), certFile, isServer);
        CertificateChecks.chainVerifies(chain, cas, certFile, files.caCert().toString());
        if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())
                && !(key.getAlgorithm().equals("EC") && chain.get(0).getPublicKey().getAlgorithm().equals("EC"))) {
            throw new TlsSetupException("Unable to set x509 key and certificate: " + files.key() + ", " + certFile
                + ": the key is " + key.getAlgorithm() + ", the certificate's key " + chain.get(0).getPublicKey().getAlgorithm());
        }
        return new Loaded(cas, chain, key, crls);
    }

    static SSLContext context(Loaded l, boolean verifyPeer) throws IOException {
        return context(l, verifyPeer, false);
    }

    /** JSSE's switch for TLS 1.2 stateless session tickets on the server side, read when a context is made. */
    private static final String SERVER_TICKETS = "jdk.tls.server.enableSessionTicketExtension";

    /**
     * A server context never offers TLS 1.2 session tickets. libvirt's clients must not see TLS 1.3
     * tickets (see TlsServerContext), which jvirt stops with a session timeout beyond a ticket's
     * lifetime; JSSE's TLS 1.2 ticket producer then sends no NewSessionTicket either, although its
     * ServerHello has promised one, and GnuTLS fails the handshake ("An unexpected TLS packet was
     * received"). The switch is a system property that JSSE reads when a context is made, so it is
     * set around this one creation only (and left alone when the administrator has set it).
     */
    private static SSLContext serverContextWithoutTls12Tickets() throws GeneralSecurityException {
        synchronized (TlsContexts.class) {
            String before = System.getProperty(SERVER_TICKETS);
            if (before != null) {
                return SSLContext.getInstance("TLS");
            }
            System.setProperty(SERVER_TICKETS, "false");
            try {
                return SSLContext.getInstance("TLS");
            } finally {
                System.clearProperty(SERVER_TICKETS);
            }
        }
    }

    static SSLContext context(Loaded l, boolean verifyPeer, boolean server) throws IOException {
        try {
            KeyManager[] kms = null;
            if (l.key() != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("own", l.key(), IN_MEMORY, l.chain().toArray(new X509Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, IN_MEMORY);
                kms = kmf.getKeyManagers();
            }
            TrustManager[] tms;
            if (verifyPeer) {
                KeyStore ts = KeyStore.getInstance("PKCS12");
                ts.load(null, null);
                int i = 0;
                for (X509Certificate ca : l.cas()) {
                    ts.setCertificateEntry("ca" + i++, ca);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
                if (l.crls().isEmpty()) {
                    tmf.init(ts);
                } else {
                    tmf.init(withRevocationLists(ts, l.crls()));
                }
                tms = tmf.getTrustManagers();
            } else {
                tms = new TrustManager[] {new AcceptingTrustManager(l.cas())};
            }
            SSLContext ctx = server ? serverContextWithoutTls12Tickets() : SSLContext.getInstance("TLS");
            ctx.init(kms, tms, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("Unable to allocate x509 credentials: " + e.getMessage(), e);
        }
    }

    /**
     * PKIX with the CA's revocation lists as GnuTLS uses a CRL file: a certificate a list names is
     * refused; one that no list covers is not (soft fail), and nothing is fetched from the network
     * (no OCSP, no distribution points).
     */
    private static ManagerFactoryParameters withRevocationLists(KeyStore anchors, List<X509CRL> crls)
            throws GeneralSecurityException {
        PKIXBuilderParameters p = new PKIXBuilderParameters(anchors, new X509CertSelector());
        p.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
        PKIXRevocationChecker checker = (PKIXRevocationChecker) CertPathValidator.getInstance("PKIX").getRevocationChecker();
        checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK,
            PKIXRevocationChecker.Option.SOFT_FAIL));
        p.addCertPathChecker(checker);
        p.setRevocationEnabled(true);
        return new CertPathTrustManagerParameters(p);
    }

    /** Whether a handshake failed because the peer's certificate is on a revocation list. */
    static boolean revoked(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathValidatorException v && v.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                return true;
            }
        }
        return false;
    }

    /** {@code wanted} (from a priority string) as far as the socket supports them. */
    static String[] protocols(SSLSocket s, List<String> wanted) {
        return protocols(s.getSupportedProtocols(), wanted);
    }

    /** {@code wanted} (from a priority string) as far as {@code supported} has them. */
    static String[] protocols(String[] supported, List<String> wanted) {
        return wanted.stream().filter(p -> Arrays.asList(supported).contains(p)).toArray(String[]::new);
    }

    /** The peer's leaf certificate after the handshake, or null when it sent none. */
    static X509Certificate peerLeaf(SSLSocket s) {
        return peerLeaf(s.getSession());
    }

    /** The peer's leaf certificate of a completed session, or null when it sent none. */
    static X509Certificate peerLeaf(javax.net.ssl.SSLSession session) {
        try {
            var certs = session.getPeerCertificates();
            return certs.length > 0 && certs[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /**
     * Closes the TCP socket under a TLS one: JSSE's own close sends close_notify and then waits for
     * the peer's, which a refused or silent peer never sends.
     */
    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already failed; nothing more to tell
        }
    }

    /**
     * libvirt's no_verify: the peer's certificate is asked for and its DN logged, but whatever it
     * is (or none) the session goes on.
     */
    private static final class AcceptingTrustManager implements X509TrustManager {
        AcceptingTrustManager(List<X509Certificate> cas) {
            // the CAs are not named to the peer: a client picks its certificate among those the
            // server names, and one from another CA would then send none and its DN be unknown
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // no_verify: accepted unchecked on purpose
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // no_verify: accepted unchecked on purpose
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
