package io.jvirt.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The least QMP client the raw command line needs (scenario 3's baseline): connect to the monitor
 * socket of a QEMU the harness spawned, negotiate, send a command and wait for its reply, skipping
 * events. Not jvirt's QmpMonitor (private to the driver bundle): the baseline must not share the
 * code it is compared with.
 */
final class QmpClient implements AutoCloseable {

    /** How often a connect is retried while QEMU has not created its socket yet. */
    static final long RETRY_MILLIS = 1;

    private final SocketChannel channel;
    private final BufferedReader in;

    private QmpClient(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        String greeting = in.readLine();
        if (greeting == null || !greeting.contains("\"QMP\"")) {
            throw new IOException("no QMP greeting on " + channel + ": " + greeting);
        }
        execute("qmp_capabilities");
    }

    /**
     * Connects, retrying every {@link #RETRY_MILLIS} while {@code alive} holds and the socket is not
     * there yet, for at most {@code timeoutMillis}; negotiates capabilities.
     */
    static QmpClient connect(Path socket, BooleanSupplier alive, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                c.connect(UnixDomainSocketAddress.of(socket));
                return new QmpClient(c);
            } catch (IOException e) {
                c.close();
                if (!alive.getAsBoolean() || System.nanoTime() > deadline) {
                    throw new IOException("cannot connect to QMP at " + socket + ": " + e.getMessage(), e);
                }
                TimeUnit.MILLISECONDS.sleep(RETRY_MILLIS);
            }
        }
    }

    /** Sends a command without arguments and returns its reply line (events before it are skipped). */
    String execute(String command) throws IOException {
        channel.write(ByteBuffer.wrap(("{\"execute\":\"" + command + "\"}\n").getBytes(StandardCharsets.UTF_8)));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.contains("\"return\"")) {
                return line;
            }
            if (line.contains("\"error\"")) {
                throw new IOException("QMP " + command + " failed: " + line);
            }
        }
        throw new IOException("QMP connection closed waiting for the reply to " + command);
    }

    /** Whether {@code query-status} says the vCPUs run. */
    boolean running() throws IOException {
        return execute("query-status").replace(" ", "").contains("\"running\":true");
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
