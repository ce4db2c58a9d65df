package io.jvirt.driver.qemu;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * A QMP client over a UNIX socket, with the JDK only. One reader thread per monitor
 * ({@code jvirt-qmp-<domain>}) splits the stream into JSON lines: command replies complete the one
 * outstanding command (QMP answers in order; the {@code id} also guards against the late reply of a
 * command that timed out), events and end of file go to the {@link Listener} on that same thread,
 * which must therefore only hand them on, never block or call the monitor.
 */
final class QmpMonitor implements AutoCloseable {

    private static final long FINE_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Receives what QEMU sends unasked. Called on the monitor's reader thread. */
    interface Listener {
        void onEvent(String event, Map<String, Object> data);

        /** QEMU closed the monitor (it exited, or closed the socket); not called after {@link #close()}. */
        void onEof();
    }

    private static final Logger LOG = LoggerFactory.getLogger(QmpMonitor.class);
    private static final int MAX_LINE = 16 * 1024 * 1024;

    private final SocketChannel channel;
    private final String domain;
    private final Listener listener;
    private final ReentrantLock commandLock = new ReentrantLock();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<Map<String, Object>> greeting = new CompletableFuture<>();
    private volatile Pending pending;
    private volatile boolean closing;
    private volatile boolean eof;
    private final Thread reader;

    private record Pending(String id, String command, CompletableFuture<Map<String, Object>> reply) {
    }

    private QmpMonitor(SocketChannel channel, String domain, Listener listener) {
        this.channel = channel;
        this.domain = domain;
        this.listener = listener;
        this.reader = new Thread(this::readLoop, "jvirt-qmp-" + domain);
        reader.setDaemon(true);
    }

    /**
     * Connects to QEMU's monitor socket, retrying while the socket is not there yet and
     * {@code stillWorthWaiting} holds, reads the greeting and negotiates capabilities.
     *
     * @throws VirtException OPERATION_TIMEOUT when nothing answered within {@code timeoutMillis},
     *                       OPERATION_FAILED when QEMU closed the monitor or gave up waiting
     */
    static QmpMonitor connect(Path socket, String domain, Listener listener, long timeoutMillis,
                              BooleanSupplier stillWorthWaiting) {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        SocketChannel ch = null;
        IOException last = null;
        while (ch == null) {
            try {
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    c.connect(UnixDomainSocketAddress.of(socket));
                    ch = c;
                } catch (IOException e) {
                    c.close();
                    throw e;
                }
            } catch (IOException e) {
                last = e;
                if (!stillWorthWaiting.getAsBoolean()) {
                    throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU,
                        "monitor socket did not show up: " + socket);
                }
                if (System.nanoTime() > deadline) {
                    throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.QEMU,
                        "cannot connect to the monitor " + socket + ": " + last.getMessage());
                }
                // a fresh QEMU makes its socket within ~100 ms: poll finely then (a failed connect
                // costs microseconds, a coarse sleep is start latency), coarsely for a slow one
                sleep(System.nanoTime() - started < FINE_POLL_NANOS ? 2 : 20);
            }
        }
        QmpMonitor m = new QmpMonitor(ch, domain, listener);
        m.reader.start();
        try {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            m.greeting.get(left, TimeUnit.MILLISECONDS);
            m.execute("qmp_capabilities", null, left);
            return m;
        } catch (TimeoutException e) {
            m.close();
            throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.QEMU, "no QMP greeting from " + socket);
        } catch (ExecutionException e) {
            m.close();
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU, "End of file from qemu monitor");
        } catch (InterruptedException e) {
            m.close();
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.QEMU, "interrupted connecting to the monitor");
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /**
     * Runs one QMP command and returns its {@code return} value.
     *
     * @throws VirtException INTERNAL_ERROR "unable to execute QEMU command 'x': desc" for an error
     *                       reply (libvirt's words), OPERATION_FAILED when the monitor is closed,
     *                       OPERATION_TIMEOUT when QEMU does not answer in time
     */
    Object execute(String command, Map<String, Object> arguments, long timeoutMillis) {
        if (eof || closing) {
            throw closedError();
        }
        boolean locked;
        try {
            locked = commandLock.tryLock(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.QEMU, "interrupted waiting for the monitor");
        }
        if (!locked) {
            throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.QEMU,
                "cannot acquire the monitor of domain '" + domain + "' for '" + command + "'");
        }
        try {
            String id = "jvirt-" + ids.incrementAndGet();
            Map<String, Object> msg = new LinkedHashMap<>();
            msg.put("execute", command);
            if (arguments != null && !arguments.isEmpty()) {
                msg.put("arguments", arguments);
            }
            msg.put("id", id);
            Pending p = new Pending(id, command, new CompletableFuture<>());
            pending = p;
            if (eof) { // EOF raced with registering the command
                throw closedError();
            }
            write(QmpJson.write(msg) + "\n");
            Map<String, Object> reply;
            try {
                reply = p.reply.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.QEMU,
                    "QEMU did not answer '" + command + "' within " + timeoutMillis + " ms (domain '" + domain + "')");
            } catch (ExecutionException e) {
                throw closedError();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.QEMU, "interrupted waiting for '" + command + "'");
            } finally {
                pending = null;
            }
            if (reply.containsKey("error")) {
                Map<String, Object> err = QmpJson.object(reply.get("error"));
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                    "unable to execute QEMU command '" + command + "': " + err.getOrDefault("desc", "unknown error"));
            }
            return reply.get("return");
        } finally {
            commandLock.unlock();
        }
    }

    boolean isOpen() {
        return !eof && !closing;
    }

    /** Closes the socket and ends the reader thread; QEMU keeps running. No {@code onEof} follows. */
    @Override
    public void close() {
        closing = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing monitor of {}: {}", domain, e.toString());
        }
        if (Thread.currentThread() != reader) {
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private VirtException closedError() {
        return new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU, "End of file from qemu monitor");
    }

    private synchronized void write(String line) {
        ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU,
                "cannot send to the monitor of domain '" + domain + "': " + e.getMessage(), e);
        }
    }

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                buf.clear();
                int n = channel.read(buf);
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    byte b = buf.get(i);
                    if (b == '\n') {
                        dispatch(line.toString(StandardCharsets.UTF_8).trim());
                        line.reset();
                    } else if (line.size() < MAX_LINE) {
                        line.write(b);
                    }
                }
            }
        } catch (IOException e) {
            if (!closing) {
                LOG.debug("monitor of {} failed: {}", domain, e.toString());
            }
        } finally {
            eof = true;
            VirtException gone = closedError();
            greeting.completeExceptionally(gone);
            Pending p = pending;
            if (p != null) {
                p.reply.completeExceptionally(gone);
            }
            if (!closing) {
                try {
                    listener.onEof();
                } catch (RuntimeException e) {
                    LOG.warn("monitor EOF handler of {} failed", domain, e);
                }
            }
        }
    }

    private void dispatch(String text) {
        if (text.isEmpty()) {
            return;
        }
        Map<String, Object> msg;
        try {
            msg = QmpJson.object(QmpJson.parse(text));
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring malformed QMP message from {}: {}", domain, e.getMessage());
            return;
        }
        if (msg.containsKey("QMP")) {
            greeting.complete(msg);
        } else if (msg.containsKey("event")) {
            LOG.debug("QMP event of {}: {}", domain, text);
            try {
                listener.onEvent(String.valueOf(msg.get("event")), QmpJson.object(msg.get("data")));
            } catch (RuntimeException e) {
                LOG.warn("QMP event handler of {} failed", domain, e);
            }
        } else if (msg.containsKey("return") || msg.containsKey("error")) {
            Pending p = pending;
            if (p != null && (msg.get("id") == null || p.id.equals(msg.get("id")))) {
                p.reply.complete(msg);
            } else {
                LOG.debug("dropping late QMP reply from {}: {}", domain, text);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.QEMU, "interrupted");
        }
    }
}
