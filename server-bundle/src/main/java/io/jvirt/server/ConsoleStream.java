package io.jvirt.server;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.jvirt.api.DomainConsole;
import io.jvirt.core.kit.rpc.RpcMessage;
import io.jvirt.core.kit.rpc.RpcStream;

/**
 * A domain's console over the wire (virDomainOpenConsole): both directions at once. What the guest
 * writes goes to the client as soon as it is read (packets of what is there, not of 256 KiB); what
 * the client types waits in a queue bounded by its {@code max_client_requests} (as for uploads) and
 * is written by a second thread, so that a guest that reads nothing holds up neither the output
 * nor the client's finish. The console ending (the guest's device closed) is the end of data to
 * the client; the client's finish or abort (virsh's detach) closes the console and is confirmed.
 */
final class ConsoleStream extends ServerStream {

    private static final long POLL_MS = 500;
    /** Output queued for the client beyond which the console is not read (a client that stops reading). */
    private static final long ROOM = 2L * RpcStream.MAX_DATA;
    private final DomainConsole console;
    private final BlockingQueue<RpcMessage> typed;
    private final Object ended = new Object();
    private boolean clientEnded;

    ConsoleStream(ClientStreams owner, String what, DomainConsole console) {
        super(owner, false, what, console);
        this.console = console;
        this.typed = new ArrayBlockingQueue<>(owner.client().maxRequests());
    }

    @Override
    boolean offer(RpcMessage m) {
        // only the loop adds to the queue: room seen now is still there below
        if (typed.remainingCapacity() == 0 && !aborted() && !client().isClosed()) {
            return false; // the guest reads slowly: the client waits (flow control)
        }
        RpcStream.Packet p = receive(m);
        if (p == null) {
            return true;
        }
        switch (p.kind()) {
            case DATA -> typed.offer(m); // room seen above; dropped only when the stream or client is ending
            case FINISH, ABORT, ERROR -> {
                synchronized (ended) {
                    clientEnded = true;
                    ended.notifyAll();
                }
                console.close(); // wakes the reading thread
            }
            default -> {
                // EOF or a hole from the client: nothing to type
            }
        }
        return true;
    }

    private boolean clientEnded() {
        synchronized (ended) {
            return clientEnded;
        }
    }

    @Override
    void run() throws InterruptedException {
        Thread typing = new Thread(null, this::typeLoop, Thread.currentThread().getName() + "-in", 128 * 1024);
        typing.setDaemon(true);
        typing.start();
        try {
            byte[] buf = new byte[RpcStream.MAX_DATA];
            try {
                while (!aborted() && !clientEnded()) {
                    int n = console.input().read(buf, 0, buf.length);
                    if (n < 0) {
                        if (!clientEnded()) {
                            send(RpcStream::eof); // the console ended: the client sees the end of data
                        }
                        break;
                    }
                    if (n > 0 && (!client().awaitRoom(ROOM) || !send(s -> s.data(buf, 0, n)))) {
                        break;
                    }
                }
            } catch (IOException e) {
                if (!aborted() && !clientEnded()) {
                    fail(ioError("read from", e));
                    return;
                }
            }
            synchronized (ended) {
                while (!clientEnded && !aborted() && !client().isClosed()) {
                    ended.wait(POLL_MS);
                }
            }
            if (clientEnded()) {
                console.close();
                confirm();
            }
        } finally {
            console.close();
            typing.interrupt();
            typing.join(5000);
        }
    }

    private void typeLoop() {
        try {
            while (!aborted() && !clientEnded()) {
                RpcMessage m = typed.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (m != null) {
                    client().streamRoom();
                    console.output().write(m.payload());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the console closed under the write: the reading side reports the end
        }
    }
}
