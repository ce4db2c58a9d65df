package io.jvirt.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.security.PrivilegedAction;
import java.util.ArrayList;
import java.util.List;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;

/** A console user gets read-write connections only with the admin role, whatever options they pass. */
class ConsoleUserTest {

    /** Which Connector method each open went through. */
    private final List<String> opened = new ArrayList<>();

    private final Connector connector = (Connector) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connector.class}, (proxy, method, args) -> {
            opened.add(method.getName());
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (p, m, a) -> m.getName().equals("isReadOnly") ? method.getName().equals("openReadOnly") : null);
        });

    private static Subject subject(String user, String... roles) {
        Subject s = new Subject();
        s.getPrincipals().add(new UserPrincipal(user));
        for (String r : roles) {
            s.getPrincipals().add(new RolePrincipal(r));
        }
        return s;
    }

    private <T> T as(Subject s, PrivilegedAction<T> action) {
        return Subject.doAs(s, action);
    }

    @Test
    void aViewersConnectIsReadOnlyWhateverItAsks() {
        Subject viewer = subject("viewer", "viewer", "ssh");
        assertTrue(as(viewer, () -> SessionConnection.open(connector, "lxc:///", false)).isReadOnly());
        assertTrue(as(viewer, () -> SessionConnection.open(connector, null, false)).isReadOnly());
        assertEquals(List.of("openReadOnly", "openReadOnly"), opened);
    }

    @Test
    void anAdministratorGetsWhatItAsks() {
        Subject admin = subject("karaf", "admin", "manager", "viewer", "ssh");
        assertFalse(as(admin, () -> SessionConnection.open(connector, "lxc:///", false)).isReadOnly());
        assertTrue(as(admin, () -> SessionConnection.open(connector, "lxc:///", true)).isReadOnly());
        assertEquals(List.of("open", "openReadOnly"), opened);
    }

    @Test
    void rolesComeFromKarafsRolePrincipalsOnly() {
        Subject lookalike = new Subject();
        // a principal named "admin" of another kind (a user called admin) is no role
        lookalike.getPrincipals().add(new UserPrincipal("admin"));
        assertFalse(ConsoleUser.hasRole(lookalike, "admin"));
        assertTrue(ConsoleUser.hasRole(subject("k", "admin"), "admin"));
        assertFalse(ConsoleUser.hasRole(subject("k", "manager", "viewer"), "admin"));
        assertFalse(ConsoleUser.hasRole(null, "admin"));
    }

    @Test
    void withoutASubjectTheCheckFailsClosed() {
        assertFalse(ConsoleUser.mayWrite());
        assertTrue(SessionConnection.open(connector, "test:///default", false).isReadOnly());
    }
}
