package io.jvirt.core.kit.remote;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A remote driver's two HTTP clients, shared by its connections (each {@link HttpClient} has a
 * selector thread, so one per connection would cost a thread each): one that checks certificates
 * and host names (the default), and one for the connections whose URI says {@code no_verify=1}
 * and whose server the administrator allowed it ({@link RemoteAccessPolicy#checkTransport}).
 * The relaxation belongs to that client alone: nothing JVM-wide (default SSL context, host name
 * verifier, system property) is touched, so every other connection, of this driver or another,
 * keeps verifying. HTTP/1.1, the driver's connect timeout, no redirects (a redirect could carry a
 * request with its session cookie to another server). Sessions are per connection
 * ({@link HttpTransport} carries its own cookie), so sharing a client shares no session.
 *
 * @since 1.1.0
 */
public final class RemoteHttpClients {

    private final Duration connectTimeout;
    private HttpClient verifying;
    private HttpClient trusting;

    public RemoteHttpClients(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** The client for a connection: the verifying one, or with {@code noVerify} the one that checks nothing. */
    public synchronized HttpClient get(boolean noVerify) {
        if (noVerify) {
            if (trusting == null) {
                trusting = base().sslContext(trustAll()).build();
            }
            return trusting;
        }
        if (verifying == null) {
            verifying = base().build();
        }
        return verifying;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    private HttpClient.Builder base() {
        return HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    }

    /**
     * Accepts any certificate and host name. An X509ExtendedTrustManager is what makes this per
     * client: the JDK then leaves endpoint identification to it instead of checking the host name
     * itself, so no JVM-wide switch is needed.
     */
    private static SSLContext trustAll() {
        TrustManager tm = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {tm}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS context", e);
        }
    }
}
