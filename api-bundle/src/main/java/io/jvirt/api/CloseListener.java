package io.jvirt.api;

/** Told when a connection closes, whether the user closed it or its driver went away. */
@FunctionalInterface
public interface CloseListener {

    /** Why a connection closed ({@code virConnectCloseReason}). */
    enum Reason { ERROR, EOF, KEEPALIVE, CLIENT }

    void onClose(Connection connection, Reason reason);
}
