package io.jvirt.server;

import java.io.IOException;
import java.io.InputStream;

import io.jvirt.api.SparseInput;
import io.jvirt.core.kit.rpc.RpcMessage;
import io.jvirt.core.kit.rpc.RpcStream;

/**
 * Bytes from the API's download stream (virStorageVolDownload) to the client, in packets of at
 * most libvirt's 256 KiB, then an empty CONTINUE (end of data); the client's finish is confirmed
 * with an empty OK. The next packet is read only when the client has taken the queued ones
 * (libvirtd sends one packet at a time), so a client that stops reading holds one packet's worth
 * of memory, not the volume. A read that fails ends the stream with the error; an abort from the
 * client stops the reading and is confirmed.
 *
 * <p>A download with SPARSE_STREAM whose Java stream tells its holes ({@link SparseInput}: a file
 * volume of driver-storage, or a remote daemon's sparse stream) goes as libvirtd's
 * daemonStreamHandleRead sends it: at each point the section is asked (virStreamInData); a hole
 * goes as one STREAM_HOLE message ({@code stream_hole}: its length, flags 0) and is skipped, data
 * goes in packets of at most 256 KiB that never run into the next hole; the end is the empty
 * CONTINUE. A stream that tells no holes (a block device, as libvirt's) sends data only.
 */
final class DownloadStream extends ServerStream {

    /** Output queued for the client beyond which the next packet waits. */
    private static final long ROOM = 2L * RpcStream.MAX_DATA;
    private final InputStream in;
    /** The stream's holes, when the client asked for them and the stream knows them; else null. */
    private final SparseInput holes;
    private final Object ended = new Object();
    private boolean clientEnded;

    DownloadStream(ClientStreams owner, boolean sparse, String what, InputStream in) {
        super(owner, sparse, what, in);
        this.in = in;
        this.holes = sparse && in instanceof SparseInput s ? s : null;
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

    /** The sections as libvirtd sends them: holes as hole messages, data in packets within its section. */
    private void sendSparse(byte[] buf) throws IOException, InterruptedException {
        while (!aborted() && !clientEnded()) {
            SparseInput.Section s = holes.section();
            if (s.end()) {
                send(RpcStream::eof);
                return;
            }
            if (!client().awaitRoom(ROOM)) {
                return;
            }
            if (s.hole()) {
                long length = s.length();
                if (!send(r -> r.hole(length))) {
                    return;
                }
                holes.skipHole(length);
                continue;
            }
            int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, s.length()));
            if (n == 0) {
                send(RpcStream::eof); // the file shrank meanwhile
                return;
            }
            if (!send(r -> r.data(buf, 0, n))) {
                return;
            }
        }
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
            if (holes != null) {
                sendSparse(buf);
            }
            while (holes == null && !aborted() && !clientEnded()) {
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
