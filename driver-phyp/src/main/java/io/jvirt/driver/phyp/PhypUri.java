package io.jvirt.driver.phyp;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.RemoteEndpoint;
import io.jvirt.core.kit.remote.SshConnection;

/**
 * A {@code phyp://[user@]host[:port]/MANAGED_SYSTEM[?no_verify=1]} URI as libvirt's phypConnectOpen
 * read it: the first path component is the managed system (needed on an HMC for {@code -m}), the
 * rest ignored; port 22 by default (libvirt could not change it). The managed system's name
 * reaches command lines, so it is held to {@link HmcNames#check}.
 *
 * @param host          the HMC or IVM
 * @param port          the SSH port
 * @param user          the URI's user, or null
 * @param managedSystem the managed system, or null when the path is empty (enough on an IVM)
 * @param noVerify      whether the server's host key is left unchecked (this connection only)
 */
record PhypUri(String host, int port, String user, String managedSystem, boolean noVerify) {

    private static final Logger LOG = LoggerFactory.getLogger(PhypUri.class);
    static final String SCHEME = "phyp";

    /** Parses {@code uri}; null when it is not a {@code phyp:} URI. */
    static PhypUri parse(URI uri) {
        if (uri.getScheme() == null || !SCHEME.equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
            return null;
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw invalid("Missing server name in phyp:// URI");
        }
        boolean noVerify = false;
        String raw = uri.getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String part : raw.split("[&;]")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String name = decode(eq < 0 ? part : part.substring(0, eq));
                String value = decode(eq < 0 ? "" : part.substring(eq + 1));
                if ("no_verify".equalsIgnoreCase(name)) {
                    if (!"0".equals(value) && !"1".equals(value)) {
                        throw invalid("Query parameter 'no_verify' has unexpected value '" + value + "' (should be 0 or 1)");
                    }
                    noVerify = "1".equals(value);
                } else {
                    LOG.warn("Ignoring unexpected query parameter '{}'", name);
                }
            }
        }
        String path = uri.getPath();
        String system = null;
        if (path != null) {
            String p = path.startsWith("/") ? path.substring(1) : path;
            int slash = p.indexOf('/');
            p = slash >= 0 ? p.substring(0, slash) : p;
            if (!p.isEmpty()) {
                system = HmcNames.check(p, "managed system name");
            }
        }
        String user = uri.getUserInfo();
        if (user != null) {
            // never keep a password typed into the URI
            int colon = user.indexOf(':');
            user = colon >= 0 ? user.substring(0, colon) : user;
            user = user.isEmpty() ? null : user;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 22;
        return new PhypUri(host, port, user, system, noVerify);
    }

    /** The server as the credential policy sees it: {@code [auth-ssh-HOST]} in the auth file (libvirt's "ssh"). */
    RemoteEndpoint endpoint() {
        return new RemoteEndpoint(SshConnection.SERVICE, host, port);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static VirtException invalid(String message) {
        return new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.PHYP, message);
    }
}
