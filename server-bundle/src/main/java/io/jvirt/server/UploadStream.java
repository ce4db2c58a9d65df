package io.jvirt.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.jvirt.api.SparseOutput;
import io.jvirt.core.kit.rpc.RpcMessage;
import io.jvirt.core.kit.rpc.RpcStream;

/**
 * Bytes from the client into the API's upload stream (virStorageVolUpload). The client's packets
 * wait in a queue as long as its {@code max_client_requests}: as in libvirtd, where every stream
 * packet not yet written counts as a request in progress, a full queue stops the server reading
 * that client (flow control by TCP, the protocol has no window). Finish closes the Java stream
 * (that is the upload's virStreamFinish) and confirms, or reports its failure; abort closes it
 * and confirms; a write that fails ends the stream with the error.
 */
final class UploadStream extends ServerStream {

    private static final long POLL_MS = 500;
    private final OutputStream out;
    private final BlockingQueue<RpcMessage> queue;

    UploadStream(ClientStreams owner, boolean sparse, String what, OutputStream out) {
        super(owner, sparse, what, out);
        this.out = out;
        this.queue = new ArrayBlockingQueue<>(owner.client().maxRequests());
    }

    @Override
    boolean offer(RpcMessage m) {
        return aborted() || client().isClosed() || queue.offer(m);
    }

    @Override
    void run() throws InterruptedException {
        while (!aborted()) {
            RpcMessage m = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
            if (m == null) {
                continue;
            }
            client().streamRoom();
            RpcStream.Packet p = receive(m);
            if (p == null) {
                continue; // after the end: dropped, as libvirtd drops late data
            }
            try {
                switch (p.kind()) {
                    case DATA -> out.write(p.data());
                    case HOLE -> {
                        if (out instanceof SparseOutput s) {
                            s.writeHole(p.holeLength()); // a file volume: a real hole, as libvirt's lseek + ftruncate
                        } else {
                            writeZeros(p.holeLength());
                        }
                    }
                    case EOF -> {
                        // the client has no more data; its finish follows
                    }
                    case FINISH -> {
                        out.close();
                        confirm();
                        return;
                    }
                    case ABORT, ERROR -> {
                        // what was written stays, as with libvirt's file streams
                        out.close();
                        confirm();
                        return;
                    }
                    default -> throw new IllegalStateException(p.kind().toString());
                }
            } catch (IOException e) {
                if (!aborted()) {
                    fail(ioError("write to", e));
                }
                return;
            }
        }
    }

    /**
     * A hole for a Java stream that takes none ({@link SparseOutput}): its zeros are written (the
     * bytes are the same; the volume is less sparse than libvirt's, which seeks).
     */
    private void writeZeros(long length) throws IOException {
        byte[] zeros = new byte[(int) Math.min(length, 1 << 16)];
        long left = length;
        while (left > 0 && !aborted()) {
            int n = (int) Math.min(left, zeros.length);
            out.write(zeros, 0, n);
            left -= n;
        }
    }
}
