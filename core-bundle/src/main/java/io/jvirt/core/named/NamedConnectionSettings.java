package io.jvirt.core.named;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.ConnectionNames;
import io.jvirt.core.spi.ConnectRequest;

/**
 * One named connection's configuration, read from its factory configuration's properties (strings
 * from a .cfg file, typed values from ConfigAdmin alike).
 *
 * <pre>
 * uri = qemu+tcp://host1/system        (required)
 * name = host1                          (default: NAME of io.jvirt.connection-NAME.cfg)
 * readonly = false
 * credentials = none | config | authfile:/etc/jvirt/auth.conf#host1
 * username = ...                        (credentials = config)
 * .password = ...                       (credentials = config; a private ConfigAdmin property)
 * keepalive.interval = 5                (seconds; 0 turns the client's PINGs off; unset: the driver's)
 * keepalive.count = 6
 * reconnect.initial = 1000              (ms before the first retry, doubled per failure)
 * reconnect.max = 60000                 (ms, the longest wait between retries)
 * reconnect.attempts = 0                (failed attempts in a row before giving up; 0: never give up)
 * </pre>
 *
 * @param name       the connection's name: letters, digits, '.', '_' and '-' (never a URI)
 * @param uri        its URI without any password (a password in the URI is refused: it would be shown)
 * @param readOnly   opened read-only
 * @param secret     where its credentials come from
 * @param keepalive  the keepalive asked of the driver, or null for the driver's own
 * @param backoffInitial wait before the first retry
 * @param backoffMax the longest wait between retries
 * @param attempts   failed attempts in a row before giving up (0: never)
 */
record NamedConnectionSettings(String name, String uri, boolean readOnly, SecretCredentials secret,
                               ConnectRequest.Keepalive keepalive, Duration backoffInitial, Duration backoffMax, int attempts) {

    static final String FACTORY_PID = "io.jvirt.connection";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The settings of one factory configuration; INVALID_ARG (ErrorDomain.CONF) naming the bad key. */
    static NamedConnectionSettings from(Map<String, ?> props) {
        String name = name(props);
        if (name == null || !NAME.matcher(name).matches()) {
            throw bad("named connection '" + (name == null ? "" : name) + "': a name is 1-64 letters, digits, '.', '_' or '-'");
        }
        String uri = text(props, "uri");
        if (uri == null) {
            throw bad("named connection '" + name + "': 'uri' is missing");
        }
        try {
            URI parsed = new URI(uri);
            if (parsed.getScheme() == null) {
                throw bad("named connection '" + name + "': URI '" + ConnectionNames.withoutPassword(uri) + "' has no scheme");
            }
        } catch (URISyntaxException e) {
            throw bad("named connection '" + name + "': URI " + ConnectionNames.withoutPassword(uri) + " does not parse: " + e.getReason());
        }
        if (!ConnectionNames.withoutPassword(uri).equals(uri)) {
            throw bad("named connection '" + name + "': the URI carries a password; use credentials = config or authfile:");
        }
        SecretCredentials secret = SecretCredentials.from(name, text(props, "credentials"), text(props, "username"),
            text(props, ".password"));
        ConnectRequest.Keepalive keepalive = null;
        Long interval = number(props, name, "keepalive.interval");
        Long count = number(props, name, "keepalive.count");
        if (interval != null || count != null) {
            keepalive = new ConnectRequest.Keepalive(Duration.ofSeconds(interval == null ? 5 : interval), (int) (count == null ? 6 : count));
        }
        Long initial = number(props, name, "reconnect.initial");
        Long max = number(props, name, "reconnect.max");
        Long attempts = number(props, name, "reconnect.attempts");
        Duration first = Duration.ofMillis(initial == null ? 1000 : Math.max(1, initial));
        Duration longest = Duration.ofMillis(max == null ? 60_000 : Math.max(1, max));
        if (longest.compareTo(first) < 0) {
            longest = first;
        }
        return new NamedConnectionSettings(name, uri, bool(props, "readonly"), secret, keepalive, first, longest,
            attempts == null ? 0 : (int) Math.min(Integer.MAX_VALUE, attempts));
    }

    /**
     * The name: the {@code name} property, else NAME of the file Karaf's fileinstall read
     * ({@code io.jvirt.connection-NAME.cfg}), else what follows '~' in a named factory
     * configuration's PID ({@code io.jvirt.connection~NAME}).
     */
    static String name(Map<String, ?> props) {
        String name = text(props, "name");
        if (name != null) {
            return name;
        }
        String file = text(props, "felix.fileinstall.filename");
        if (file != null) {
            String base = file.substring(file.lastIndexOf('/') + 1);
            String prefix = FACTORY_PID + "-";
            if (base.startsWith(prefix) && base.endsWith(".cfg")) {
                return base.substring(prefix.length(), base.length() - ".cfg".length());
            }
        }
        String pid = text(props, "service.pid");
        if (pid != null && pid.startsWith(FACTORY_PID + "~")) {
            return pid.substring(FACTORY_PID.length() + 1);
        }
        return null;
    }

    /** The next wait after {@code failures} failed attempts in a row: initial, doubled each time, at most max. */
    Duration backoff(int failures) {
        Duration d = backoffInitial;
        for (int i = 1; i < failures && d.compareTo(backoffMax) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(backoffMax) > 0 ? backoffMax : d;
    }

    /** What a name resolves to in the connector. */
    ConnectionNames.Target target() {
        return new ConnectionNames.Target(uri, readOnly, secret.auth(), keepalive);
    }

    @Override
    public String toString() {
        // the secret's own toString names only where it comes from
        return "NamedConnection[" + name + ", " + uri + (readOnly ? ", read-only" : "") + ", credentials " + secret + "]";
    }

    private static String text(Map<String, ?> props, String key) {
        Object v = props.get(key);
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? null : s;
    }

    private static boolean bool(Map<String, ?> props, String key) {
        return Boolean.parseBoolean(text(props, key));
    }

    private static Long number(Map<String, ?> props, String name, String key) {
        String v = text(props, key);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw bad("named connection '" + name + "': '" + key + "' must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad("named connection '" + name + "': '" + key + "' is not a number");
        }
    }

    private static VirtException bad(String message) {
        return new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.CONF, message);
    }
}
