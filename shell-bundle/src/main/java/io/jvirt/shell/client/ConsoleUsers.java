package io.jvirt.shell.client;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * {@code bin/jvirt-user}: the console's users in Karaf's {@code etc/users.properties}, with
 * passwords the administrator chooses, stored only as bcrypt hashes (Karaf's JAAS encryption
 * through its spring-security-crypto service, {@code etc/org.apache.karaf.jaas.cfg}).
 *
 * <pre>
 *   bin/jvirt-user set NAME admin|viewer    the password from stdin (asked twice on a terminal)
 *   bin/jvirt-user delete NAME
 *   bin/jvirt-user list
 * </pre>
 *
 * An {@code admin} may do everything (the administrators' group); a {@code viewer} may run the
 * console commands that only read, and only ever gets read-only connections. The file is
 * rewritten atomically with mode 0600: even hashes stay root's. Karaf reads it at every login, so
 * a change takes effect at once, with or without a running container.
 */
public final class ConsoleUsers {

    static final String PREFIX = "{CRYPT}";
    static final String SUFFIX = "{CRYPT}";
    /** bcrypt's cost; Spring's default (about 70 ms a login on this class of machine). */
    static final int COST = 10;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Map<String, String> ROLES = Map.of(
        "admin", "_g_:admingroup",
        "viewer", "viewer,ssh");

    private final Path file;
    private final PrintStream out;

    ConsoleUsers(Path file, PrintStream out) {
        this.file = file;
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        String home = System.getProperty("jvirt.home");
        if (home == null) {
            System.err.println("jvirt-user: jvirt.home is not set (run bin/jvirt-user)");
            System.exit(2);
        }
        ConsoleUsers users = new ConsoleUsers(Path.of(home, "etc", "users.properties"), System.out);
        try {
            System.exit(users.run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("jvirt-user: " + e.getMessage());
            System.exit(2);
        }
    }

    int run(String[] args) throws IOException {
        if (args.length == 3 && "set".equals(args[0])) {
            set(args[1], args[2], readPassword());
            out.println("user '" + args[1] + "' set (" + args[2] + ")");
            return 0;
        }
        if (args.length == 2 && "delete".equals(args[0])) {
            if (!delete(args[1])) {
                System.err.println("jvirt-user: no user '" + args[1] + "'");
                return 1;
            }
            return 0;
        }
        if (args.length == 1 && "list".equals(args[0])) {
            for (String[] u : list()) {
                out.println(u[0] + " " + u[1]);
            }
            return 0;
        }
        throw new IllegalArgumentException("usage: jvirt-user set NAME admin|viewer | delete NAME | list");
    }

    /** Sets (adds or replaces) a user with a bcrypt hash of {@code password}. */
    void set(String name, String role, char[] password) throws IOException {
        checkName(name);
        String roles = ROLES.get(role);
        if (roles == null) {
            throw new IllegalArgumentException("role must be admin or viewer, not '" + role + "'");
        }
        if (password.length == 0) {
            throw new IllegalArgumentException("empty password");
        }
        String hash = BCrypt.hashpw(new String(password), BCrypt.gensalt(COST));
        Arrays.fill(password, '\0');
        List<String> lines = withoutUser(lines(), name);
        lines.add(name + " = " + PREFIX + hash + SUFFIX + "," + roles);
        write(lines);
    }

    boolean delete(String name) throws IOException {
        checkName(name);
        List<String> before = lines();
        List<String> after = withoutUser(before, name);
        if (after.size() == before.size()) {
            return false;
        }
        write(after);
        return true;
    }

    /** Each user and its roles (never its password). */
    List<String[]> list() throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String l : lines()) {
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("_g_")) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq > 0) {
                String value = t.substring(eq + 1).strip();
                int comma = value.indexOf(',');
                out.add(new String[] {t.substring(0, eq).strip(), comma < 0 ? "" : value.substring(comma + 1)});
            }
        }
        return out;
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a user name is letters, digits, '.', '_' and '-' (at most 64), not '"
                + name.replaceAll("\\p{Cntrl}", "?") + "'");
        }
    }

    private List<String> lines() throws IOException {
        return Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.ISO_8859_1)) : new ArrayList<>();
    }

    private static List<String> withoutUser(List<String> lines, String name) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String t = l.strip();
            int eq = t.indexOf('=');
            if (!t.startsWith("#") && eq > 0 && t.substring(0, eq).strip().equals(name)) {
                continue;
            }
            out.add(l);
        }
        return out;
    }

    private void write(List<String> lines) throws IOException {
        KeyFiles.writePrivate(file, String.join("\n", lines) + "\n");
    }

    /** The new password: twice without echo on a terminal, else one line of stdin. */
    private static char[] readPassword() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] a = console.readPassword("password: ");
            char[] b = console.readPassword("again: ");
            if (a == null || b == null || !Arrays.equals(a, b)) {
                throw new IllegalArgumentException("the passwords differ");
            }
            Arrays.fill(b, '\0');
            return a;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new IllegalArgumentException("no password on stdin");
        }
        return line.toCharArray();
    }
}
