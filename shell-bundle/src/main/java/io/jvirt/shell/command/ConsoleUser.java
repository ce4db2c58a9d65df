package io.jvirt.shell.command;

import java.security.AccessController;
import java.security.Principal;

import javax.security.auth.Subject;

/**
 * Who runs the current console command, as Karaf's JAAS login made them: jvirt runs as root, so
 * what a console user may do through it is decided here, from the roles of the session's subject,
 * never from the command's arguments (an ACL pattern on {@code --readonly} is bypassed by
 * {@code --readonly=false}).
 *
 * <p>Only a user with the {@value #WRITE_ROLE} role gets read-write connections; everybody else's
 * connections are read-only whatever they ask for, so every change is refused by the core
 * ("operation forbidden") even where the command ACL would let the command run. A command run
 * without a subject (no JAAS login at all) is treated as a viewer: the check fails closed.
 */
public final class ConsoleUser {

    /** The role that may change hypervisors through the console (Karaf's administrator role). */
    public static final String WRITE_ROLE = "admin";
    /** Karaf's role principal (org.apache.karaf.jaas.boot), named rather than imported: the shell imports only the API. */
    private static final String ROLE_PRINCIPAL = "org.apache.karaf.jaas.boot.principal.RolePrincipal";

    private ConsoleUser() {
    }

    /** Whether the user running the current command may change hypervisors (and read any file). */
    public static boolean mayWrite() {
        return hasRole(currentSubject(), WRITE_ROLE);
    }

    @SuppressWarnings({"deprecation", "removal"}) // how Karaf itself finds the shell's subject on Java 17
    private static Subject currentSubject() {
        return Subject.getSubject(AccessController.getContext());
    }

    static boolean hasRole(Subject subject, String role) {
        if (subject == null) {
            return false;
        }
        for (Principal p : subject.getPrincipals()) {
            if (ROLE_PRINCIPAL.equals(p.getClass().getName()) && role.equals(p.getName())) {
                return true;
            }
        }
        return false;
    }
}
