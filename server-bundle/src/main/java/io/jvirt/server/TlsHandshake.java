package io.jvirt.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.core.kit.tls.TlsIdentity;
import io.jvirt.core.kit.tls.TlsServerContext;
import io.jvirt.core.kit.tls.TlsSetupException;

/**
 * A TLS client's handshake on the server's event loop (libvirtd's virNetServerClient before its
 * TLS session is established): records in and out without blocking, the engine's delegated tasks
 * (certificate validation, key exchange) on a worker so that the loop never waits on them, then
 * libvirt's checks of the client certificate and its confirmation byte; a client that passes
 * becomes an RPC client on the same loop with the same {@link TlsWire}. A client that fails,
 * stalls or is too slow (its listener's deadline) is dropped. Every step runs on the loop's thread.
 */
final class TlsHandshake implements LoopClient {

    private static final Logger LOG = LoggerFactory.getLogger(TlsHandshake.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** Where a handshake's end is told (its listener). */
    interface Outcome {
        /** The client passed: it is the server's now. */
        void passed(SocketChannel channel, ClientWire wire, String identity);

        /** The handshake is over, passed or not (its slot and deadline go). */
        void ended(TlsHandshake h);
    }

    private final RpcEventLoop loop;
    private final SocketChannel channel;
    private final TlsServerContext tls;
    private final TlsWire wire;
    private final SSLEngine engine;
    private final Executor tasks;
    private final String from;
    private final Outcome outcome;
    private SelectionKey key;
    private String identity;
    private boolean over;
    private volatile ScheduledFuture<?> deadline;

    TlsHandshake(RpcEventLoop loop, SocketChannel channel, TlsServerContext tls, Executor tasks, String from, Outcome outcome) {
        this.loop = loop;
        this.channel = channel;
        this.tls = tls;
        this.engine = tls.newEngine();
        this.wire = new TlsWire(channel, engine);
        this.tasks = tasks;
        this.from = from;
        this.outcome = outcome;
    }

    void deadline(ScheduledFuture<?> d) {
        this.deadline = d;
    }

    ScheduledFuture<?> deadline() {
        return deadline;
    }

    /** Puts the socket on the loop and starts (from the listener's thread). */
    void start() {
        try {
            channel.configureBlocking(false);
            engine.beginHandshake();
        } catch (IOException e) {
            loop.execute(() -> refuse(e.getMessage()));
            return;
        }
        loop.execute(() -> {
            if (over) {
                return;
            }
            try {
                key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
            } catch (IOException e) {
                refuse(e.getMessage());
                return;
            }
            step();
        });
    }

    @Override
    public void ready(SelectionKey k) {
        step();
    }

    /** Drives the engine as far as the socket allows now. */
    private void step() {
        if (over) {
            return;
        }
        try {
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP -> {
                        if (!wire.write(EMPTY)) {
                            await(SelectionKey.OP_WRITE);
                            return;
                        }
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (!wire.handshakeRead()) {
                            await(SelectionKey.OP_READ);
                            return;
                        }
                    }
                    case NEED_TASK -> {
                        await(0);
                        runTasks();
                        return;
                    }
                    default -> {
                        // the handshake is complete: libvirt's checks, then its confirmation byte
                        if (identity == null) {
                            TlsIdentity peer = tls.checkPeer(engine.getSession());
                            identity = peer.describe() + " from " + from + " over TLS";
                            wire.established();
                            if (!wire.write(ByteBuffer.wrap(new byte[] {TlsServerContext.CONFIRMATION}))) {
                                await(SelectionKey.OP_WRITE);
                                return;
                            }
                        } else if (!wire.write(EMPTY)) {
                            await(SelectionKey.OP_WRITE);
                            return;
                        }
                        pass();
                        return;
                    }
                }
            }
        } catch (SSLException e) {
            refuse(TlsServerContext.handshakeFailure(e).getMessage());
        } catch (TlsSetupException e) {
            refuse(e.getMessage());
        } catch (IOException | RuntimeException e) {
            refuse(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** The engine's tasks (certificate checks, key agreement) on a worker; the loop goes on meanwhile. */
    private void runTasks() {
        tasks.execute(() -> {
            try {
                for (Runnable t; (t = engine.getDelegatedTask()) != null;) {
                    t.run();
                }
            } catch (RuntimeException e) {
                // the engine also reports it at its next step
                LOG.debug("a TLS handshake task of {} failed", from, e);
            }
            loop.execute(this::step);
        });
    }

    private void await(int ops) {
        if (key != null && key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    private void pass() {
        over = true;
        await(0);
        outcome.ended(this);
        outcome.passed(channel, wire, identity);
    }

    /** Drops the client (with the engine's alert or close_notify as far as the socket takes it). */
    private void refuse(String why) {
        if (over) {
            return;
        }
        over = true;
        LOG.warn("refusing TLS client {}: {}", from, why);
        try {
            wire.close();
        } catch (IOException e) {
            LOG.debug("closing TLS client {}", from, e);
        }
        outcome.ended(this);
    }

    /** On the loop: drops a client still in its handshake (its deadline passed, the listener closes). */
    @Override
    public void fail(String why) {
        refuse(why);
    }

    @Override
    public String toString() {
        return "TLS client " + from + " in its handshake";
    }
}
