package io.jvirt.driver.esx;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The driver's two HTTP clients, shared by its connections (each {@link HttpClient} has a selector
 * thread, so one per connection would cost a thread each): one that checks certificates and host
 * names (the default) and one for {@code no_verify=1} connections. Cookies are per connection
 * ({@link VimClient} carries its own), so sharing a client shares no session.
 */
final class HttpClients {

    private final Duration connectTimeout;
    private HttpClient verifying;
    private HttpClient trusting;

    HttpClients(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    synchronized HttpClient get(boolean noVerify) {
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

    private HttpClient.Builder base() {
        return HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    }

    /**
     * Accepts any certificate and host name. An X509ExtendedTrustManager is what makes this per
     * client: the JDK then leaves endpoint identification to it instead of checking the host name
     * itself, so no JVM-wide switch is touched.
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
        } catch (Exception e) {
            throw new IllegalStateException("no TLS context", e);
        }
    }
}
