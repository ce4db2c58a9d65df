package io.jvirt.core.kit.remote;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The administrator's rules for a remote driver: which servers may be sent the auth file's
 * credentials, and which may be reached without verified TLS. jvirt is one server (running as
 * root) shared by console users of different trust, so a URI is what a less trusted user typed,
 * while the auth file and this policy are the administrator's; libvirt, a library running as its
 * caller, trusts the URI for both. The rules:
 *
 * <ol>
 *   <li>Auth-file credentials: a group {@code [auth-SERVICE-HOST]} is sent to that host only (by
 *       the name as typed, so another name or address of it gets nothing); the group
 *       {@code [auth-SERVICE-default]} only to the hosts the administrator lists in
 *       {@value #KEY_DEFAULT_HOSTS}, never to any host typed (libvirt sends it anywhere).</li>
 *   <li>Plain HTTP ({@code transport=http}) and unverified TLS ({@code no_verify=1}) are refused
 *       for every server not listed in {@value #KEY_PLAIN_HTTP} / {@value #KEY_UNVERIFIED_TLS}
 *       ({@code HOST} for any port of it, {@code HOST:PORT}, {@code [V6]:PORT}), whoever supplies
 *       the credentials: a password the client's own callback hands over would go in clear or to
 *       whoever answers the address as well, such a callback often answers the same secret for any
 *       host, and even without a password the server's answers would come from an unauthenticated
 *       peer. The check comes before anything is sent or asked.</li>
 *   <li>Read-only connections: a client that may only read (a console viewer, a libvirt client
 *       of the server's read-only socket) may make jvirt, running as root, reach only the servers
 *       the administrator lists in {@value #KEY_READ_ONLY_HOSTS}, or any server through a named
 *       connection (whose URI is the administrator's, {@code ConnectRequest.administered}); otherwise
 *       such a client could make the host open connections it cannot open itself, to the host's own
 *       loopback services or to networks only the host reaches (since 1.6.0).</li>
 * </ol>
 *
 * <p>Each remote driver reads the four keys from its own ConfigAdmin PID (values separated by
 * commas or blanks) and calls {@link #checkReach}, {@link #checkTransport} and {@link #fileCredentials}
 * on every open.
 * A malformed entry is logged and ignored, which can only refuse more.
 *
 * @since 0.4.0
 */
public final class RemoteAccessPolicy {

    /** Hosts that may be sent {@code [auth-SERVICE-default]} credentials. */
    public static final String KEY_DEFAULT_HOSTS = "auth.default.hosts";
    /** Servers ({@code HOST} or {@code HOST:PORT}) that may be reached over plain HTTP. */
    public static final String KEY_PLAIN_HTTP = "plain.http.hosts";
    /** Servers ({@code HOST} or {@code HOST:PORT}) that may be reached over TLS without a certificate check. */
    public static final String KEY_UNVERIFIED_TLS = "unverified.tls.hosts";
    /** Servers ({@code HOST} or {@code HOST:PORT}) that read-only connections may reach with a URI of their own. */
    public static final String KEY_READ_ONLY_HOSTS = "readonly.hosts";

    /** Nothing listed: host groups only, verified TLS only. */
    public static final RemoteAccessPolicy STRICT = new RemoteAccessPolicy(Set.of(), List.of(), List.of(), List.of());

    private static final Logger LOG = LoggerFactory.getLogger(RemoteAccessPolicy.class);

    private final Set<String> defaultHosts;
    private final List<Server> plainHttp;
    private final List<Server> unverifiedTls;
    private final List<Server> readOnlyHosts;

    /** One listed server: a host, and a port or -1 for any. */
    private record Server(String host, int port) {
        boolean matches(RemoteEndpoint e) {
            return host.equals(lower(e.host())) && (port < 0 || port == e.port());
        }

        @Override
        public String toString() {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return port < 0 ? h : h + ":" + port;
        }
    }

    private RemoteAccessPolicy(Set<String> defaultHosts, List<Server> plainHttp, List<Server> unverifiedTls,
                               List<Server> readOnlyHosts) {
        this.defaultHosts = defaultHosts;
        this.plainHttp = plainHttp;
        this.unverifiedTls = unverifiedTls;
        this.readOnlyHosts = readOnlyHosts;
    }

    /**
     * The policy from configuration values as ConfigAdmin gives them: each array element may hold
     * several entries separated by commas or blanks; null is none.
     */
    public static RemoteAccessPolicy of(String[] defaultCredentialHosts, String[] plainHttpServers,
                                        String[] unverifiedTlsServers) {
        return of(defaultCredentialHosts, plainHttpServers, unverifiedTlsServers, null);
    }

    /**
     * The policy with the servers read-only connections may reach ({@value #KEY_READ_ONLY_HOSTS}).
     *
     * @since 1.6.0
     */
    public static RemoteAccessPolicy of(String[] defaultCredentialHosts, String[] plainHttpServers,
                                        String[] unverifiedTlsServers, String[] readOnlyServers) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String h : entries(defaultCredentialHosts)) {
            Server s = server(KEY_DEFAULT_HOSTS, h);
            if (s != null && s.port() >= 0) {
                LOG.warn("ignoring '{}' in {}: a host name without a port is expected", h, KEY_DEFAULT_HOSTS);
            } else if (s != null) {
                hosts.add(s.host());
            }
        }
        return new RemoteAccessPolicy(Set.copyOf(hosts), servers(KEY_PLAIN_HTTP, plainHttpServers),
            servers(KEY_UNVERIFIED_TLS, unverifiedTlsServers), servers(KEY_READ_ONLY_HOSTS, readOnlyServers));
    }

    /**
     * The auth file's credentials that may be sent to {@code to}: its own group, else the default
     * group when the administrator listed the host in {@value #KEY_DEFAULT_HOSTS}, else none.
     */
    public Optional<AuthFile.Credentials> fileCredentials(AuthFile file, RemoteEndpoint to) {
        Optional<AuthFile.Credentials> own = file.forHost(to.service(), to.host());
        if (own.isPresent()) {
            return own;
        }
        return mayUseDefaultCredentials(to) ? file.forDefault(to.service()) : Optional.empty();
    }

    /** Whether {@code [auth-SERVICE-default]} may be sent to {@code to}. */
    public boolean mayUseDefaultCredentials(RemoteEndpoint to) {
        return defaultHosts.contains(lower(to.host()));
    }

    public boolean allowsPlainHttp(RemoteEndpoint to) {
        return plainHttp.stream().anyMatch(s -> s.matches(to));
    }

    public boolean allowsUnverifiedTls(RemoteEndpoint to) {
        return unverifiedTls.stream().anyMatch(s -> s.matches(to));
    }

    /** Whether a read-only connection with a URI of its own may reach {@code to}. */
    public boolean allowsReadOnlyReach(RemoteEndpoint to) {
        return readOnlyHosts.stream().anyMatch(s -> s.matches(to));
    }

    /**
     * Refuses, with OPERATION_DENIED and before anything is sent or resolved, a read-only
     * connection's own URI naming a server the administrator did not list in
     * {@value #KEY_READ_ONLY_HOSTS}; read-write connections and named connections pass.
     *
     * @param readOnly     the connection may only read ({@code ConnectRequest.readOnly})
     * @param administered the URI is the administrator's ({@code ConnectRequest.administered})
     * @since 1.6.0
     */
    public void checkReach(RemoteEndpoint to, boolean readOnly, boolean administered, ErrorDomain domain,
                           String settingsPid) {
        if (readOnly && !administered && !allowsReadOnlyReach(to)) {
            throw denied(domain, "read-only connections may reach '" + to.hostPort() + "' only if the administrator "
                + "lists it in " + KEY_READ_ONLY_HOSTS + " of " + settingsPid + " or configures a named connection to it");
        }
    }

    /**
     * Refuses, with OPERATION_DENIED and before anything is sent, a connection to {@code to} over
     * plain HTTP or unverified TLS that the administrator did not allow for that server.
     *
     * @param plainHttp     the URI asks for plain HTTP
     * @param unverifiedTls the URI asks to skip the certificate check ({@code no_verify=1})
     * @param domain        the driver's error domain
     * @param settingsPid   the driver's ConfigAdmin PID, named in the message
     */
    public void checkTransport(RemoteEndpoint to, boolean plainHttp, boolean unverifiedTls, ErrorDomain domain,
                               String settingsPid) {
        if (plainHttp && !allowsPlainHttp(to)) {
            throw denied(domain, "plain HTTP (transport=http) to '" + to.hostPort() + "' is not allowed: the "
                + "administrator lists the servers that may be reached unencrypted in " + KEY_PLAIN_HTTP + " of "
                + settingsPid);
        }
        if (unverifiedTls && !plainHttp && !allowsUnverifiedTls(to)) {
            throw denied(domain, "TLS without certificate verification (no_verify=1) to '" + to.hostPort()
                + "' is not allowed: the administrator lists the servers that may be reached so in "
                + KEY_UNVERIFIED_TLS + " of " + settingsPid);
        }
    }

    private static VirtException denied(ErrorDomain domain, String message) {
        return new VirtException(ErrorCode.OPERATION_DENIED, domain, message);
    }

    private static List<Server> servers(String key, String[] values) {
        List<Server> out = new ArrayList<>();
        for (String e : entries(values)) {
            Server s = server(key, e);
            if (s != null) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> entries(String[] values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                if (v != null) {
                    for (String e : v.split("[,\\s]+")) {
                        if (!e.isEmpty()) {
                            out.add(e);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** HOST, HOST:PORT, [V6], [V6]:PORT or a bare IPv6 address (any port); null when malformed. */
    private static Server server(String key, String entry) {
        String host = entry;
        int port = -1;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 2) {
                return malformed(key, entry);
            }
            host = entry.substring(1, close);
            String rest = entry.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return malformed(key, entry);
                }
                port = port(rest.substring(1));
                if (port < 0) {
                    return malformed(key, entry);
                }
            }
        } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
            host = entry.substring(0, entry.indexOf(':'));
            port = port(entry.substring(entry.indexOf(':') + 1));
            if (port < 0 || host.isEmpty()) {
                return malformed(key, entry);
            }
        }
        if (host.isEmpty() || host.contains("/") || host.contains("@")) {
            return malformed(key, entry);
        }
        return new Server(lower(host), port);
    }

    private static int port(String s) {
        try {
            int p = Integer.parseInt(s);
            return p >= 1 && p <= 65535 ? p : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Server malformed(String key, String entry) {
        LOG.warn("ignoring malformed entry '{}' in {} (expecting HOST, HOST:PORT or [IPV6]:PORT)", entry, key);
        return null;
    }

    private static String lower(String host) {
        return host.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "RemoteAccessPolicy[" + KEY_DEFAULT_HOSTS + "=" + defaultHosts + ", " + KEY_PLAIN_HTTP + "=" + plainHttp
            + ", " + KEY_UNVERIFIED_TLS + "=" + unverifiedTls + "]";
    }
}
