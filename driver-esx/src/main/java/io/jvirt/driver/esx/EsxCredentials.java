package io.jvirt.driver.esx;

import java.util.List;
import java.util.Optional;

import io.jvirt.api.ConnectAuth;
import io.jvirt.api.Credential;
import io.jvirt.api.CredentialType;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The user and password of an ESX connection, found in libvirt's order ({@code esxConnectOpen}
 * with {@code virAuthGetUsername} / {@code virAuthGetPassword}): the user from the URI, else the
 * auth file, else the caller's callback (AUTHNAME, default "root"); the password from the auth
 * file, else the callback (PASSPHRASE, else NOECHOPROMPT). A caller that offered no callback at all
 * ({@code Connector.open}) gets "root" as the user, the default libvirt would offer.
 *
 * @param user     the user to log in as
 * @param password the password; {@link #toString()} never shows it
 */
record EsxCredentials(String user, String password) {

    static final String DEFAULT_USER = "root";

    @Override
    public String toString() {
        return "EsxCredentials[user=" + user + ", password=***]";
    }

    /**
     * @param uri      the connection's URI (its user part, scheme and host)
     * @param fromFile the auth file's entry for the URI's scheme and host, if any
     * @param auth     the caller's callback, {@link ConnectAuth#NONE} for none
     * @param whereToPutIt names the auth file settings, for the error when nothing gives a password
     */
    static EsxCredentials resolve(EsxUri uri, Optional<AuthFile.Credentials> fromFile, ConnectAuth auth,
                                  String whereToPutIt) {
        String user = uri.user();
        if (user == null) {
            user = fromFile.map(AuthFile.Credentials::username).orElse(null);
        }
        if (user == null) {
            user = auth == ConnectAuth.NONE ? DEFAULT_USER : askUser(uri, auth);
        }
        String password = fromFile.map(AuthFile.Credentials::password).orElse(null);
        if (password == null) {
            if (auth == ConnectAuth.NONE) {
                throw failed("Password request failed: no password for '" + user + "@" + uri.host()
                    + "' (no authentication callback; " + whereToPutIt + ")");
            }
            password = askPassword(uri, user, auth);
        }
        return new EsxCredentials(user, password);
    }

    private static String askUser(EsxUri uri, ConnectAuth auth) {
        if (!auth.supports(CredentialType.AUTHNAME)) {
            throw failed("Username request failed (the authentication callback does not answer AUTHNAME)");
        }
        Credential c = new Credential(CredentialType.AUTHNAME,
            "Enter username for " + uri.host() + " [" + DEFAULT_USER + "]", uri.host(), DEFAULT_USER);
        return ask(auth, c, "Username request failed");
    }

    private static String askPassword(EsxUri uri, String user, ConnectAuth auth) {
        CredentialType type = auth.supports(CredentialType.PASSPHRASE) ? CredentialType.PASSPHRASE
            : auth.supports(CredentialType.NOECHOPROMPT) ? CredentialType.NOECHOPROMPT : null;
        if (type == null) {
            throw failed("Password request failed (the authentication callback answers neither PASSPHRASE nor "
                + "NOECHOPROMPT)");
        }
        Credential c = new Credential(type, "Enter " + user + "'s password for " + uri.host(), uri.host(), null);
        return ask(auth, c, "Password request failed");
    }

    /** One callback round; a refusal, an empty answer or a throwing callback is AUTH_FAILED. */
    private static String ask(ConnectAuth auth, Credential c, String failure) {
        boolean answered;
        try {
            answered = auth.ask(List.of(c));
        } catch (RuntimeException e) {
            // only the exception's type: its message or cause might hold what the user typed so far
            throw failed(failure + " (the authentication callback threw " + e.getClass().getName() + ")");
        }
        String result = c.result();
        if (!answered || result == null) {
            throw failed(failure);
        }
        return result;
    }

    private static VirtException failed(String message) {
        return new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.ESX, message);
    }
}
