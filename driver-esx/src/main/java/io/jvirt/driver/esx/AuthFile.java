package io.jvirt.driver.esx;

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
 * libvirt's client authentication file ({@code auth.conf}, see libvirt's "auth" documentation):
 * groups {@code [credentials-NAME]} hold {@code username} and {@code password}; a group
 * {@code [auth-SERVICE-HOST]} (or {@code [auth-SERVICE-default]}) names the credentials to use
 * with {@code credentials=NAME}. The service is the URI scheme ("esx", "gsx", "vpx").
 *
 * <p>Values are kept as read; {@link #toString()} never shows them.
 */
public final class AuthFile {

    /** The environment variable libvirt reads first. */
    public static final String ENV = "LIBVIRT_AUTH_FILE";

    private final Path source;
    private final Map<String, Map<String, String>> groups;

    private AuthFile(Path source, Map<String, Map<String, String>> groups) {
        this.source = source;
        this.groups = groups;
    }

    /** A username and password from the file. */
    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=" + (password == null ? "none" : "***") + "]";
        }
    }

    /**
     * The file libvirt would use: {@code LIBVIRT_AUTH_FILE} if set, else {@code configured} (the
     * driver's {@code auth.file} setting) if given, else libvirt's per-user and system files when
     * they exist.
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

    /** Reads {@code file}; a missing or malformed file is a CONF_SYNTAX / READ_FAILED error. */
    public static AuthFile load(Path file) {
        try {
            return parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new VirtException(ErrorCode.READ_FAILED, ErrorDomain.CONF, file + ": " + e.getMessage(), e);
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

    /**
     * The credentials for {@code service} ("esx") on {@code host}: those named by
     * {@code [auth-SERVICE-HOST]}, else by {@code [auth-SERVICE-default]}, as libvirt looks them up.
     */
    public Optional<Credentials> lookup(String service, String host) {
        Map<String, String> auth = groups.get("auth-" + service + "-" + host);
        if (auth == null) {
            auth = groups.get("auth-" + service + "-default");
        }
        if (auth == null) {
            return Optional.empty();
        }
        String name = auth.get("credentials");
        if (name == null) {
            throw new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.CONF,
                "Missing item 'credentials' in group 'auth-" + service + "-" + host + "' in '" + source + "'");
        }
        Map<String, String> creds = groups.get("credentials-" + name);
        if (creds == null) {
            throw new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.CONF,
                "Missing group 'credentials-" + name + "' referenced from group 'auth-" + service + "-" + host
                    + "' in '" + source + "'");
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
