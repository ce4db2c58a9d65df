package io.jvirt.shell.command.completers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedAction;
import java.util.ArrayList;
import java.util.List;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File names complete for administrators only: a viewer is shown no host directory. */
class UserFileCompleterTest {

    @TempDir
    Path dir;

    private List<String> complete(Subject user, String typed) {
        CommandLine line = (CommandLine) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {CommandLine.class},
            (p, m, a) -> switch (m.getName()) {
                case "getCursorArgument" -> typed;
                case "getArgumentPosition" -> typed.length();
                default -> null;
            });
        Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
            (p, m, a) -> null);
        List<Candidate> candidates = new ArrayList<>();
        Subject.doAs(user, (PrivilegedAction<Void>) () -> {
            new UserFileCompleter().completeCandidates(session, line, candidates);
            return null;
        });
        return candidates.stream().map(Candidate::value).sorted().toList();
    }

    private static Subject subject(String... roles) {
        Subject s = new Subject();
        for (String r : roles) {
            s.getPrincipals().add(new RolePrincipal(r));
        }
        return s;
    }

    @Test
    void viewersAreShownNoFileAdministratorsAreShownTheDirectory() throws IOException {
        Files.writeString(dir.resolve("web.xml"), "<domain/>");
        Files.createDirectory(dir.resolve("sub"));
        String typed = dir + "/";
        assertEquals(List.of(), complete(subject("viewer", "ssh"), typed));
        assertEquals(List.of(), complete(subject(), typed));
        List<String> admin = complete(subject("admin", "viewer"), typed);
        assertEquals(List.of(dir + "/sub/", dir + "/web.xml"), admin);
        assertTrue(complete(subject("viewer"), "/").isEmpty(), "not even the root directory");
    }
}
