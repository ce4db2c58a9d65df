package io.jvirt.driver.remote;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * A remote URI as libvirt's remote driver reads it (remote_driver.c, doRemoteOpen and
 * remoteConnectOpen): {@code DRIVER+TRANSPORT://[USER@][HOST][:PORT]/PATH[?PARAMS]}. The parameters
 * the remote driver uses itself ({@code socket}, {@code name}, {@code no_verify}, ...) are taken out;
 * the others pass through to the far side in the name CONNECT_OPEN sends, which is
 * {@code DRIVER:///PATH[?PARAMS]} (libvirt's virURIFormat without server: the remote side never
 * sees the transport or the host).
 *
 * @param driver    the part before '+' ("qemu", "test"); the remote side decides what it serves
 * @param transport how to reach the remote side
 * @param host      the server, null for the local host
 * @param port      the port, -1 for the transport's default
 * @param user      the URI's user, null when none
 * @param socket    the {@code socket} parameter: the UNIX socket to use, null for the default
 * @param openName  what CONNECT_OPEN asks the remote side to open
 * @param pkiPath   the {@code pkipath} parameter: the TLS client's files, null for libvirt's default places
 * @param verify    false for {@code no_verify=1}: the TLS server's certificate is not checked
 * @param tlsPriority the {@code tls_priority} parameter (a GnuTLS priority string whose protocol
 *                    version parts jvirt honours), null for the default
 */
public record RemoteUri(String driver, Transport transport, String host, int port, String user, String socket,
                        String openName, String pkiPath, boolean verify, String tlsPriority) {

    /** libvirt's remoteDriverTransport, by its URI name. */
    public enum Transport {
        UNIX, TCP, TLS, SSH, LIBSSH2, LIBSSH, EXT;

        String uriName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** LIBVIRTD_TCP_PORT. */
    public static final int TCP_PORT = 16509;
    /** LIBVIRTD_TLS_PORT. */
    public static final int TLS_PORT = 16514;

    /** The parameters libvirt's remote driver takes for itself (EXTRACT_URI_ARG_*, plus authfile). */
    private static final List<String> OWN_PARAMS = List.of("name", "command", "socket", "auth", "sshauth", "netcat",
        "keyfile", "pkipath", "known_hosts", "known_hosts_verify", "tls_priority", "mode", "proxy", "no_sanity",
        "no_verify", "no_tty", "authfile");
    private static final List<String> BOOL_PARAMS = List.of("no_sanity", "no_verify", "no_tty");

    /**
     * The remote URI, or null when {@code uri} is not one this driver claims: a scheme of the form
     * DRIVER+TRANSPORT, or {@code DRIVER://HOST/...} with a host, which libvirt's remote driver
     * takes as TLS (remoteConnectOpen; the local drivers decline a URI with a host). A host-less
     * {@code DRIVER:///} is a local driver's in jvirt.
     *
     * @throws VirtException INVALID_ARG for an unknown transport or a malformed parameter, as libvirt
     */
    public static RemoteUri parse(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null) {
            return null;
        }
        int plus = scheme.indexOf('+');
        String driver;
        Transport transport = null;
        if (plus < 0) {
            if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
                return null;
            }
            driver = scheme;
            transport = Transport.TLS;
        } else if (plus == 0 || plus == scheme.length() - 1) {
            return null;
        } else {
            driver = scheme.substring(0, plus);
            String transportName = scheme.substring(plus + 1).toLowerCase(Locale.ROOT);
            for (Transport t : Transport.values()) {
                if (t.uriName().equals(transportName)) {
                    transport = t;
                }
            }
        }
        if (transport == null) {
            // remoteConnectOpen's wording
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.REMOTE,
                "remote_open: transport in URL not recognised (should be tls|unix|ssh|ext|tcp|libssh2|libssh)");
        }
        String host = uri.getHost();
        if (host == null && uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
            // a registry-based authority java.net.URI could not split (e.g. '_' in a host name)
            String a = uri.getRawAuthority();
            a = a.substring(a.indexOf('@') + 1);
            host = a.contains(":") && !a.startsWith("[") ? a.substring(0, a.lastIndexOf(':')) : a;
        }
        if (transport == Transport.UNIX && host != null && !host.isEmpty()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.REMOTE,
                "using unix socket and remote server '" + host + "' is not supported.");
        }
        String socket = null;
        String name = null;
        String pkiPath = null;
        boolean verify = true;
        String tlsPriority = null;
        List<String> passThrough = new ArrayList<>();
        String rawQuery = uri.getRawQuery();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                String lower = key.toLowerCase(Locale.ROOT);
                if (!OWN_PARAMS.contains(lower)) {
                    passThrough.add(pair);
                    continue;
                }
                int number = 0;
                if (BOOL_PARAMS.contains(lower)) {
                    try {
                        number = Integer.parseInt(value.trim());
                    } catch (NumberFormatException e) {
                        throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.REMOTE,
                            "Failed to parse value of URI component " + key);
                    }
                }
                switch (lower) {
                    case "socket" -> socket = value;
                    case "name" -> name = value;
                    case "pkipath" -> pkiPath = value;
                    case "tls_priority" -> tlsPriority = value;
                    // EXTRACT_URI_ARG_BOOL("no_verify", verify): any non-zero number turns the check off
                    case "no_verify" -> verify = number == 0;
                    default -> {
                        // taken out and not used: keyfile, known_hosts ... are the configuration's in jvirt
                    }
                }
            }
        }
        if (socket != null && (socket.isEmpty() || !Path.of(socket).isAbsolute())) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.REMOTE,
                "socket parameter must be an absolute path: '" + socket + "'");
        }
        if (name == null) {
            StringBuilder b = new StringBuilder(driver).append("://");
            if (uri.getRawPath() != null) {
                b.append(uri.getRawPath());
            }
            if (!passThrough.isEmpty()) {
                b.append('?').append(String.join("&", passThrough));
            }
            if (uri.getRawFragment() != null) {
                b.append('#').append(uri.getRawFragment());
            }
            name = b.toString();
        }
        return new RemoteUri(driver, transport, host == null || host.isEmpty() ? null : host, uri.getPort(),
            uri.getUserInfo(), socket, name, pkiPath, verify, tlsPriority);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * The UNIX socket to reach: the {@code socket} parameter, else the system daemon's
     * (libvirt's remoteGetUNIXSocketHelper for the legacy libvirtd: {@code
     * /var/run/libvirt/libvirt-sock}, {@code -sock-ro} for read-only connections).
     */
    public Path unixSocket(boolean readOnly) {
        if (socket != null) {
            return Path.of(socket);
        }
        return Path.of("/var/run/libvirt", readOnly ? "libvirt-sock-ro" : "libvirt-sock");
    }

    /** The server to reach, "localhost" when the URI names none (as libvirt). */
    public String serverHost() {
        return host == null ? "localhost" : host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The TCP port: the URI's, else the transport's default. */
    public int tcpPort() {
        return port > 0 ? port : transport == Transport.TLS ? TLS_PORT : TCP_PORT;
    }
}
