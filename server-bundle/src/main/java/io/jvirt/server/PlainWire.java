package io.jvirt.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** A UNIX or plain TCP client's socket as it is. */
final class PlainWire implements ClientWire {

    private final SocketChannel channel;

    PlainWire(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public boolean buffered() {
        return false;
    }

    @Override
    public boolean write(ByteBuffer src) throws IOException {
        channel.write(src);
        return !src.hasRemaining();
    }

    @Override
    public boolean pendingOutput() {
        return false;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
