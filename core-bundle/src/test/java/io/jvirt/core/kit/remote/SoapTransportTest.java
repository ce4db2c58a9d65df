package io.jvirt.core.kit.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.HostileHttpServer;
import io.jvirt.core.kit.remote.SoapEnvelope.SoapVersion;

/**
 * SOAP over the kit's transport against servers the test owns on 127.0.0.1: answers, faults of
 * both SOAP versions, what is not SOAP, a document that tries an external entity, the session
 * cookie, and TLS checked per client (the relaxed client never changes the JVM's defaults).
 */
@Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SoapTransportTest {

    private static final String ENV11 = "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\""
        + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><s:Body>";
    private static final String END = "</s:Body></s:Envelope>";

    @TempDir
    Path tmp;

    private static final FaultCodes CODES = FaultCodes.otherwise(ErrorCode.INTERNAL_ERROR)
        .map(ErrorCode.AUTH_FAILED, "InvalidLogin", "wsman:AccessDenied");

    private static SoapTransport transport(int port, String scheme, RemoteHttpClients clients, boolean noVerify) {
        HttpTransport http = new HttpTransport(clients.get(noVerify), URI.create(scheme + "://127.0.0.1:" + port + "/sdk"),
            Duration.ofSeconds(5), 1 << 20, "response.max.bytes of test", noVerify, ErrorDomain.ESX, "session");
        return new SoapTransport(http, (op, f) -> new RemoteFault(CODES.code(f.detailType() != null ? f.detailType()
            : f.code()), ErrorDomain.ESX, op + ": " + f.code() + " " + f.detailType() + " - " + f.reason(),
            f.detailType()), "a test server");
    }

    private static SoapEnvelope call() {
        return SoapEnvelope.request(SoapVersion.SOAP_1_1, "CurrentTime", "urn:vim25");
    }

    @Test
    void answersFaultsAndWhatIsNotSoap() throws Exception {
        AtomicReference<String> answer = new AtomicReference<>();
        AtomicReference<Integer> status = new AtomicReference<>(200);
        try (HostileHttpServer s = HostileHttpServer.http((r, out) -> HostileHttpServer.respond(out, status.get(),
            "text/xml", answer.get()))) {
            SoapTransport t = transport(s.port(), "http", new RemoteHttpClients(Duration.ofSeconds(5)), false);
            t.soapAction("urn:vim25/6.5");

            answer.set(ENV11 + "<CurrentTimeResponse xmlns=\"urn:vim25\"><returnval>now</returnval></CurrentTimeResponse>" + END);
            Element r = t.call(call());
            assertEquals("now", XmlDom.text(r, "returnval"));
            String sent = s.requests().get(0).text();
            assertTrue(sent.contains("SOAPAction: \"urn:vim25/6.5\"") && sent.contains("Content-Type: text/xml; charset=utf-8"),
                sent);

            status.set(500);
            answer.set(ENV11 + "<s:Fault><faultcode>ServerFaultCode</faultcode><faultstring>bad password</faultstring>"
                + "<detail><InvalidLoginFault xsi:type=\"InvalidLogin\"/></detail></s:Fault>" + END);
            RemoteFault f = assertThrows(RemoteFault.class, () -> t.call(call()));
            assertEquals(ErrorCode.AUTH_FAILED, f.code());
            assertEquals("InvalidLogin", f.faultType());
            assertTrue(f.getMessage().contains("CurrentTime: ServerFaultCode InvalidLogin - bad password"), f.getMessage());

            // SOAP 1.2 (WS-Management): Code, the innermost Subcode, Reason
            answer.set("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><s:Fault>"
                + "<s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>wsman:AccessDenied</s:Value></s:Subcode></s:Code>"
                + "<s:Reason><s:Text xml:lang=\"en-US\">Access is denied.</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>");
            RemoteFault ws = assertThrows(RemoteFault.class, () -> t.call(call()));
            assertEquals(ErrorCode.AUTH_FAILED, ws.code(), ws.getMessage());
            assertTrue(ws.getMessage().contains("wsman:AccessDenied null - Access is denied."), ws.getMessage());

            status.set(404);
            answer.set("<html>Not Found</html>");
            VirtException notFound = assertThrows(VirtException.class, () -> t.call(call()));
            assertEquals(ErrorCode.HTTP_ERROR, notFound.code());
            assertTrue(notFound.getMessage().contains("404 for call to 'CurrentTime'")
                && notFound.getMessage().contains("is this a test server?"), notFound.getMessage());

            status.set(200);
            answer.set("hello, I am a web server");
            VirtException notXml = assertThrows(VirtException.class, () -> t.call(call()));
            assertEquals(ErrorCode.INTERNAL_ERROR, notXml.code());
            assertTrue(notXml.getMessage().contains("is not a SOAP message"), notXml.getMessage());

            answer.set("<html><body/></html>");
            VirtException notSoap = assertThrows(VirtException.class, () -> t.call(call()));
            assertTrue(notSoap.getMessage().contains("is not a SOAP envelope"), notSoap.getMessage());

            status.set(500);
            answer.set(ENV11 + "<CurrentTimeResponse xmlns=\"urn:vim25\"/>" + END);
            VirtException noFault = assertThrows(VirtException.class, () -> t.call(call()));
            assertTrue(noFault.getMessage().contains("HTTP response code 500 for call to 'CurrentTime' without a SOAP fault"),
                noFault.getMessage());
        }
    }

    @Test
    void aDocumentTypeIsRefusedSoNoEntityIsEverRead() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "root-password-on-disk");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
            + ENV11.substring(ENV11.indexOf("<s:Envelope")) + "<R><returnval>&x;</returnval></R>" + END;
        try (HostileHttpServer s = HostileHttpServer.http((r, out) -> HostileHttpServer.respond(out, 200, "text/xml", xxe))) {
            SoapTransport t = transport(s.port(), "http", new RemoteHttpClients(Duration.ofSeconds(5)), false);
            VirtException e = assertThrows(VirtException.class, () -> t.call(call()));
            assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
            assertFalse(e.getMessage().contains("root-password-on-disk"), e.getMessage());
        }
    }

    @Test
    void theSessionCookieIsKeptSentAndForgotten() throws Exception {
        String ok = ENV11 + "<R><returnval>x</returnval></R>" + END;
        try (HostileHttpServer s = HostileHttpServer.http((r, out) -> {
            byte[] b = ok.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            HostileHttpServer.head(out, 200, "Content-Type: text/xml", "Content-Length: " + b.length,
                "Set-Cookie: session=\"abc\"; Path=/; HttpOnly", "Set-Cookie: other=1");
            out.write(b);
        })) {
            SoapTransport t = transport(s.port(), "http", new RemoteHttpClients(Duration.ofSeconds(5)), false);
            t.call(call());
            t.call(call());
            assertFalse(s.requests().get(0).head().contains("Cookie:"));
            assertTrue(s.requests().get(1).head().contains("Cookie: session=\"abc\""), s.requests().get(1).head());
            assertFalse(s.requests().get(1).head().contains("other=1"), "only the session's cookie");
            t.http().clearSession();
            t.call(call());
            assertFalse(s.requests().get(2).head().contains("Cookie:"));
        }
    }

    @Test
    void certificatesAreCheckedUnlessThisConnectionSaysNoVerify() throws Exception {
        String ok = ENV11 + "<R><returnval>x</returnval></R>" + END;
        javax.net.ssl.SSLContext before = javax.net.ssl.SSLContext.getDefault();
        javax.net.ssl.HostnameVerifier verifierBefore = javax.net.ssl.HttpsURLConnection.getDefaultHostnameVerifier();
        try (HostileHttpServer s = HostileHttpServer.https(tmp, (r, out) -> respondOk(out, ok))) {
            RemoteHttpClients clients = new RemoteHttpClients(Duration.ofSeconds(5));
            VirtException refused = assertThrows(VirtException.class,
                () -> transport(s.port(), "https", clients, false).call(call()));
            assertEquals(ErrorCode.OPERATION_FAILED, refused.code());
            assertTrue(refused.getMessage().contains("TLS handshake") && refused.getMessage().contains("no_verify=1"),
                refused.getMessage());
            assertEquals("x", XmlDom.text(transport(s.port(), "https", clients, true).call(call()), "returnval"));
            // the verifying client still verifies after the relaxed one was made and used
            assertThrows(VirtException.class, () -> transport(s.port(), "https", clients, false).call(call()));
        }
        assertEquals(before, javax.net.ssl.SSLContext.getDefault(), "the JVM's default TLS context is untouched");
        assertEquals(verifierBefore, javax.net.ssl.HttpsURLConnection.getDefaultHostnameVerifier());
    }

    private static void respondOk(OutputStream out, String body) throws IOException {
        HostileHttpServer.respond(out, 200, "text/xml", body);
    }

    /** 1.2.0: a header sent with every request (WS-Management's Basic authentication), and 401 as AUTH_FAILED. */
    @Test
    void aFixedHeaderGoesWithEveryRequestAndA401IsAuthFailed() throws Exception {
        try (HostileHttpServer s = HostileHttpServer.http((r, out) -> HostileHttpServer.respond(out, 401, "text/plain", ""))) {
            SoapTransport t = transport(s.port(), "http", new RemoteHttpClients(Duration.ofSeconds(5)), false);
            t.http().header("Authorization", "Basic dXNlcjpwYXNz");
            VirtException e = assertThrows(VirtException.class, () -> t.call(call()));
            assertEquals(ErrorCode.AUTH_FAILED, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("401 Unauthorized to 'CurrentTime'"), e.getMessage());
            t.http().header("Authorization", null);
            assertThrows(VirtException.class, () -> t.call(call()));
            assertTrue(s.requests().get(0).text().contains("Authorization: Basic dXNlcjpwYXNz"), s.requests().get(0).text());
            assertFalse(s.requests().get(1).text().contains("Authorization"), s.requests().get(1).text());
        }
    }

    /**
     * 1.7.0: a read whose connection is closed before any answer (what a server does to a
     * kept-alive connection it drops as the request goes out) is sent once more and answered; a
     * call that may change something is sent once and fails, so it is never done twice; and a
     * read that fails twice fails.
     */
    @Test
    void aReadIsSentOnceMoreWhenItsConnectionClosesUnansweredAndAChangeIsNot() throws Exception {
        java.util.concurrent.atomic.AtomicInteger dropNext = new java.util.concurrent.atomic.AtomicInteger();
        String ok = ENV11 + "<CurrentTimeResponse xmlns=\"urn:vim25\"><returnval>now</returnval></CurrentTimeResponse>" + END;
        try (HostileHttpServer s = HostileHttpServer.http((r, out) -> {
            if (dropNext.getAndDecrement() <= 0) {
                respondOk(out, ok);
            }
            // otherwise nothing is written and the connection is closed
        })) {
            SoapTransport t = transport(s.port(), "http", new RemoteHttpClients(Duration.ofSeconds(5)), false);

            dropNext.set(1);
            assertEquals("now", XmlDom.text(t.callRepeatable(call()), "returnval"));
            assertEquals(2, s.requests().size(), "the read went out twice");

            dropNext.set(1);
            VirtException once = assertThrows(VirtException.class, () -> t.call(call()));
            assertEquals(ErrorCode.OPERATION_FAILED, once.code(), once.getMessage());
            assertTrue(once.getMessage().contains("Call to 'CurrentTime' on 'http://127.0.0.1:"), once.getMessage());
            assertEquals(3, s.requests().size(), "a call that may change something went out once");

            dropNext.set(2);
            assertThrows(VirtException.class, () -> t.callRepeatable(call()));
            assertEquals(5, s.requests().size(), "a read is repeated once, not more");
        }
    }
}
