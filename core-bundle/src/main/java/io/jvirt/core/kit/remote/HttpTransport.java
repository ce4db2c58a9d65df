package io.jvirt.core.kit.remote;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * One connection's HTTP exchanges with its server: every exchange bounded in time and size by
 * {@link BoundedHttp} (the deadline covers the whole answer, the answer is capped), every failure
 * a {@link VirtException} of the driver's error domain with the server's address in it, and the
 * session cookie, when the protocol has one, sent and remembered. Thread-safe: calls of one
 * connection may overlap.
 *
 * <table>
 * <caption>Failures</caption>
 * <tr><th>what</th><th>code</th><th>message</th></tr>
 * <tr><td>no TCP/TLS connect within the client's connect timeout</td><td>OPERATION_TIMEOUT</td>
 *     <td>could not connect to 'URL' within N ms</td></tr>
 * <tr><td>no complete answer within the request timeout</td><td>OPERATION_TIMEOUT</td>
 *     <td>no complete answer to WHAT from 'URL' within N ms</td></tr>
 * <tr><td>an answer larger than the cap</td><td>OPERATION_FAILED</td>
 *     <td>answer to WHAT from 'URL' is larger than N bytes (SETTING)</td></tr>
 * <tr><td>certificate not trusted</td><td>OPERATION_FAILED</td>
 *     <td>TLS handshake with 'URL' failed: ... (the server certificate could not be verified;
 *     no_verify=1 skips the check)</td></tr>
 * <tr><td>connection refused</td><td>OPERATION_FAILED</td><td>Could not connect to 'URL': ...</td></tr>
 * <tr><td>unknown host</td><td>UNKNOWN_HOST</td><td>the host</td></tr>
 * <tr><td>interrupted</td><td>OPERATION_ABORTED</td><td>interrupted during call to WHAT</td></tr>
 * </table>
 *
 * @since 1.1.0
 */
public final class HttpTransport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

    private final HttpClient http;
    private final URI url;
    private final Duration requestTimeout;
    private final long maxResponseBytes;
    private final String maxResponseSetting;
    private final boolean noVerify;
    private final ErrorDomain domain;
    private final String sessionCookie;
    private volatile String cookie;
    private volatile Map<String, String> headers = Map.of();

    /**
     * @param http               the client ({@link RemoteHttpClients#get}): verifying unless {@code noVerify}
     * @param url                the server's endpoint ("https://host:443/sdk")
     * @param requestTimeout     the deadline of each whole exchange, body included
     * @param maxResponseBytes   the largest answer kept
     * @param maxResponseSetting names the setting of that cap in messages ("response.max.bytes of io.jvirt.driver.esx")
     * @param noVerify           whether {@code http} checks no certificate (for the handshake message)
     * @param domain             the driver's error domain
     * @param sessionCookie      the name of the cookie that carries the server's session
     *                           ("vmware_soap_session"), or null when the protocol has none
     */
    public HttpTransport(HttpClient http, URI url, Duration requestTimeout, long maxResponseBytes,
                         String maxResponseSetting, boolean noVerify, ErrorDomain domain, String sessionCookie) {
        this.http = http;
        this.url = url;
        this.requestTimeout = requestTimeout;
        this.maxResponseBytes = maxResponseBytes;
        this.maxResponseSetting = maxResponseSetting;
        this.noVerify = noVerify;
        this.domain = domain;
        this.sessionCookie = sessionCookie;
    }

    public URI url() {
        return url;
    }

    public ErrorDomain domain() {
        return domain;
    }

    /**
     * Sends {@code name: value} with every request from now on, e.g. the {@code Authorization}
     * header of a protocol that authenticates each request (WS-Management's Basic authentication)
     * instead of keeping a session; null removes it. Never logged.
     *
     * @since 1.2.0
     */
    public synchronized void header(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(headers);
        if (value == null) {
            m.remove(name);
        } else {
            m.put(name, value);
        }
        headers = Map.copyOf(m);
    }

    /** A request to {@code target} with the request timeout, the fixed headers and, once there is one, the session cookie. */
    public HttpRequest.Builder request(URI target) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(target).timeout(requestTimeout);
        headers.forEach(rb::header);
        String c = cookie;
        if (c != null) {
            rb.header("Cookie", c);
        }
        return rb;
    }

    /** Forgets the session cookie (after a logout, or when the server dropped the session). */
    public void clearSession() {
        cookie = null;
    }

    /** {@link #exchange(String, HttpRequest, long)} with the connection's answer cap. */
    public BoundedHttp.Response exchange(String what, HttpRequest request) {
        return exchange(what, request, maxResponseBytes);
    }

    /**
     * Sends {@code request} and returns the whole answer, whatever its status.
     *
     * @param what     names the exchange in failures ("'RetrieveProperties'", "download of 'x.vmx'")
     * @param maxBytes the largest answer kept (below the connection's cap for small files)
     */
    public BoundedHttp.Response exchange(String what, HttpRequest request, long maxBytes) {
        return exchange(what, request, maxBytes, false);
    }

    /**
     * {@link #exchange(String, HttpRequest)} for a request that changes nothing on the server (a
     * read): when the exchange fails at the transport before a whole answer came (the server
     * closed a kept-alive connection just as the request went out on it, a reset), the request is
     * sent once more, on another connection. That is what curl, libvirt's HTTP client, does for a
     * connection that died before answering; the JDK's client does it for GET and HEAD only, so a
     * SOAP read (a POST) would fail on a race that is nobody's error. A request that may change
     * something is never repeated ({@link #exchange(String, HttpRequest)}): it could be done twice.
     * Timeouts, refused connections, TLS failures and answers over the cap are not repeated either.
     *
     * @since 1.7.0
     */
    public BoundedHttp.Response exchangeRepeatable(String what, HttpRequest request) {
        return exchange(what, request, maxResponseBytes, true);
    }

    private BoundedHttp.Response exchange(String what, HttpRequest request, long maxBytes, boolean repeatable) {
        URI to = request.uri();
        BoundedHttp.Response resp;
        try {
            resp = sendOnceMore(request, maxBytes, repeatable);
        } catch (HttpConnectTimeoutException e) {
            throw fail(ErrorCode.OPERATION_TIMEOUT, "could not connect to '" + to + "' within "
                + http.connectTimeout().map(Duration::toMillis).orElse(0L) + " ms", e);
        } catch (HttpTimeoutException e) {
            throw fail(ErrorCode.OPERATION_TIMEOUT, "no complete answer to " + what + " from '" + to + "' within "
                + requestTimeout.toMillis() + " ms", e);
        } catch (BoundedHttp.ResponseTooLargeException e) {
            throw fail(ErrorCode.OPERATION_FAILED, "answer to " + what + " from '" + to + "' is larger than "
                + e.limit() + " bytes"
                + (maxBytes == maxResponseBytes && maxResponseSetting != null ? " (" + maxResponseSetting + ")" : ""), e);
        } catch (SSLHandshakeException e) {
            throw fail(ErrorCode.OPERATION_FAILED, "TLS handshake with '" + to + "' failed: " + e.getMessage()
                + (noVerify ? "" : " (the server certificate could not be verified; no_verify=1 skips the check)"), e);
        } catch (SSLException e) {
            throw fail(ErrorCode.OPERATION_FAILED, "TLS error talking to '" + to + "': " + e.getMessage(), e);
        } catch (ConnectException e) {
            throw fail(ErrorCode.OPERATION_FAILED, "Could not connect to '" + to + "': "
                + (e.getMessage() == null ? "connection refused" : e.getMessage()), e);
        } catch (UnknownHostException e) {
            throw fail(ErrorCode.UNKNOWN_HOST, to.getHost(), e);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof SSLException s ? s : e;
            throw fail(ErrorCode.OPERATION_FAILED, "Call to " + what + " on '" + to + "' failed: " + cause, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(ErrorCode.OPERATION_ABORTED, "interrupted during call to " + what, e);
        }
        if (sessionCookie != null) {
            remember(resp.headers().allValues("Set-Cookie"));
        }
        return resp;
    }

    /** Sends {@code request}, and when {@code repeatable} once more after a failure of the connection itself. */
    private BoundedHttp.Response sendOnceMore(HttpRequest request, long maxBytes, boolean repeatable)
        throws IOException, InterruptedException {
        try {
            return BoundedHttp.send(http, request, maxBytes, requestTimeout);
        } catch (IOException e) {
            if (!repeatable || !brokenConnection(e)) {
                throw e;
            }
            LOG.debug("repeating a read to {} on another connection after: {}", request.uri(), e.toString());
            return BoundedHttp.send(http, request, maxBytes, requestTimeout);
        }
    }

    /** A failure of the connection (closed without an answer, reset), not one of the kinds the caller is told about as such. */
    private static boolean brokenConnection(IOException e) {
        return !(e instanceof HttpTimeoutException || e instanceof BoundedHttp.ResponseTooLargeException
            || e instanceof SSLException || e instanceof ConnectException || e instanceof UnknownHostException
            || e.getCause() instanceof SSLException);
    }

    private void remember(List<String> setCookies) {
        for (String sc : setCookies) {
            String pair = sc.split(";", 2)[0].strip();
            if (pair.startsWith(sessionCookie + "=")) {
                cookie = pair;
            }
        }
    }

    /** A failure of this connection, in the driver's error domain. */
    public VirtException fail(ErrorCode code, String message, Throwable cause) {
        return new VirtException(code, domain, message, cause);
    }
}
