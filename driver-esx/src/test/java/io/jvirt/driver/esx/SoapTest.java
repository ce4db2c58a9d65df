package io.jvirt.driver.esx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import com.sun.net.httpserver.HttpServer;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.XmlDom;
import io.jvirt.core.kit.remote.RemoteHttpClients;

/** SOAP envelopes as written and read, and every way a server can fail, against JDK stub servers. */
class SoapTest {

    static final String OK = "<?xml version=\"1.0\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
        + "<soapenv:Body><CurrentTimeResponse xmlns=\"urn:vim25\"><returnval>2026-01-01T00:00:00Z</returnval>"
        + "</CurrentTimeResponse></soapenv:Body></soapenv:Envelope>";
    static final String FAULT = "<?xml version=\"1.0\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
        + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><soapenv:Fault>"
        + "<faultcode>ServerFaultCode</faultcode><faultstring>Cannot complete login due to an incorrect user name or password.</faultstring>"
        + "<detail><InvalidLoginFault xmlns=\"urn:vim25\" xsi:type=\"InvalidLogin\"></InvalidLoginFault></detail>"
        + "</soapenv:Fault></soapenv:Body></soapenv:Envelope>";

    @Test
    void envelopesEscapeAndKeepOrder() {
        String env = new SoapWriter("Login", new MoRef("SessionManager", "ha-sessionmgr"))
            .text("userName", "a<b&\"c'").text("password", "p\u0001w").text("locale", null).finish();
        assertTrue(env.contains("<Login xmlns=\"urn:vim25\"><_this type=\"SessionManager\">ha-sessionmgr</_this>"
            + "<userName>a&lt;b&amp;&quot;c&apos;</userName><password>pw</password></Login>"), env);
        assertFalse(env.contains("locale"));
    }

    @Test
    void answersAndFaultsAreRead() throws Exception {
        AtomicReference<String> body = new AtomicReference<>(OK);
        AtomicReference<Integer> status = new AtomicReference<>(200);
        List<String> requests = new ArrayList<>();
        HttpServer server = stub(body, status, requests);
        try {
            VimClient c = client(server, Duration.ofSeconds(5));
            Element r = c.invoke(new SoapWriter("CurrentTime", VimSession.SERVICE_INSTANCE));
            assertEquals("CurrentTimeResponse", XmlDom.local(r));
            assertEquals("2026-01-01T00:00:00Z", XmlDom.text(r, "returnval"));
            assertTrue(requests.get(0).contains("<CurrentTime xmlns=\"urn:vim25\">"));

            body.set(FAULT);
            status.set(500);
            VirtException e = assertThrows(VirtException.class,
                () -> c.invoke(new SoapWriter("Login", new MoRef("SessionManager", "sm"))));
            assertEquals(ErrorCode.AUTH_FAILED, e.code());
            assertTrue(e.getMessage().contains("InvalidLogin - Cannot complete login"), e.getMessage());

            body.set("<html><body>Not Found</body></html>");
            status.set(404);
            VirtException notFound = assertThrows(VirtException.class,
                () -> c.invoke(new SoapWriter("CurrentTime", VimSession.SERVICE_INSTANCE)));
            assertEquals(ErrorCode.HTTP_ERROR, notFound.code());
            assertTrue(notFound.getMessage().contains("404"));

            body.set("hello, I am a web server");
            status.set(200);
            VirtException notSoap = assertThrows(VirtException.class,
                () -> c.invoke(new SoapWriter("CurrentTime", VimSession.SERVICE_INSTANCE)));
            assertTrue(notSoap.getMessage().contains("not a SOAP message"), notSoap.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                List<Socket> held = new ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept()); // accept and say nothing
                    }
                } catch (IOException done) {
                    held.forEach(s -> {
                        try {
                            s.close();
                        } catch (IOException ignored) {
                            // closing
                        }
                    });
                }
            });
            t.setDaemon(true);
            t.start();
            VimClient c = new VimClient(new RemoteHttpClients(Duration.ofSeconds(2)).get(false),
                URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/sdk"), Duration.ofMillis(300),
                EsxSettings.DEFAULT_MAX_RESPONSE_BYTES, false);
            VirtException e = assertThrows(VirtException.class,
                () -> c.invoke(new SoapWriter("RetrieveServiceContent", VimSession.SERVICE_INSTANCE)));
            assertEquals(ErrorCode.OPERATION_TIMEOUT, e.code());
        }
    }

    @Test
    void aDeadServerIsRefusedAtOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        VimClient c = new VimClient(new RemoteHttpClients(Duration.ofSeconds(2)).get(false),
            URI.create("http://127.0.0.1:" + port + "/sdk"), Duration.ofSeconds(2), EsxSettings.DEFAULT_MAX_RESPONSE_BYTES,
            false);
        VirtException e = assertThrows(VirtException.class,
            () -> c.invoke(new SoapWriter("RetrieveServiceContent", VimSession.SERVICE_INSTANCE)));
        assertEquals(ErrorCode.OPERATION_FAILED, e.code());
        assertTrue(e.getMessage().contains("Could not connect"), e.getMessage());
    }

    @Test
    void taskErrorsKeepTheServersWords() throws Exception {
        String xml = "<error xmlns=\"urn:vim25\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<fault xsi:type=\"InvalidPowerState\"/><localizedMessage>The attempted operation cannot be performed"
            + " in the current state (Powered on).</localizedMessage></error>";
        Element error = XmlDom.parse(xml.getBytes(StandardCharsets.UTF_8));
        assertEquals("The attempted operation cannot be performed in the current state (Powered on). (InvalidPowerState)",
            VimFault.taskMessage(error));
        assertEquals("InvalidPowerState", VimFault.taskFaultType(error));
    }

    private static VimClient client(HttpServer server, Duration timeout) {
        return new VimClient(new RemoteHttpClients(Duration.ofSeconds(2)).get(false),
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sdk"), timeout,
            EsxSettings.DEFAULT_MAX_RESPONSE_BYTES, false);
    }

    private static HttpServer stub(AtomicReference<String> body, AtomicReference<Integer> status, List<String> requests)
        throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sdk", ex -> {
            requests.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] out = body.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status.get(), out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        return server;
    }
}
