package io.jvirt.server;

/** A TCP port the server listens on (TLS or plain). */
interface NetworkListener extends AutoCloseable {

    /** Where a listener hands a connected (and, for TLS, checked) client. */
    interface Ready {
        void accept(ClientTransport transport, String identity);
    }

    /** The port bound (the configured one, or the one the system picked for 0). */
    int port();

    @Override
    void close();
}
