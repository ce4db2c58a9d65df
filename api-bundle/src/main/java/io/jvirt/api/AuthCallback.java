package io.jvirt.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Answers a driver's credential requests while a connection opens ({@code virConnectAuthCallbackPtr}).
 * Implemented by API clients: a console prompts, a program answers from its own store.
 *
 * @since 0.2.0
 */
@ConsumerType
@FunctionalInterface
public interface AuthCallback {

    /**
     * Sets the {@link Credential#result(String) result} of each credential it can answer.
     *
     * @param credentials the requests, only of the types the {@link ConnectAuth} lists
     * @return true when answered; false when the user cancelled or cannot answer (libvirt's -1):
     *         the driver then fails the open with AUTH_FAILED
     */
    boolean answer(List<Credential> credentials);
}
