package io.jvirt.core.kit.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.testing.HostileHttpServer;
import io.jvirt.api.testing.Poll;

/**
 * The capped, deadline-bound exchange against servers the test owns on 127.0.0.1, plain and TLS:
 * endless bodies, lying lengths, bodies and headers trickled a byte at a time. Each hostile script
 * bounds itself, so without the fix a test fails (a body read whole, an exchange that outlives its
 * deadline) instead of hanging; the class timeout is only a safety net.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BoundedHttpTest {

    private static final long TOTAL = 64L << 20;
    private static final long CAP = 1L << 20;

    @TempDir
    Path tmp;

    private static final HttpClient PLAIN = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpRequest get(HostileHttpServer s, String scheme) {
        return HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + s.port() + "/sdk")).GET().build();
    }

    /** Headers without a length, then up to 64 MiB of junk. */
    private static void endless(HostileHttpServer.Request r, OutputStream out) throws IOException {
        HostileHttpServer.head(out, 200, "Content-Type: text/xml");
        byte[] junk = new byte[1 << 16];
        for (long sent = 0; sent < TOTAL; sent += junk.length) {
            out.write(junk);
        }
    }

    /** A declared 1000-byte body, one byte every 250 ms, 30 s at most. */
    private static void trickle(HostileHttpServer.Request r, OutputStream out) throws IOException, InterruptedException {
        HostileHttpServer.head(out, 200, "Content-Length: 1000");
        for (int i = 0; i < 120; i++) {
            out.write('x');
            out.flush();
            Thread.sleep(250);
        }
    }

    @Test
    void anHonestAnswerArrivesWhole() throws Exception {
        try (HostileHttpServer s = HostileHttpServer.http((r, out) ->
            HostileHttpServer.respond(out, 500, "text/xml", "<fault/>"))) {
            BoundedHttp.Response r = BoundedHttp.send(PLAIN, get(s, "http"), 8, Duration.ofSeconds(30));
            assertEquals(500, r.status());
            assertEquals("<fault/>", new String(r.body(), StandardCharsets.UTF_8));
            assertEquals("text/xml", r.headers().firstValue("Content-Type").orElseThrow());
            // exactly at the cap is fine
            assertEquals(8, BoundedHttp.send(PLAIN, get(s, "http"), 8, Duration.ofSeconds(30)).body().length);
        }
    }

    @Test
    void anEndlessBodyIsCutAtTheCapAndItsConnectionClosed() throws Exception {
        try (HostileHttpServer s = HostileHttpServer.http(BoundedHttpTest::endless)) {
            BoundedHttp.ResponseTooLargeException e = assertThrows(BoundedHttp.ResponseTooLargeException.class,
                () -> BoundedHttp.send(PLAIN, get(s, "http"), CAP, Duration.ofSeconds(60)));
            assertEquals(CAP, e.limit());
            assertEquals("response body larger than 1048576 bytes", e.getMessage());
            assertTrue(s.clientHungUpOnFirstConnection(Duration.ofMinutes(2)), "the client closed the connection");
            assertTrue(s.bytesWritten() < TOTAL, s.bytesWritten() + " written");
        }
    }

    @Test
    void aDeclaredLengthBeyondTheCapIsRefusedBeforeTheBody() throws Exception {
        try (HostileHttpServer s = HostileHttpServer.http((r, out) -> {
            HostileHttpServer.head(out, 200, "Content-Length: " + (10L << 30));
            byte[] junk = new byte[1 << 16];
            for (long sent = 0; sent < TOTAL; sent += junk.length) {
                out.write(junk);
            }
        })) {
            BoundedHttp.ResponseTooLargeException e = assertThrows(BoundedHttp.ResponseTooLargeException.class,
                () -> BoundedHttp.send(PLAIN, get(s, "http"), CAP, Duration.ofSeconds(60)));
            assertTrue(e.getMessage().contains("Content-Length: 10737418240"), e.getMessage());
            assertTrue(s.clientHungUpOnFirstConnection(Duration.ofMinutes(2)), "the client closed the connection");
        }
    }

    @Test
    void aTrickledBodyFailsAtTheDeadline() throws Exception {
        try (HostileHttpServer s = HostileHttpServer.http(BoundedHttpTest::trickle)) {
            // the request's own timeout is the JDK's, which ends with the headers: it does not help here
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/"))
                .timeout(Duration.ofSeconds(1)).GET().build();
            HttpTimeoutException e = assertThrows(HttpTimeoutException.class,
                () -> BoundedHttp.send(PLAIN, req, CAP, Duration.ofSeconds(1)));
            assertFalse(e instanceof HttpConnectTimeoutException);
            assertTrue(e.getMessage().startsWith("no complete response from http://127.0.0.1:" + s.port()
                + "/ within 1000 ms"), e.getMessage());
            assertTrue(s.clientHungUpOnFirstConnection(Duration.ofMinutes(2)), "the client closed the connection");
        }
    }

    @Test
    void trickledHeadersFailAtTheDeadlineToo() throws Exception {
        try (HostileHttpServer s = HostileHttpServer.http((r, out) -> {
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 120; i++) {
                out.write('X');
                out.flush();
                Thread.sleep(250);
            }
        })) {
            assertThrows(HttpTimeoutException.class, () -> BoundedHttp.send(PLAIN, get(s, "http"), CAP, Duration.ofSeconds(1)));
            assertTrue(s.clientHungUpOnFirstConnection(Duration.ofMinutes(2)), "the client closed the connection");
        }
    }

    @Test
    void overTlsTheSame() throws Exception {
        try (HostileHttpServer endless = HostileHttpServer.https(tmp, BoundedHttpTest::endless);
             HostileHttpServer trickle = HostileHttpServer.https(tmp, BoundedHttpTest::trickle)) {
            HttpClient tls = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(endless.trustingClientContext()).build();
            assertThrows(BoundedHttp.ResponseTooLargeException.class,
                () -> BoundedHttp.send(tls, get(endless, "https"), CAP, Duration.ofSeconds(60)));
            assertTrue(endless.clientHungUpOnFirstConnection(Duration.ofMinutes(2)));
            assertTrue(endless.bytesWritten() < TOTAL, endless.bytesWritten() + " written");
            assertThrows(HttpTimeoutException.class,
                () -> BoundedHttp.send(tls, get(trickle, "https"), CAP, Duration.ofSeconds(1)));
            assertTrue(trickle.clientHungUpOnFirstConnection(Duration.ofMinutes(2)));
        }
    }

    @Test
    void anInterruptedCallerCancelsTheExchange() throws Exception {
        try (HostileHttpServer s = HostileHttpServer.http(BoundedHttpTest::trickle)) {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread caller = new Thread(() -> {
                try {
                    BoundedHttp.send(PLAIN, get(s, "http"), CAP, Duration.ofMinutes(2));
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            caller.start();
            Poll.until("the request to reach the server", Duration.ofMinutes(1), () -> !s.requests().isEmpty());
            caller.interrupt();
            assertInstanceOf(InterruptedException.class, outcome.get(2, TimeUnit.MINUTES));
            assertTrue(s.clientHungUpOnFirstConnection(Duration.ofMinutes(2)), "the client closed the connection");
        }
    }

    @Test
    void transportFailuresAreTheClientsOwnExceptions() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).GET().build();
        assertThrows(ConnectException.class, () -> BoundedHttp.send(PLAIN, req, CAP, Duration.ofSeconds(30)));
        assertThrows(IllegalArgumentException.class, () -> BoundedHttp.send(PLAIN, req, -1, Duration.ofSeconds(30)));
    }
}
