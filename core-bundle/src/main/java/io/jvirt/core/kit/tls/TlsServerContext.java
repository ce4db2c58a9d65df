package io.jvirt.core.kit.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * libvirtd's TLS end (virNetTLSContextNewServer): this server's certificate and key, checked at
 * build time against the CA file as libvirt's sanity check does; a client certificate demanded,
 * validated against the CA (chain, times, purpose), then checked as libvirt checks it after the
 * handshake: not a CA, its DN on the allowed list. With {@code verifyClients} false (libvirt's
 * {@code tls_no_verify_certificate = 1}) the certificate is asked for and its DN logged but not
 * checked, and a client without one is let in. A client that passes is told so by libvirt's
 * confirmation byte ({@code '\1'}) before the RPC protocol starts.
 */
public final class TlsServerContext {

    /** Above RFC 8446's 604,800 s ticket lifetime limit: JSSE then issues no NewSessionTicket. */
    static final int NO_TICKETS_TIMEOUT = 604_800 + 1;

    /**
     * libvirt's byte that tells a client it passed the checks after the handshake.
     *
     * @since 1.2.0
     */
    public static final byte CONFIRMATION = (byte) TlsContexts.CONFIRMATION;

    private final SSLContext context;
    private final boolean verifyClients;
    private final AllowedDnList allowed;
    private final List<String> protocols;

    private TlsServerContext(SSLContext context, boolean verifyClients, AllowedDnList allowed, List<String> protocols) {
        this.context = context;
        this.verifyClients = verifyClients;
        this.allowed = allowed;
        this.protocols = protocols;
    }

    /** Reads and checks the files; fails with libvirt's wording when one is missing or unfit. */
    public static TlsServerContext create(X509Files files, boolean verifyClients, AllowedDnList allowed) throws IOException {
        return create(files, verifyClients, allowed, TlsPriority.DEFAULT);
    }

    /**
     * As {@link #create(X509Files, boolean, AllowedDnList)}, offering the protocol versions
     * libvirt's {@code tls_priority} string leaves ({@link TlsPriority}).
     *
     * @since 1.1.0
     */
    public static TlsServerContext create(X509Files files, boolean verifyClients, AllowedDnList allowed, String priority)
            throws IOException {
        Objects.requireNonNull(allowed, "allowed");
        List<String> protocols = TlsPriority.protocols(priority);
        if (files.cert() == null) {
            throw new TlsSetupException("a TLS server needs its certificate and key");
        }
        TlsContexts.Loaded l = TlsContexts.load(files, true);
        SSLContext ctx = TlsContexts.context(l, verifyClients, true);
        // No TLS 1.3 session tickets, as libvirtd (GnuTLS sends them only when the application
        // enables them, libvirt does not): libvirt's client wakes on the first record after its
        // handshake and wants the confirmation byte in it; a ticket there makes it fail with
        // "Unable to read TLS confirmation: Resource temporarily unavailable". JSSE sends no ticket
        // when the session timeout exceeds a ticket's 7-day maximum lifetime.
        ctx.getServerSessionContext().setSessionTimeout(NO_TICKETS_TIMEOUT);
        ctx.getServerSessionContext().setSessionCacheSize(1000);
        return new TlsServerContext(ctx, verifyClients, allowed, protocols);
    }

    public boolean verifiesClients() {
        return verifyClients;
    }

    /**
     * Runs the server half of the handshake on an accepted TCP socket and checks the client. The
     * caller bounds the time (closing {@code raw} ends a handshake in progress). On failure the
     * socket is closed and the exception says why, in libvirt's words where it has them.
     */
    public TlsPeer handshake(Socket raw) throws IOException {
        SSLSocket s = null;
        try {
            s = (SSLSocket) context.getSocketFactory().createSocket(raw, null, true);
            s.setUseClientMode(false);
            s.setEnabledProtocols(TlsContexts.protocols(s.getSupportedProtocols(), protocols));
            if (verifyClients) {
                s.setNeedClientAuth(true);
            } else {
                s.setWantClientAuth(true);
            }
            s.startHandshake();
            TlsIdentity peer = checkPeer(s.getSession());
            // libvirt's RPC over TLS: the client learns that it passed by one '\1' byte (a refused
            // client sees the connection closed instead), before any RPC message
            s.getOutputStream().write(TlsContexts.CONFIRMATION);
            s.getOutputStream().flush();
            return new TlsPeer(s, peer.dn(), peer.verified());
        } catch (TlsSetupException e) {
            TlsContexts.closeQuietly(raw);
            throw e;
        } catch (SSLException e) {
            TlsContexts.closeQuietly(raw);
            throw handshakeFailure(e);
        } catch (IOException | RuntimeException e) {
            TlsContexts.closeQuietly(raw);
            throw e;
        }
    }

    /**
     * A server engine for a non-blocking transport, set up as {@link #handshake(Socket)} sets up its
     * socket (protocols, client certificate demanded or asked for). The caller drives the
     * handshake, bounds its time, then calls {@link #checkPeer} and sends
     * {@link #CONFIRMATION} before any RPC message.
     *
     * @since 1.2.0
     */
    public SSLEngine newEngine() {
        SSLEngine e = context.createSSLEngine();
        e.setUseClientMode(false);
        e.setEnabledProtocols(TlsContexts.protocols(e.getSupportedProtocols(), protocols));
        if (verifyClients) {
            e.setNeedClientAuth(true);
        } else {
            e.setWantClientAuth(true);
        }
        return e;
    }

    /**
     * libvirt's checks of the client after a completed handshake (virNetTLSSessionCheckCertificate):
     * its certificate, not a CA, its DN on the allowed list; nothing checked without verification.
     *
     * @throws TlsSetupException in libvirt's words when the client is refused
     * @since 1.2.0
     */
    public TlsIdentity checkPeer(SSLSession session) throws TlsSetupException {
        X509Certificate leaf = TlsContexts.peerLeaf(session);
        String dn = leaf == null ? null : LibvirtDn.of(leaf.getSubjectX500Principal());
        if (verifyClients) {
            check(leaf, dn);
        }
        return new TlsIdentity(dn, verifyClients);
    }

    /**
     * A failed handshake in libvirt's words: a revoked certificate as GnuTLS says it, anything else
     * as "TLS handshake failed: ...".
     *
     * @since 1.2.0
     */
    public static TlsSetupException handshakeFailure(SSLException e) {
        if (TlsContexts.revoked(e)) {
            return new TlsSetupException(TlsContexts.REVOKED, e);
        }
        return new TlsSetupException("TLS handshake failed: " + e.getMessage(), e);
    }

    /** libvirt's checks after a handshake that JSSE's validation (chain, times, purpose) does not do. */
    private void check(X509Certificate leaf, String dn) throws TlsSetupException {
        try {
            if (leaf == null) {
                throw new TlsSetupException("The certificate has no peers");
            }
            if (!allowed.allows(dn)) {
                throw new TlsSetupException(AllowedDnList.NOT_ALLOWED);
            }
            CertificateChecks.basicConstraints(leaf, "[session]", false, false);
            CertificateChecks.keyUsage(leaf, "[session]", false);
            CertificateChecks.keyPurpose(leaf, "[session]", false);
        } catch (TlsSetupException e) {
            throw new TlsSetupException("Failed to verify peer's certificate: " + e.getMessage()
                + (dn == null ? "" : " (client DN '" + dn + "')"), e);
        }
    }
}
