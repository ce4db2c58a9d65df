package io.jvirt.driver.esx;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP proxy in front of the simulator that records the body of every request the
 * driver sends, so that a test can say which vSphere calls a driver call made (the simulator keeps
 * no such record).
 */
final class RecordingProxy implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI target;
    private final List<String> requests = new ArrayList<>();

    RecordingProxy(String targetUrl) throws IOException {
        this.target = URI.create(targetUrl);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(threads);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The bodies of the requests since the last {@link #clear()}. */
    synchronized List<String> requests() {
        return new ArrayList<>(requests);
    }

    synchronized void clear() {
        requests.clear();
    }

    /** The SOAP methods of the recorded requests, in order ("RetrieveProperties", "FindByUuid"). */
    List<String> methods() {
        List<String> out = new ArrayList<>();
        for (String r : requests()) {
            int body = r.indexOf("<soapenv:Body><");
            if (body >= 0) {
                int start = body + "<soapenv:Body><".length();
                int end = start;
                while (end < r.length() && (Character.isLetterOrDigit(r.charAt(end)) || r.charAt(end) == '_')) {
                    end++;
                }
                out.add(r.substring(start, end));
            }
        }
        return out;
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            synchronized (this) {
                requests.add(new String(body, StandardCharsets.UTF_8));
            }
            HttpRequest.Builder rb = HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(30))
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String h : List.of("Content-Type", "SOAPAction", "Cookie")) {
                String v = ex.getRequestHeaders().getFirst(h);
                if (v != null) {
                    rb.header(h, v);
                }
            }
            HttpResponse<byte[]> resp;
            try {
                resp = client.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            resp.headers().firstValue("Content-Type").ifPresent(v -> ex.getResponseHeaders().add("Content-Type", v));
            resp.headers().allValues("Set-Cookie").forEach(v -> ex.getResponseHeaders().add("Set-Cookie", v));
            ex.sendResponseHeaders(resp.statusCode(), resp.body().length == 0 ? -1 : resp.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(resp.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
