package io.jvirt.core.kit.remote;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.jvirt.api.ConnectAuth;
import io.jvirt.api.ErrorDomain;

/**
 * How a remote driver logs in, from its settings: the administrator's rules
 * ({@link RemoteAccessPolicy}) and where credentials come from, as libvirt finds them. Two calls
 * at every open, in this order: {@link #checkTransport} before anything is asked or sent, then
 * {@link #credentials}, the whole credential chain as one call: the URI's user, the auth file
 * libvirt would read ({@link AuthFile#locate}: {@code LIBVIRT_AUTH_FILE}, the driver's
 * {@code auth.file} setting, {@code ~/.config/libvirt/auth.conf}, {@code /etc/libvirt/auth.conf})
 * with only the entries the policy allows for this server, then the client's
 * {@link ConnectAuth} callback, then the driver's default user ({@link RemoteCredentials#resolve}).
 *
 * @param policy      the administrator's rules (the driver's {@code auth.default.hosts},
 *                    {@code plain.http.hosts}, {@code unverified.tls.hosts})
 * @param authFile    the driver's {@code auth.file} setting, "" for none
 * @param env         the process environment ({@code System::getenv}; tests give their own)
 * @param defaultUser libvirt's default user of the driver ("root" for ESX, "administrator" for
 *                    Hyper-V), or null for none
 * @param domain      the driver's error domain
 * @param pid         the driver's ConfigAdmin PID, which messages name
 * @since 1.1.0
 */
public record RemoteLogin(RemoteAccessPolicy policy, String authFile, Supplier<Map<String, String>> env,
                          String defaultUser, ErrorDomain domain, String pid) {

    /**
     * Refuses, with OPERATION_DENIED, a read-only client's own URI naming a server the administrator
     * did not list for read-only connections ({@link RemoteAccessPolicy#checkReach}); the first
     * check of every open.
     *
     * @since 1.6.0
     */
    public void checkReach(RemoteEndpoint to, io.jvirt.core.spi.ConnectRequest request) {
        policy.checkReach(to, request.readOnly(), request.administered(), domain, pid);
    }

    /**
     * Refuses, with OPERATION_DENIED, plain HTTP or an unchecked certificate to a server the
     * administrator did not allow it ({@link RemoteAccessPolicy#checkTransport}).
     */
    public void checkTransport(RemoteEndpoint to, boolean plainHttp, boolean unverifiedTls) {
        policy.checkTransport(to, plainHttp, unverifiedTls, domain, pid);
    }

    /**
     * The user and password for {@code to}; AUTH_FAILED, before anything is sent, when nothing
     * gives them.
     *
     * @param uriUser the URI's user part, or null
     * @param auth    the client's callback ({@code ConnectRequest.auth()})
     */
    public RemoteCredentials credentials(RemoteEndpoint to, String uriUser, ConnectAuth auth) {
        return RemoteCredentials.resolve(to, uriUser, defaultUser, fileEntry(to), auth, domain, whereToPutIt(to));
    }

    /**
     * The user half of {@link #credentials}, for a login that tries a key before any password
     * (SSH): nothing about a password is asked yet.
     *
     * @since 1.3.0
     */
    public String user(RemoteEndpoint to, String uriUser, ConnectAuth auth) {
        return RemoteCredentials.resolveUser(to, uriUser, defaultUser, fileEntry(to), auth, domain, whereToPutIt(to));
    }

    /**
     * The password of {@code user} at {@code to}, from the auth file or the callback, asked only
     * once a key was refused; AUTH_FAILED when nothing gives one.
     *
     * @since 1.3.0
     */
    public String password(RemoteEndpoint to, String user, ConnectAuth auth) {
        return RemoteCredentials.resolvePassword(to, user, fileEntry(to), auth, domain, whereToPutIt(to));
    }

    private Optional<AuthFile.Credentials> fileEntry(RemoteEndpoint to) {
        return AuthFile.locate(env.get(), authFile).map(AuthFile::load).flatMap(f -> policy.fileCredentials(f, to));
    }

    private String whereToPutIt(RemoteEndpoint to) {
        return "set one in the file named by " + AuthFile.ENV + " or the auth.file setting of " + pid
            + " (a group [auth-" + to.service() + "-" + to.host() + "])";
    }
}
