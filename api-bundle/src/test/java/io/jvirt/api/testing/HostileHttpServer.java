package io.jvirt.api.testing;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A loopback HTTP or HTTPS server owned by one test, answering each request with a script the test
 * writes: a body that never ends, one byte a second, a fake API that records what the client sent
 * (to check that a password never reached it). It records every byte it received, how many it
 * wrote, and whether the client hung up while it was still writing.
 *
 * <p>One request per connection: the server closes the connection after each answer, and
 * {@link #head} always says {@code Connection: close} so that the client never reuses it.
 *
 * <p>Only 127.0.0.1 is listened on. {@link #close()} closes the listening socket and every
 * accepted connection; the connection threads are daemons that end with their sockets. Scripts
 * that trickle bound themselves (a count of bytes), so nothing runs on forever.
 */
public final class HostileHttpServer implements AutoCloseable {

    /** One request as received: the head (request line and headers) and the body. */
    public record Request(String head, byte[] body) {
        public String text() {
            return head + new String(body, StandardCharsets.UTF_8);
        }

        /** The request line's path ("/sdk"). */
        public String path() {
            String[] line = head.split("\r\n", 2)[0].split(" ");
            return line.length > 1 ? line[1] : "";
        }
    }

    /** What the server writes for one request; throwing ends the connection. */
    @FunctionalInterface
    public interface Script {
        void answer(Request request, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket listener;
    private final Script script;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicBoolean clientHungUp = new AtomicBoolean();
    private final CountDownLatch firstConnectionEnded = new CountDownLatch(1);

    private final KeyStore keys;

    private HostileHttpServer(ServerSocket listener, KeyStore keys, Script script) {
        this.listener = listener;
        this.keys = keys;
        this.script = script;
        Thread t = new Thread(this::acceptLoop, "hostile-http-" + listener.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** A plain HTTP server on a free loopback port. */
    public static HostileHttpServer http(Script script) throws IOException {
        return new HostileHttpServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), null, script);
    }

    /**
     * An HTTPS server on a free loopback port with a self-signed certificate for 127.0.0.1 and
     * localhost (made with the JDK's keytool in {@code dir}), which no default trust store accepts.
     */
    public static HostileHttpServer https(Path dir, Script script) throws Exception {
        KeyStore keys = selfSigned(dir);
        SSLContext ctx = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASS);
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory()
            .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new HostileHttpServer(s, keys, script);
    }

    /** For a client that should verify this HTTPS server and succeed: a context trusting its certificate only. */
    public SSLContext trustingClientContext() throws Exception {
        if (keys == null) {
            throw new IllegalStateException("not an HTTPS server");
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("hostile", keys.getCertificate("hostile"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static final char[] PASS = "hostile".toCharArray();

    private static KeyStore selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("hostile-server.p12");
        if (!Files.exists(store)) {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Path log = dir.resolve("keytool.log");
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "hostile", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASS), "-keypass", new String(PASS))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool took more than 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + Files.readString(log));
            }
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASS);
        }
        return ks;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Every request received so far. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Everything received so far, as text: where a leaked password would show. */
    public String received() {
        StringBuilder b = new StringBuilder();
        for (Request r : requests) {
            b.append(r.text()).append('\n');
        }
        return b.toString();
    }

    /** Bytes the scripts wrote that the socket accepted. */
    public long bytesWritten() {
        return written.get();
    }

    /**
     * Waits (at most {@code bound}, a safety net, not a measurement) until the first connection
     * ended, and tells whether it ended because the client hung up while the script was writing.
     */
    public boolean clientHungUpOnFirstConnection(Duration bound) throws InterruptedException {
        if (!firstConnectionEnded.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        return clientHungUp.get();
    }

    /** Writes a response head; {@code headers} are "Name: value" lines ({@code Connection: close} is added). */
    public static void head(OutputStream out, int status, String... headers) throws IOException {
        StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append(status == 200 ? " OK" : " Error").append("\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        b.append("Connection: close\r\n");
        out.write(b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** A complete response with a text body and its Content-Length. */
    public static void respond(OutputStream out, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        head(out, status, "Content-Type: " + contentType, "Content-Length: " + bytes.length);
        out.write(bytes);
        out.flush();
    }

    private void acceptLoop() {
        boolean first = true;
        while (!listener.isClosed()) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return;
            }
            accepted.add(s);
            boolean isFirst = first;
            first = false;
            Thread t = new Thread(() -> serve(s, isFirst), "hostile-http-conn-" + s.getPort());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s, boolean isFirst) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = new CountingOutput(s.getOutputStream());
            Request r = read(in);
            if (r == null) {
                return;
            }
            requests.add(r);
            try {
                script.answer(r, out);
                out.flush();
            } catch (IOException e) {
                if (isFirst) {
                    clientHungUp.set(true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } catch (IOException e) {
            // the client went away between requests, or the TLS handshake failed: nothing to record
        } finally {
            if (isFirst) {
                firstConnectionEnded.countDown();
            }
        }
    }

    /** One request (head and Content-Length body), or null at end of stream. */
    private static Request read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
            if (head.size() > 1 << 20) {
                throw new IOException("request head too long");
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        byte[] body = in.readNBytes(length);
        return new Request(text, body);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        List<IOException> failures = new ArrayList<>();
        for (Socket s : accepted) {
            try {
                s.close();
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    /** Counts what the socket took, so a test can tell how far a hostile answer got. */
    private final class CountingOutput extends FilterOutputStream {
        CountingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            written.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written.addAndGet(len);
        }
    }
}
