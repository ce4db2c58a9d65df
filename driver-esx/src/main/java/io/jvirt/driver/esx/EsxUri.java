package io.jvirt.driver.esx;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.RemoteEndpoint;

/**
 * An {@code esx://}, {@code gsx://} or {@code vpx://} URI as libvirt reads it ({@code esxUtil_ParseUri}):
 * the server, an optional user, the vCenter inventory path of {@code vpx://} and the query
 * parameters {@code transport}, {@code no_verify}, {@code auto_answer}, {@code vcenter} and {@code proxy}.
 *
 * @param scheme     "esx", "gsx" or "vpx"
 * @param host       the server's host name or address
 * @param port       the port, the scheme's default when the URI has none
 * @param user       the user part of the URI, or null
 * @param transport  "https" (the default) or "http"
 * @param noVerify   whether the server's certificate is left unchecked (this connection only)
 * @param autoAnswer whether pending VM questions are answered (accepted, not used yet)
 * @param datacenter the datacenter of a vpx:// path, else null (ESX: the host's only one)
 * @param cluster    the compute resource (cluster or standalone host) of a vpx:// path, else null
 * @param hostSystem the host system of a vpx:// path, else null
 */
public record EsxUri(String scheme, String host, int port, String user, String transport, boolean noVerify,
                     boolean autoAnswer, String datacenter, String cluster, String hostSystem) {

    private static final Logger LOG = LoggerFactory.getLogger(EsxUri.class);

    /** The schemes this driver serves. */
    public static final List<String> SCHEMES = List.of("esx", "gsx", "vpx");

    /** Parses {@code uri}, or returns null when its scheme is not one of {@link #SCHEMES}. */
    public static EsxUri parse(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            return null;
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            // libvirt's words: an ESX URI needs a server ("esx:///" names none)
            throw invalid("URI is missing the server part");
        }
        String transport = "https";
        boolean noVerify = false;
        boolean autoAnswer = false;
        for (String[] param : query(uri.getRawQuery())) {
            String name = param[0].toLowerCase(Locale.ROOT);
            String value = param[1];
            switch (name) {
                case "transport" -> {
                    if (!"http".equals(value) && !"https".equals(value)) {
                        throw invalid("Query parameter 'transport' has unexpected value '" + value
                            + "' (should be http|https)");
                    }
                    transport = value;
                }
                case "no_verify" -> noVerify = flag(name, value);
                case "auto_answer" -> autoAnswer = flag(name, value);
                case "vcenter", "proxy" ->
                    // accepted as libvirt does; jvirt connects only to the URI's server so far
                    LOG.warn("Ignoring query parameter '{}': not supported by jvirt yet", name);
                default -> LOG.warn("Ignoring unexpected query parameter '{}'", param[0]);
            }
        }
        int port = uri.getPort() > 0 ? uri.getPort() : defaultPort(scheme, transport);
        String user = uri.getUserInfo();
        if (user != null) {
            // "user:password@" is not libvirt's: drop anything after a colon, never keep a password
            int colon = user.indexOf(':');
            user = colon >= 0 ? user.substring(0, colon) : user;
            user = user.isEmpty() ? null : user;
        }
        String dc = null;
        String cluster = null;
        String hostSystem = null;
        List<String> path = segments(uri.getPath());
        if ("vpx".equals(scheme)) {
            if (path.size() < 2) {
                throw invalid("Path has to specify the datacenter and compute resource");
            }
            dc = path.get(0);
            if (path.size() == 2) {
                cluster = path.get(1);
                hostSystem = null;
            } else {
                cluster = String.join("/", path.subList(1, path.size() - 1));
                hostSystem = path.get(path.size() - 1);
            }
        } else if (!path.isEmpty()) {
            LOG.warn("Ignoring unexpected path '{}' for non-vpx scheme '{}'", uri.getPath(), scheme);
        }
        return new EsxUri(scheme, host, port, user, transport, noVerify, autoAnswer, dc, cluster, hostSystem);
    }

    /** Whether the URI asks for plain HTTP ({@code transport=http}). */
    public boolean plainHttp() {
        return "http".equals(transport);
    }

    /**
     * The server as the credential policy sees it: libvirt's ESX driver names its auth-file
     * service after the scheme ({@code [auth-esx-HOST]}, {@code [auth-vpx-HOST]}, {@code [auth-gsx-HOST]}).
     */
    public RemoteEndpoint endpoint() {
        return new RemoteEndpoint(scheme, host, port);
    }

    /** The vSphere SDK endpoint, {@code https://host:port/sdk}. */
    public URI sdkUrl() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create(transport + "://" + h + ":" + port + "/sdk");
    }

    /** libvirt's defaults: 443 (80 for http) for esx and vpx; 8333 (8222 for http) for GSX. */
    static int defaultPort(String scheme, String transport) {
        boolean https = "https".equals(transport);
        if ("gsx".equals(scheme)) {
            return https ? 8333 : 8222;
        }
        return https ? 443 : 80;
    }

    private static boolean flag(String name, String value) {
        if ("0".equals(value)) {
            return false;
        }
        if ("1".equals(value)) {
            return true;
        }
        throw invalid("Query parameter '" + name + "' has unexpected value '" + value + "' (should be 0 or 1)");
    }

    private static List<String[]> query(String raw) {
        List<String[]> out = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("[&;]")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            out.add(new String[] {decode(name), decode(value)});
        }
        return out;
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        if (path != null) {
            for (String s : path.split("/")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static VirtException invalid(String message) {
        return new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.ESX, message);
    }
}
