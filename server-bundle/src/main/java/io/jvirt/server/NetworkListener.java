package io.jvirt.server;

import java.nio.channels.SocketChannel;

/** A TCP port the server listens on (TLS or plain). */
interface NetworkListener extends AutoCloseable {

    /** Where a listener hands a connected (and, for TLS, checked) client, served on the event loop. */
    interface Ready {
        void accept(SocketChannel channel, ClientWire wire, String identity);
    }

    /** The port bound (the configured one, or the one the system picked for 0). */
    int port();

    @Override
    void close();
}
