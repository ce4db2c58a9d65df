package io.jvirt.driver.esx;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.BoundedHttp;

/**
 * The SOAP transport of one connection: POSTs envelopes to {@code /sdk}, carries the session cookie
 * and turns every failure into a {@link VirtException} (a SOAP fault, an HTTP error, an answer that
 * is not SOAP, a refused or timed-out connection, a failed TLS handshake, an answer too large).
 * Every exchange is bounded by the core's {@link BoundedHttp}: its deadline covers the whole
 * answer (a server trickling a byte a second fails at the deadline) and the answer is size-capped
 * (a server streaming gigabytes is cut off), so no call hangs on or is swamped by a hostile server.
 * Thread-safe: calls of one connection may overlap.
 */
final class VimClient {

    private static final Logger LOG = LoggerFactory.getLogger(VimClient.class);
    private static final String COOKIE = "vmware_soap_session";

    /** A .vmx file is a few KiB; libvirt's ESX driver, too, downloads only small files. */
    static final long MAX_DOWNLOAD_BYTES = 1L << 20;

    private final HttpClient http;
    private final URI url;
    private final Duration requestTimeout;
    private final long maxResponseBytes;
    private final boolean noVerify;
    private volatile String cookie;
    private volatile String soapAction = "urn:vim25";

    /**
     * @param requestTimeout   the deadline of each whole exchange, body included
     * @param maxResponseBytes the largest SOAP answer kept
     */
    VimClient(HttpClient http, URI url, Duration requestTimeout, long maxResponseBytes, boolean noVerify) {
        this.http = http;
        this.url = url;
        this.requestTimeout = requestTimeout;
        this.maxResponseBytes = maxResponseBytes;
        this.noVerify = noVerify;
    }

    URI url() {
        return url;
    }

    /** Uses the server's API version in SOAPAction once it is known ("urn:vim25/6.5"). */
    void apiVersion(String version) {
        if (version != null && !version.isEmpty()) {
            soapAction = "urn:vim25/" + version;
        }
    }

    void clearSession() {
        cookie = null;
    }

    /** Sends {@code call} and returns its response element ({@code <MethodResponse>}). */
    Element invoke(SoapWriter call) {
        String method = call.method();
        HttpRequest.Builder rb = HttpRequest.newBuilder(url)
            .timeout(requestTimeout)
            .header("Content-Type", "text/xml; charset=utf-8")
            .header("SOAPAction", "\"" + soapAction + "\"")
            .POST(HttpRequest.BodyPublishers.ofString(call.finish(), StandardCharsets.UTF_8));
        String c = cookie;
        if (c != null) {
            rb.header("Cookie", c);
        }
        // never the body: Login carries the password
        LOG.debug("vSphere call {} to {}", method, url);
        BoundedHttp.Response resp;
        try {
            resp = BoundedHttp.send(http, rb.build(), maxResponseBytes, requestTimeout);
        } catch (HttpConnectTimeoutException e) {
            throw fail(ErrorCode.OPERATION_TIMEOUT, "could not connect to '" + url + "' within "
                + http.connectTimeout().map(Duration::toMillis).orElse(0L) + " ms", e);
        } catch (HttpTimeoutException e) {
            throw fail(ErrorCode.OPERATION_TIMEOUT, "no complete answer to '" + method + "' from '" + url + "' within "
                + requestTimeout.toMillis() + " ms", e);
        } catch (BoundedHttp.ResponseTooLargeException e) {
            throw fail(ErrorCode.OPERATION_FAILED, "answer to '" + method + "' from '" + url + "' is larger than "
                + e.limit() + " bytes (response.max.bytes of " + EsxDriver.PID + ")", e);
        } catch (SSLHandshakeException e) {
            throw fail(ErrorCode.OPERATION_FAILED, "TLS handshake with '" + url + "' failed: " + e.getMessage()
                + (noVerify ? "" : " (the server certificate could not be verified; no_verify=1 skips the check)"), e);
        } catch (SSLException e) {
            throw fail(ErrorCode.OPERATION_FAILED, "TLS error talking to '" + url + "': " + e.getMessage(), e);
        } catch (ConnectException e) {
            throw fail(ErrorCode.OPERATION_FAILED, "Could not connect to '" + url + "': "
                + (e.getMessage() == null ? "connection refused" : e.getMessage()), e);
        } catch (UnknownHostException e) {
            throw fail(ErrorCode.UNKNOWN_HOST, url.getHost(), e);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof SSLException s ? s : e;
            throw fail(ErrorCode.OPERATION_FAILED, "Call to '" + method + "' on '" + url + "' failed: " + cause, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(ErrorCode.OPERATION_ABORTED, "interrupted during call to '" + method + "'", e);
        }
        rememberCookie(resp.headers().allValues("Set-Cookie"));
        return body(method, resp.status(), resp.body());
    }

    /**
     * A file of a datastore over the server's HTTP file access ({@code /folder/PATH?dcPath=DC&dsName=DS},
     * as libvirt's {@code esxVI_CURL_Download}), with the session cookie, the request timeout over the
     * whole download and a 1 MiB cap.
     *
     * @return the file's bytes, or null when the server has no such file (404)
     */
    byte[] download(String datacenter, String datastore, String path) {
        String enc = java.net.URLEncoder.encode(path, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
        URI file = url.resolve("/folder/" + enc + "?dcPath=" + java.net.URLEncoder.encode(datacenter, StandardCharsets.UTF_8)
            + "&dsName=" + java.net.URLEncoder.encode(datastore, StandardCharsets.UTF_8));
        HttpRequest.Builder rb = HttpRequest.newBuilder(file).timeout(requestTimeout).GET();
        String c = cookie;
        if (c != null) {
            rb.header("Cookie", c);
        }
        BoundedHttp.Response resp;
        try {
            resp = BoundedHttp.send(http, rb.build(), MAX_DOWNLOAD_BYTES, requestTimeout);
        } catch (HttpTimeoutException e) {
            throw fail(ErrorCode.OPERATION_TIMEOUT, "no complete answer for '" + file + "' within "
                + requestTimeout.toMillis() + " ms", e);
        } catch (BoundedHttp.ResponseTooLargeException e) {
            throw fail(ErrorCode.OPERATION_FAILED, "'" + file + "' is larger than " + e.limit() + " bytes", e);
        } catch (IOException e) {
            throw fail(ErrorCode.OPERATION_FAILED, "Could not download '" + file + "': " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(ErrorCode.OPERATION_ABORTED, "interrupted while downloading '" + file + "'", e);
        }
        if (resp.status() == 404) {
            return null;
        }
        if (resp.status() != 200) {
            throw fail(ErrorCode.HTTP_ERROR, resp.status() + " for download of '" + file + "'", null);
        }
        return resp.body();
    }

    private Element body(String method, int status, byte[] bytes) {
        if (status != 200 && status != 500) {
            throw fail(ErrorCode.HTTP_ERROR, status + " for call to '" + method + "' on '" + url
                + "' (is this a vSphere API server?)", null);
        }
        Element envelope;
        try {
            envelope = Xml.parse(bytes);
        } catch (Exception e) {
            throw fail(ErrorCode.INTERNAL_ERROR, "answer to '" + method + "' from '" + url
                + "' is not a SOAP message (HTTP " + status + "): is this a vSphere API server?", e);
        }
        Element body = Xml.child(envelope, "Body");
        if (!"Envelope".equals(Xml.local(envelope)) || body == null) {
            throw fail(ErrorCode.INTERNAL_ERROR, "answer to '" + method + "' from '" + url
                + "' is not a SOAP envelope: is this a vSphere API server?", null);
        }
        Element first = Xml.children(body, null).stream().findFirst().orElse(null);
        if (first != null && "Fault".equals(Xml.local(first))) {
            throw VimFault.from(method, first);
        }
        if (status != 200 || first == null) {
            throw fail(ErrorCode.INTERNAL_ERROR, "HTTP response code " + status + " for call to '" + method
                + "' without a SOAP fault", null);
        }
        return first;
    }

    private void rememberCookie(List<String> setCookies) {
        for (String sc : setCookies) {
            String pair = sc.split(";", 2)[0].strip();
            if (pair.startsWith(COOKIE + "=")) {
                cookie = pair;
            }
        }
    }

    private static VirtException fail(ErrorCode code, String message, Throwable cause) {
        return new VirtException(code, ErrorDomain.ESX, message, cause);
    }
}
