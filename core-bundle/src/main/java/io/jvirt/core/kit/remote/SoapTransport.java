package io.jvirt.core.kit.remote;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import org.w3c.dom.Element;
import org.xml.sax.SAXException;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/**
 * SOAP over one connection's {@link HttpTransport}: POSTs an envelope and reads the answer, with
 * every way a server can answer wrongly turned into a {@link VirtException}: an HTTP status other
 * than 200 (or 500 with a fault) is HTTP_ERROR, an answer that is not XML or not a SOAP envelope is
 * INTERNAL_ERROR, a 401 is AUTH_FAILED (since 1.2.0), and a SOAP fault is whatever the driver's {@link Faults} make of it (its codes,
 * the server's words). The answer is parsed with {@link XmlDom} (no DTDs, no external entities).
 * The request body is never logged: it may carry a password.
 *
 * @since 1.1.0
 */
public final class SoapTransport {

    /** The driver's reading of a fault: its code table and its wording. */
    @FunctionalInterface
    public interface Faults {
        VirtException exception(String operation, SoapFault fault);
    }

    private final HttpTransport http;
    private final Faults faults;
    private final String serverKind;
    private volatile String soapAction;

    /**
     * @param serverKind what the server should be, for the errors of one that is not
     *                   ("a vSphere API server")
     */
    public SoapTransport(HttpTransport http, Faults faults, String serverKind) {
        this.http = http;
        this.faults = faults;
        this.serverKind = serverKind;
    }

    public HttpTransport http() {
        return http;
    }

    /** The SOAPAction header of SOAP 1.1 requests from now on ({@code "urn:vim25/6.5"}); null for none. */
    public void soapAction(String action) {
        soapAction = action;
    }

    /** Sends {@code request} and returns the first element of the answer's body ({@code <OperationResponse>}). */
    public Element call(SoapEnvelope request) {
        return call(request, false);
    }

    /**
     * {@link #call(SoapEnvelope)} for an operation that changes nothing on the server (a property
     * read, a lookup): sent once more when the connection fails before the answer
     * ({@link HttpTransport#exchangeRepeatable}).
     *
     * @since 1.7.0
     */
    public Element callRepeatable(SoapEnvelope request) {
        return call(request, true);
    }

    private Element call(SoapEnvelope request, boolean repeatable) {
        String op = request.operation();
        HttpRequest.Builder rb = http.request(http.url())
            .header("Content-Type", request.version().contentType())
            .POST(HttpRequest.BodyPublishers.ofString(request.finish(), StandardCharsets.UTF_8));
        String action = soapAction;
        if (action != null && request.version() == SoapEnvelope.SoapVersion.SOAP_1_1) {
            rb.header("SOAPAction", "\"" + action + "\"");
        }
        BoundedHttp.Response resp = repeatable ? http.exchangeRepeatable("'" + op + "'", rb.build())
            : http.exchange("'" + op + "'", rb.build());
        return body(op, resp.status(), resp.body());
    }

    private Element body(String op, int status, byte[] bytes) {
        String where = "'" + op + "' from '" + http.url() + "'";
        if (status == 401) {
            // the server refused the credentials of a per-request authentication (WS-Management's
            // Basic): the client can act on AUTH_FAILED, not on a bare HTTP error (since 1.2.0)
            throw http.fail(ErrorCode.AUTH_FAILED, "authentication failed: '" + http.url() + "' answered 401 Unauthorized"
                + " to '" + op + "' (wrong user name or password, or Basic authentication not enabled on the server)", null);
        }
        if (status != 200 && status != 500) {
            throw http.fail(ErrorCode.HTTP_ERROR, status + " for call to '" + op + "' on '" + http.url()
                + "' (is this " + serverKind + "?)", null);
        }
        Element envelope;
        try {
            envelope = XmlDom.parse(bytes);
        } catch (SAXException e) {
            throw http.fail(ErrorCode.INTERNAL_ERROR, "answer to " + where + " is not a SOAP message (HTTP " + status
                + "): is this " + serverKind + "?", e);
        }
        Element body = XmlDom.child(envelope, "Body");
        if (!"Envelope".equals(XmlDom.local(envelope)) || body == null) {
            throw http.fail(ErrorCode.INTERNAL_ERROR, "answer to " + where + " is not a SOAP envelope: is this "
                + serverKind + "?", null);
        }
        Element first = XmlDom.first(body);
        if (SoapFault.isFault(first)) {
            throw faults.exception(op, SoapFault.read(first));
        }
        if (status != 200 || first == null) {
            throw http.fail(ErrorCode.INTERNAL_ERROR, "HTTP response code " + status + " for call to '" + op
                + "' without a SOAP fault", null);
        }
        return first;
    }
}
