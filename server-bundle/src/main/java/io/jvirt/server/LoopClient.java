package io.jvirt.server;

import java.nio.channels.SelectionKey;

/** What the {@link RpcEventLoop} serves on a socket: a client, or a TLS client still in its handshake. */
interface LoopClient {

    /** On the loop: the socket is ready for what the key's interest asked. */
    void ready(SelectionKey key);

    /** On the loop: drops the socket after the loop itself failed on it. */
    void fail(String why);
}
