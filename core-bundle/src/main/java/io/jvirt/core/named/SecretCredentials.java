package io.jvirt.core.named;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.jvirt.api.ConnectAuth;
import io.jvirt.api.Credential;
import io.jvirt.api.CredentialType;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.AuthFile;

/**
 * Where a named connection's user name and password come from: nowhere ({@code none}), its own
 * configuration ({@code config}: {@code username} and the private property {@code .password}),
 * or a {@code [credentials-ENTRY]} group of a libvirt auth file ({@code authfile:PATH#ENTRY},
 * read at each connection attempt, so a changed file is used at the next reconnect). They reach
 * the driver only through its credential callback. {@link #toString()} is the reference, never
 * the secret.
 */
final class SecretCredentials {

    private static final CredentialType[] ANSWERS = {
        CredentialType.USERNAME, CredentialType.AUTHNAME, CredentialType.PASSPHRASE, CredentialType.NOECHOPROMPT};

    private final String reference;
    private final String username;
    private final String password;
    private final Path authFile;
    private final String entry;
    /** The password last read from the auth file, so that messages quoting it can be masked. */
    private volatile String filePassword;

    private SecretCredentials(String reference, String username, String password, Path authFile, String entry) {
        this.reference = reference;
        this.username = username;
        this.password = password;
        this.authFile = authFile;
        this.entry = entry;
    }

    static final SecretCredentials NONE = new SecretCredentials("none", null, null, null, null);

    static SecretCredentials from(String name, String credentials, String username, String password) {
        String kind = credentials == null ? (username != null || password != null ? "config" : "none") : credentials;
        if (kind.equals("none")) {
            return NONE;
        }
        if (kind.equals("config")) {
            return new SecretCredentials("config", username, password, null, null);
        }
        if (kind.startsWith("authfile:")) {
            String ref = kind.substring("authfile:".length());
            int hash = ref.lastIndexOf('#');
            if (hash <= 0 || hash == ref.length() - 1) {
                throw new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.CONF,
                    "named connection '" + name + "': credentials 'authfile:PATH#ENTRY' needs a path and an entry");
            }
            return new SecretCredentials(kind, null, null, Path.of(ref.substring(0, hash)), ref.substring(hash + 1));
        }
        throw new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.CONF,
            "named connection '" + name + "': credentials must be none, config or authfile:PATH#ENTRY");
    }

    /** The callback a driver asks for this connection's user name and password. */
    ConnectAuth auth() {
        if (this == NONE) {
            return ConnectAuth.NONE;
        }
        return ConnectAuth.of(this::answer, ANSWERS);
    }

    private boolean answer(List<Credential> asked) {
        String user = username;
        String pass = password;
        if (authFile != null) {
            Optional<AuthFile.Credentials> c = AuthFile.load(authFile).credentials(entry);
            if (c.isEmpty()) {
                throw new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.CONF,
                    "no group 'credentials-" + entry + "' in '" + authFile + "'");
            }
            user = c.get().username();
            pass = c.get().password();
            filePassword = pass;
        }
        for (Credential c : asked) {
            String value = switch (c.type()) {
                case USERNAME, AUTHNAME -> user;
                case PASSPHRASE, NOECHOPROMPT -> pass;
                default -> null;
            };
            if (value == null) {
                return false;
            }
            c.result(value);
        }
        return true;
    }

    /** {@code text} with this connection's configured password replaced, for messages that could quote it. */
    String mask(String text) {
        return mask(mask(text, password), filePassword);
    }

    private static String mask(String text, String secret) {
        return text == null || secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
    }

    @Override
    public String toString() {
        return reference;
    }
}
