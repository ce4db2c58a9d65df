package io.jvirt.driver.hyperv;

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

/**
 * A {@code hyperv://[user@]host[:port]/[?transport=http|https]} URI as libvirt reads it
 * ({@code hypervParseUri}, {@code hypervConnectOpen}): https on 5986 by default, http on 5985;
 * jvirt adds {@code no_verify=1} as the ESX driver has it.
 *
 * @param host      the server
 * @param port      the port, the transport's default when the URI has none
 * @param user      the URI's user, or null
 * @param transport "https" (the default) or "http"
 * @param noVerify  whether the server's certificate is left unchecked (this connection only)
 */
record HypervUri(String host, int port, String user, String transport, boolean noVerify) {

    private static final Logger LOG = LoggerFactory.getLogger(HypervUri.class);
    static final String SCHEME = "hyperv";

    /** Parses {@code uri}; null when it is not a {@code hyperv:} URI. */
    static HypervUri parse(URI uri) {
        if (uri.getScheme() == null || !SCHEME.equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
            return null;
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            // libvirt declines a hyperv URI without a server (hypervConnectOpen: no server, no driver)
            throw invalid("URI is missing the server part");
        }
        String transport = "https";
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
                if ("transport".equalsIgnoreCase(name)) {
                    if (!"http".equals(value) && !"https".equals(value)) {
                        throw invalid("Query parameter 'transport' has unexpected value '" + value
                            + "' (should be http|https)");
                    }
                    transport = value;
                } else if ("no_verify".equalsIgnoreCase(name)) {
                    if (!"0".equals(value) && !"1".equals(value)) {
                        throw invalid("Query parameter 'no_verify' has unexpected value '" + value + "' (should be 0 or 1)");
                    }
                    noVerify = "1".equals(value);
                } else {
                    LOG.warn("Ignoring unexpected query parameter '{}'", name);
                }
            }
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(transport) ? 5986 : 5985;
        String user = uri.getUserInfo();
        if (user != null) {
            // never keep a password typed into the URI
            int colon = user.indexOf(':');
            user = colon >= 0 ? user.substring(0, colon) : user;
            user = user.isEmpty() ? null : user;
        }
        return new HypervUri(host, port, user, transport, noVerify);
    }

    boolean plainHttp() {
        return "http".equals(transport);
    }

    /** The server as the credential policy sees it: {@code [auth-hyperv-HOST]} in the auth file. */
    RemoteEndpoint endpoint() {
        return new RemoteEndpoint(SCHEME, host, port);
    }

    /** The WinRM endpoint, {@code https://host:5986/wsman}. */
    URI wsmanUrl() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create(transport + "://" + h + ":" + port + "/wsman");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static VirtException invalid(String message) {
        return new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.HYPERV, message);
    }
}
