package io.jvirt.core.kit.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One HTTP exchange over the JDK's {@link HttpClient} whose answer is bounded in size and in time,
 * for drivers that talk to servers they must not trust (a vSphere SOAP endpoint, WS-Man, ...).
 *
 * <p>The JDK's own bounds are not enough: {@link HttpRequest.Builder#timeout} ends when the
 * response <em>headers</em> arrive, so a server that trickles its body one byte a second holds the
 * caller for ever, and {@code BodyHandlers.ofByteArray()} keeps whatever the server sends until the
 * heap is gone. Here the deadline covers the whole exchange (connect, request, headers and the
 * last byte of the body) and the body is counted as it arrives: a declared {@code Content-Length}
 * beyond the cap is refused before any of the body is read, and an undeclared one is cut as soon as
 * it passes the cap. Either way the exchange is cancelled, which closes its connection (it is
 * never returned to the client's pool). The JDK already caps the response headers (384 KiB,
 * {@code jdk.http.maxHeaderSize}).
 *
 * <p>Responses are not decompressed (the JDK client never does, and no Accept-Encoding is sent
 * unless the caller adds one), so the cap is on what is kept in memory.
 *
 * @since 0.4.0
 */
public final class BoundedHttp {

    private BoundedHttp() {
    }

    /**
     * A complete response.
     *
     * @param status  the HTTP status code
     * @param headers the response headers
     * @param body    the whole body, at most the cap
     */
    public record Response(int status, HttpHeaders headers, byte[] body) {
    }

    /** The response body is larger than the cap; nothing more of it was read. */
    public static final class ResponseTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long limit;

        ResponseTooLargeException(long limit, String detail) {
            super("response body larger than " + limit + " bytes" + detail);
            this.limit = limit;
        }

        /** The cap that was exceeded, in bytes. */
        public long limit() {
            return limit;
        }
    }

    /**
     * Sends {@code request} and waits for the whole response.
     *
     * @param maxBodyBytes the largest body accepted
     * @param timeout      the deadline for the whole exchange, body included
     * @throws HttpTimeoutException       the exchange did not complete within {@code timeout}
     *                                    ({@link java.net.http.HttpConnectTimeoutException} when the
     *                                    client's connect timeout struck first)
     * @throws ResponseTooLargeException  the body is larger than {@code maxBodyBytes}
     * @throws IOException                anything else the client reports (refused connection, TLS
     *                                    handshake, protocol errors), as {@link HttpClient#send} would
     * @throws InterruptedException       the caller was interrupted; the exchange is cancelled
     */
    public static Response send(HttpClient client, HttpRequest request, long maxBodyBytes, Duration timeout)
        throws IOException, InterruptedException {
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes " + maxBodyBytes);
        }
        AtomicReference<CappedBody> body = new AtomicReference<>();
        HttpResponse.BodyHandler<byte[]> handler = info -> {
            CappedBody b = new CappedBody(maxBodyBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1));
            body.set(b);
            return b;
        };
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, handler);
        try {
            HttpResponse<byte[]> r = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (TimeoutException e) {
            cancel(exchange, body.get());
            throw new HttpTimeoutException("no complete response from " + request.uri() + " within "
                + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            cancel(exchange, body.get());
            throw e;
        } catch (ExecutionException e) {
            throw rethrow(e);
        }
    }

    /** Stops the exchange: cancelling the future aborts it, cancelling the body subscription closes the connection. */
    private static void cancel(CompletableFuture<?> exchange, CappedBody body) {
        exchange.cancel(true);
        if (body != null) {
            body.cancel();
        }
    }

    private static IOException rethrow(ExecutionException e) {
        Throwable cause = e.getCause();
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IOException(cause);
    }

    /**
     * Collects the body up to the cap; past it (or with a declared length past it) it cancels its
     * subscription, which makes the JDK close the connection, and fails with ResponseTooLarge.
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final long declared;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer;
        private volatile Flow.Subscription subscription;
        private long received;

        CappedBody(long max, long declared) {
            this.max = max;
            this.declared = declared;
            // presize from a believable declared length, never from a hostile one
            this.buffer = new ByteArrayOutputStream(declared > 0 && declared <= max ? (int) Math.min(declared, 1 << 20) : 8192);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declared > max) {
                s.cancel();
                result.completeExceptionally(new ResponseTooLargeException(max, " (Content-Length: " + declared + ")"));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                received += b.remaining();
                if (received > max) {
                    subscription.cancel();
                    result.completeExceptionally(new ResponseTooLargeException(max, ""));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                buffer.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            result.cancel(false);
        }
    }
}
