package io.jvirt.api;

import java.time.Instant;
import java.util.Objects;

/**
 * What a named connection is doing ({@link NamedConnections}). Never carries a secret.
 *
 * @param name        the configuration's name ({@code etc/io.jvirt.connection-NAME.cfg})
 * @param uri         the URI it connects to, without any password
 * @param readOnly    whether it is opened read-only
 * @param credentials how its credentials are found ("none", "config", "authfile:PATH#ENTRY"): a
 *                    reference, never the secret
 * @param state       connected, connecting, reconnecting or failed
 * @param lastError   the error of the last failed attempt or the reason of the last drop (libvirt's
 *                    message), or null when there was none
 * @param since       when it entered {@code state}
 * @param attempts    failed attempts since it was last connected
 * @since 0.8.0
 */
public record NamedConnectionInfo(String name, String uri, boolean readOnly, String credentials, State state,
                                  String lastError, Instant since, int attempts) {

    /** The states of a named connection. */
    public enum State {
        /** Its first attempt runs. */
        CONNECTING,
        /** Open. */
        CONNECTED,
        /** Lost (or never opened) and being retried with backoff. */
        RECONNECTING,
        /** Given up: the configuration is wrong (its URI, its credentials) or the attempts allowed are used up. */
        FAILED;

        /** The word {@code virt:connections} prints ("connected"). */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public NamedConnectionInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        credentials = credentials == null ? "none" : credentials;
    }
}
