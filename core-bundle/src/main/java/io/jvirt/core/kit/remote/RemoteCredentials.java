package io.jvirt.core.kit.remote;

import java.util.List;
import java.util.Optional;

import io.jvirt.api.ConnectAuth;
import io.jvirt.api.Credential;
import io.jvirt.api.CredentialType;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The user and password a remote driver logs in with, found in libvirt's order
 * ({@code virAuthGetUsername}, {@code virAuthGetPassword}): the user from the URI, else the auth
 * file, else the client's callback (AUTHNAME, with the driver's default user); the password from
 * the auth file, else the callback (PASSPHRASE, else NOECHOPROMPT). A client that offered no
 * callback at all ({@code Connector.open}, the console) gets the driver's default user, the answer
 * libvirt's prompt would default to.
 *
 * <p>The auth file's entry comes in already filtered by {@link RemoteAccessPolicy#fileCredentials}
 * (which server may get which credentials). One rule is added to libvirt's: when the entry names a
 * {@code username} and the URI names another user, the entry's password is not used (it belongs
 * to its user; libvirt would send it with whatever user was typed).
 *
 * <p>A callback that returns false, leaves the result null, throws or does not offer the needed
 * type is AUTH_FAILED "Username request failed" / "Password request failed", before anything is
 * sent; a throwing callback is named only by its exception's class, since its message might hold
 * what was typed. {@link #toString()} never shows the password.
 *
 * @param user     the user to log in as
 * @param password the password
 * @since 0.4.0
 */
public record RemoteCredentials(String user, String password) {

    @Override
    public String toString() {
        return "RemoteCredentials[user=" + user + ", password=***]";
    }

    /**
     * @param to           the server (its host is the prompts' challenge)
     * @param uriUser      the URI's user part, or null
     * @param defaultUser  the driver's default user (libvirt's: "root" for ESX, "administrator"
     *                     for Hyper-V), or null for none
     * @param fromFile     the auth file's entry the policy allows for {@code to}, if any
     * @param auth         the client's callback, {@link ConnectAuth#NONE} for none
     * @param domain       the driver's error domain
     * @param whereToPutIt names the auth file settings, for the error when nothing gives a password
     */
    public static RemoteCredentials resolve(RemoteEndpoint to, String uriUser, String defaultUser,
                                            Optional<AuthFile.Credentials> fromFile, ConnectAuth auth,
                                            ErrorDomain domain, String whereToPutIt) {
        String user = resolveUser(to, uriUser, defaultUser, fromFile, auth, domain, whereToPutIt);
        return new RemoteCredentials(user, resolvePassword(to, user, fromFile, auth, domain, whereToPutIt));
    }

    /**
     * The user half of {@link #resolve}, for a login that may need no password (an SSH key is
     * tried first): the URI's user, else the auth file's, else the callback's, else the default.
     *
     * @since 1.3.0
     */
    public static String resolveUser(RemoteEndpoint to, String uriUser, String defaultUser,
                                     Optional<AuthFile.Credentials> fromFile, ConnectAuth auth,
                                     ErrorDomain domain, String whereToPutIt) {
        String user = uriUser;
        if (user == null) {
            user = fromFile.map(AuthFile.Credentials::username).orElse(null);
        }
        if (user == null) {
            if (auth == ConnectAuth.NONE) {
                if (defaultUser == null) {
                    throw failed(domain, "Username request failed: no user for '" + to.host()
                        + "' (no authentication callback; " + whereToPutIt + ")");
                }
                user = defaultUser;
            } else {
                user = askUser(to, defaultUser, auth, domain);
            }
        }
        return user;
    }

    /**
     * The password half of {@link #resolve}, asked only when needed: the auth file's entry (not
     * when it names another user), else the callback.
     *
     * @since 1.3.0
     */
    public static String resolvePassword(RemoteEndpoint to, String user, Optional<AuthFile.Credentials> fromFile,
                                         ConnectAuth auth, ErrorDomain domain, String whereToPutIt) {
        String password = fromFile
            .filter(f -> f.username() == null || f.username().equals(user))
            .map(AuthFile.Credentials::password).orElse(null);
        if (password == null) {
            if (auth == ConnectAuth.NONE) {
                throw failed(domain, "Password request failed: no password for '" + user + "@" + to.host()
                    + "' (no authentication callback; " + whereToPutIt + ")");
            }
            password = askPassword(to, user, auth, domain);
        }
        return password;
    }

    private static String askUser(RemoteEndpoint to, String defaultUser, ConnectAuth auth, ErrorDomain domain) {
        if (!auth.supports(CredentialType.AUTHNAME)) {
            throw failed(domain, "Username request failed (the authentication callback does not answer AUTHNAME)");
        }
        String prompt = defaultUser != null ? "Enter username for " + to.host() + " [" + defaultUser + "]"
            : "Enter username for " + to.host();
        return ask(auth, new Credential(CredentialType.AUTHNAME, prompt, to.host(), defaultUser),
            "Username request failed", domain);
    }

    private static String askPassword(RemoteEndpoint to, String user, ConnectAuth auth, ErrorDomain domain) {
        CredentialType type = auth.supports(CredentialType.PASSPHRASE) ? CredentialType.PASSPHRASE
            : auth.supports(CredentialType.NOECHOPROMPT) ? CredentialType.NOECHOPROMPT : null;
        if (type == null) {
            throw failed(domain, "Password request failed (the authentication callback answers neither PASSPHRASE nor "
                + "NOECHOPROMPT)");
        }
        Credential c = new Credential(type, "Enter " + user + "'s password for " + to.host(), to.host(), null);
        return ask(auth, c, "Password request failed", domain);
    }

    /** One callback round; a refusal, an empty answer or a throwing callback is AUTH_FAILED. */
    private static String ask(ConnectAuth auth, Credential c, String failure, ErrorDomain domain) {
        boolean answered;
        try {
            answered = auth.ask(List.of(c));
        } catch (RuntimeException e) {
            // only the exception's type: its message or cause might hold what the user typed so far
            throw failed(domain, failure + " (the authentication callback threw " + e.getClass().getName() + ")");
        }
        String result = c.result();
        if (!answered || result == null) {
            throw failed(domain, failure);
        }
        return result;
    }

    private static VirtException failed(ErrorDomain domain, String message) {
        return new VirtException(ErrorCode.AUTH_FAILED, domain, message);
    }
}
