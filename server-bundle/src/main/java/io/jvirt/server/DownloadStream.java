package io.jvirt.server;

import java.io.IOException;
import java.io.InputStream;

import io.jvirt.core.kit.rpc.RpcMessage;
import io.jvirt.core.kit.rpc.RpcStream;

/**
 * Bytes from the API's download stream (virStorageVolDownload) to the client, in packets of at
 * most libvirt's 256 KiB, then an empty CONTINUE (end of data); the client's finish is confirmed
 * with an empty OK. The next packet is read only when the client has taken the queued ones
 * (libvirtd sends one packet at a time), so a client that stops reading holds one packet's worth
 * of memory, not the volume. A read that fails ends the stream with the error; an abort from the
 * client stops the reading and is confirmed.
 */
final class DownloadStream extends ServerStream {

    /** Output queued for the client beyond which the next packet waits. */
    private static final long ROOM = 2L * RpcStream.MAX_DATA;
    private final InputStream in;
    private final Object ended = new Object();
    private boolean clientEnded;

    DownloadStream(ClientStreams owner, String what, InputStream in) {
        // jvirt sends data only, never holes: a sparse client takes that as libvirt's does
        super(owner, false, what, in);
        this.in = in;
    }

    @Override
    boolean offer(RpcMessage m) {
        // never waits
        RpcStream.Packet p = receive(m);
        if (p == null) {
            return true;
        }
        switch (p.kind()) {
            case FINISH, ABORT, ERROR -> {
                synchronized (ended) {
                    clientEnded = true;
                    ended.notifyAll();
                }
            }
            default -> {
                // data from the client on a download: libvirt's read-only stream would refuse it; dropped
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
        byte[] buf = new byte[RpcStream.MAX_DATA];
        try {
            while (!aborted() && !clientEnded()) {
                int n = in.readNBytes(buf, 0, buf.length);
                if (n == 0) {
                    send(RpcStream::eof);
                    break;
                }
                if (!client().awaitRoom(ROOM) || !send(s -> s.data(buf, 0, n))) {
                    break;
                }
                if (n < buf.length) {
                    send(RpcStream::eof);
                    break;
                }
            }
        } catch (IOException e) {
            if (!aborted()) {
                fail(ioError("read from", e));
            }
            return;
        }
        synchronized (ended) {
            while (!clientEnded && !aborted() && !client().isClosed()) {
                ended.wait(500);
            }
        }
        if (clientEnded()) {
            try {
                in.close();
            } catch (IOException e) {
                // the bytes are all sent; a failure to close the file changes nothing for the client
            }
            confirm();
        }
    }
}
