package io.jvirt.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a connection's driver may ask for credentials ({@code virConnectAuth}): the credential types
 * the caller can answer and the {@link AuthCallback} that answers them. Drivers first take what
 * the URI and libvirt's auth file give, and ask the callback only for what is still missing.
 *
 * @since 0.2.0
 */
public final class ConnectAuth {

    /** Answers nothing: drivers use only the URI and the auth file (what {@code Connector.open} gives). */
    public static final ConnectAuth NONE = new ConnectAuth(Set.of(), credentials -> false);

    private final Set<CredentialType> types;
    private final AuthCallback callback;

    private ConnectAuth(Set<CredentialType> types, AuthCallback callback) {
        this.types = types;
        this.callback = callback;
    }

    /**
     * @param callback answers the requests
     * @param types    the credential types it can answer, in the caller's order of preference
     */
    public static ConnectAuth of(AuthCallback callback, CredentialType... types) {
        Objects.requireNonNull(callback, "callback");
        Set<CredentialType> set = EnumSet.noneOf(CredentialType.class);
        Collections.addAll(set, types);
        return new ConnectAuth(Collections.unmodifiableSet(set), callback);
    }

    /** The types the callback can answer. */
    public Set<CredentialType> types() {
        return types;
    }

    public boolean supports(CredentialType type) {
        return types.contains(type);
    }

    /**
     * Asks the callback for {@code credentials}, all of which must be of supported types.
     *
     * @return whether the callback answered; what the callback throws is passed on
     */
    public boolean ask(List<Credential> credentials) {
        for (Credential c : credentials) {
            if (!supports(c.type())) {
                throw new IllegalArgumentException("credential type " + c.type() + " was not offered");
            }
        }
        return callback.answer(credentials);
    }

    @Override
    public String toString() {
        return "ConnectAuth" + types;
    }
}
