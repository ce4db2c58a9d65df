package io.jvirt.core.kit.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * libvirt's client authentication file ({@code auth.conf}, libvirt's {@code virauthconfig.c}):
 * groups {@code [credentials-NAME]} hold {@code username} and {@code password}; a group
 * {@code [auth-SERVICE-HOST]} or {@code [auth-SERVICE-default]} names the credentials to use with
 * {@code credentials=NAME}. The service is the driver's (libvirt's ESX driver uses the URI scheme:
 * "esx", "gsx", "vpx"; its Hyper-V driver "hyperv", its PowerVM driver "ssh").
 *
 * <p>This class only reads the file. Which of its entries may be sent to which server is
 * {@link RemoteAccessPolicy}'s decision: libvirt falls back to the {@code default} group for any
 * host, which in a shared server would hand the administrator's password to whatever host a
 * console user types, so the lookups are separate here: {@link #forHost} never answers the
 * default group, {@link #forDefault} only that.
 *
 * <p>Values are kept as read; {@link #toString()} never shows them, and no error quotes a line of
 * the file (only its name and line number).
 *
 * @since 0.4.0
 */
public final class AuthFile {

    /** The environment variable libvirt reads first. */
    public static final String ENV = "LIBVIRT_AUTH_FILE";

    /** The group name libvirt uses for "any other host". */
    public static final String DEFAULT_HOST = "default";

    private final Path source;
    private final Map<String, Map<String, String>> groups;

    private AuthFile(Path source, Map<String, Map<String, String>> groups) {
        this.source = source;
        this.groups = groups;
    }

    /**
     * A username and password from the file, either possibly missing.
     *
     * @param username the {@code username} key, or null
     * @param password the {@code password} key, or null; {@link #toString()} never shows it
     */
    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=" + (password == null ? "none" : "***") + "]";
        }
    }

    /**
     * The file libvirt would use: {@code LIBVIRT_AUTH_FILE} if set, else {@code configured} (a
     * driver's {@code auth.file} setting) if given, else libvirt's per-user file
     * ({@code $XDG_CONFIG_HOME/libvirt/auth.conf}, {@code ~/.config/libvirt/auth.conf}) and then
     * {@code /etc/libvirt/auth.conf} when they exist. libvirt's {@code authfile} URI parameter is
     * deliberately not honoured: it would let whoever types a URI make the server read a file of
     * their choosing.
     */
    public static Optional<Path> locate(Map<String, String> env, String configured) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Optional.of(Path.of(fromEnv));
        }
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured.strip()));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        String home = env.get("HOME");
        Path user = xdg != null && !xdg.isEmpty() ? Path.of(xdg, "libvirt", "auth.conf")
            : home != null ? Path.of(home, ".config", "libvirt", "auth.conf") : null;
        if (user != null && Files.isRegularFile(user)) {
            return Optional.of(user);
        }
        Path system = Path.of("/etc/libvirt/auth.conf");
        return Files.isRegularFile(system) ? Optional.of(system) : Optional.empty();
    }

    /** Reads {@code file}; a missing or malformed file is a READ_FAILED / CONF_SYNTAX error. */
    public static AuthFile load(Path file) {
        try {
            return parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the exception's class, not its message: that can quote the file (malformed input)
            throw new VirtException(ErrorCode.READ_FAILED, ErrorDomain.CONF,
                "cannot read '" + file + "': " + e.getClass().getSimpleName(), e);
        }
    }

    /** Parses the text of an auth file ({@code source} names it in errors). */
    public static AuthFile parse(Path source, String text) {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        Map<String, String> current = null;
        int lineNo = 0;
        for (String raw : text.split("\r?\n", -1)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw syntax(source, lineNo, "malformed group header");
                }
                current = groups.computeIfAbsent(line.substring(1, line.length() - 1).strip(), k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw syntax(source, lineNo, "expected key=value");
            }
            if (current == null) {
                throw syntax(source, lineNo, "key outside of a group");
            }
            current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return new AuthFile(source, groups);
    }

    /** The file this was read from. */
    public Path source() {
        return source;
    }

    /**
     * The credentials of the group {@code [auth-SERVICE-HOST]} for exactly this host (libvirt's
     * group names are case-sensitive). Never the default group: a host literally named
     * "default" gets nothing here.
     */
    public Optional<Credentials> forHost(String service, String host) {
        if (host == null || host.isEmpty() || DEFAULT_HOST.equals(host)) {
            return Optional.empty();
        }
        return lookup(service, host);
    }

    /** The credentials of the group {@code [auth-SERVICE-default]}. */
    public Optional<Credentials> forDefault(String service) {
        return lookup(service, DEFAULT_HOST);
    }

    /**
     * The group {@code [credentials-NAME]} itself (a named connection's
     * {@code credentials = authfile:PATH#NAME}), if the file has it.
     *
     * @since 1.5.0 (of this package)
     */
    public Optional<Credentials> credentials(String name) {
        Map<String, String> creds = name == null ? null : groups.get("credentials-" + name);
        return creds == null ? Optional.empty() : Optional.of(new Credentials(creds.get("username"), creds.get("password")));
    }

    private Optional<Credentials> lookup(String service, String host) {
        String authGroup = "auth-" + service + "-" + host;
        Map<String, String> auth = groups.get(authGroup);
        if (auth == null) {
            return Optional.empty();
        }
        String name = auth.get("credentials");
        if (name == null) {
            // libvirt's words (virAuthConfigLookup)
            throw new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.CONF,
                "Missing item 'credentials' in group '" + authGroup + "' in '" + source + "'");
        }
        Map<String, String> creds = groups.get("credentials-" + name);
        if (creds == null) {
            throw new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.CONF,
                "Missing group 'credentials-" + name + "' referenced from group '" + authGroup + "' in '" + source + "'");
        }
        return Optional.of(new Credentials(creds.get("username"), creds.get("password")));
    }

    private static VirtException syntax(Path source, int line, String what) {
        return new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.CONF, source + ":" + line + ": " + what);
    }

    @Override
    public String toString() {
        return "AuthFile[" + source + ", groups=" + groups.keySet() + "]";
    }
}
