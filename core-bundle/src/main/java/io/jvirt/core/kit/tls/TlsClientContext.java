package io.jvirt.core.kit.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The client's TLS end, as libvirt's remote driver builds it (virNetTLSContextNewClient): the CA
 * file the server's certificate is checked against, the client's own certificate and key when
 * there are any; the server's certificate validated (chain, times, TLS-server purpose), not a CA,
 * and issued for the host name the client dialled (a DNS name or an IP address in its subject
 * alternative names). With {@code verifyServer} false (the URI's {@code no_verify=1}) nothing of
 * the server's certificate is checked. The handshake ends with libvirt's confirmation byte from
 * the server (it checked our certificate); without it the server refused us.
 */
public final class TlsClientContext {

    private final SSLContext context;
    private final boolean verifyServer;
    private final List<String> protocols;

    private TlsClientContext(SSLContext context, boolean verifyServer, List<String> protocols) {
        this.context = context;
        this.verifyServer = verifyServer;
        this.protocols = protocols;
    }

    public static TlsClientContext create(X509Files files, boolean verifyServer) throws IOException {
        return create(files, verifyServer, TlsPriority.DEFAULT);
    }

    /**
     * As {@link #create(X509Files, boolean)}, offering the protocol versions a {@code tls_priority}
     * string leaves ({@link TlsPriority}; libvirt's remote driver takes it from the URI).
     *
     * @since 1.1.0
     */
    public static TlsClientContext create(X509Files files, boolean verifyServer, String priority) throws IOException {
        List<String> protocols = TlsPriority.protocols(priority);
        return new TlsClientContext(TlsContexts.context(TlsContexts.load(files, false), verifyServer), verifyServer, protocols);
    }

    /**
     * Runs the client half of the handshake on a connected TCP socket to {@code host}. The caller
     * bounds the time (a socket timeout or closing {@code raw}). On failure the socket is closed.
     */
    public TlsPeer handshake(Socket raw, String host) throws IOException {
        SSLSocket s = null;
        try {
            s = (SSLSocket) context.getSocketFactory().createSocket(raw, host, raw.getPort(), true);
            s.setUseClientMode(true);
            s.setEnabledProtocols(TlsContexts.protocols(s, protocols));
            if (verifyServer) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
            }
            s.startHandshake();
            X509Certificate leaf = TlsContexts.peerLeaf(s);
            String dn = leaf == null ? null : LibvirtDn.of(leaf.getSubjectX500Principal());
            if (verifyServer) {
                CertificateChecks.basicConstraints(leaf, "[session]", true, false);
                CertificateChecks.keyUsage(leaf, "[session]", false);
            }
            // libvirt's server checks our certificate now and says yes with one '\1' byte
            int confirmation;
            try {
                confirmation = s.getInputStream().read();
            } catch (IOException e) {
                confirmation = -1;
            }
            if (confirmation != TlsContexts.CONFIRMATION) {
                throw new TlsSetupException("server verification (of our certificate or IP address) failed");
            }
            return new TlsPeer(s, dn, verifyServer);
        } catch (TlsSetupException e) {
            TlsContexts.closeQuietly(raw);
            throw e;
        } catch (SSLException e) {
            TlsContexts.closeQuietly(raw);
            if (TlsContexts.revoked(e)) {
                throw new TlsSetupException(TlsContexts.REVOKED, e);
            }
            if (hostnameMismatch(e)) {
                throw new TlsSetupException("Certificate [session] owner does not match the hostname " + host, e);
            }
            if (unknownIssuer(e)) {
                // virNetTLSContextValidCertificate's wording for GNUTLS_CERT_SIGNER_NOT_FOUND
                throw new TlsSetupException("Certificate failed validation: The certificate hasn't got a known issuer.", e);
            }
            throw new TlsSetupException("TLS handshake failed: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            TlsContexts.closeQuietly(raw);
            throw e;
        }
    }

    private static boolean hostnameMismatch(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException && t.getMessage() != null
                    && (t.getMessage().startsWith("No subject alternative") || t.getMessage().startsWith("No name matching"))) {
                return true;
            }
        }
        return false;
    }

    /** JSSE's PKIX found no path from the server's certificate to a CA in our list. */
    private static boolean unknownIssuer(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertPathBuilderException) {
                return true;
            }
        }
        return false;
    }

    public boolean verifiesServer() {
        return verifyServer;
    }
}
