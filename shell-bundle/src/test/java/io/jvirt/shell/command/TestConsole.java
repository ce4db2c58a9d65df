package io.jvirt.shell.command;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.History;
import org.apache.karaf.shell.api.console.Registry;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.api.console.Terminal;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.apache.karaf.shell.support.CommandException;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.testing.Conformance;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;

/**
 * One console session without Karaf, for the commands' unit tests: what Karaf does around a
 * command is done here by hand, as Karaf's own command tests do. A command is built with
 * {@code new}, its options and arguments set as fields; {@link #run} injects the connector and
 * the session, gives it an output stream, runs it as the session's user (the JAAS subject Karaf's
 * login made) and adds the error lines Karaf's console prints when a command fails (a
 * {@link CommandException}'s "nice help"), so the result reads as the user's screen does.
 */
final class TestConsole implements AutoCloseable {

    /** The distribution's "karaf" user (etc/users.properties: the admin group's roles). */
    static final Subject ADMIN = subject("karaf", "admin", "manager", "viewer", "systembundles", "ssh");
    /** The distribution's "viewer" user. */
    static final Subject VIEWER = subject("viewer", "viewer", "ssh");

    /** What a command printed (with the console's error lines), and its failure. */
    record Result(String output, Exception failure) {
        boolean failed() {
            return failure != null;
        }
    }

    private final Connector connector;
    private final Subject user;
    /** What the running (or last) command has delivered to the user so far. */
    private volatile ByteArrayOutputStream delivered = new ByteArrayOutputStream();
    /** The session's console: the stream under the running command's output. */
    private volatile PrintStream console = new PrintStream(OutputStream.nullOutputStream());
    private final Session session = session(() -> console);

    TestConsole(Connector connector, Subject user) {
        this.connector = connector;
        this.user = user;
    }

    static Subject subject(String user, String... roles) {
        Subject s = new Subject();
        s.getPrincipals().add(new UserPrincipal(user));
        for (String role : roles) {
            s.getPrincipals().add(new RolePrincipal(role));
        }
        s.setReadOnly();
        return s;
    }

    /** Runs {@code command} as Karaf would, in this session, as its user. */
    Result run(VirtCommand command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        delivered = bytes;
        // the streams as a Karaf ssh session (bin/virt) layers them: the session's console is a
        // PrintStream without autoflush over the channel's buffered stream, so what a command prints
        // reaches the user when the console is flushed, at the latest when the command ends; the
        // command's System.out is Gogo's PrintStream over a channel to that console, whose flush()
        // goes nowhere (java.nio.channels.Channels.newOutputStream)
        PrintStream console = new PrintStream(new BufferedOutputStream(bytes), false, StandardCharsets.UTF_8);
        this.console = console;
        PrintStream out = new PrintStream(new FilterOutputStream(console) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                console.write(b, off, len);
            }

            @Override
            public void flush() {
                // a channel has nothing to flush
            }
        }, true, StandardCharsets.UTF_8);
        command.connector = connector;
        command.session = session;
        command.out = out;
        Exception failure = null;
        try {
            Subject.doAs(user, (PrivilegedExceptionAction<Object>) command::execute);
        } catch (PrivilegedActionException e) {
            failure = e.getException();
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure != null) {
            // what Karaf's console prints for a failed command (nothing for an empty message)
            String text = failure instanceof CommandException ce ? ce.getNiceHelp() : failure.getMessage();
            if (text != null && !text.isEmpty()) {
                out.println(text);
            }
        }
        console.flush();
        return new Result(bytes.toString(StandardCharsets.UTF_8), failure);
    }

    /**
     * The core over a new test driver (hence a new test:///default host), configured as ConsoleIT
     * configures the distribution: read-only connections may read libvirt's test-driver folder.
     */
    static Connector connector() {
        return StandaloneConnector.create(null, testDriverDir(), new TestDriver());
    }

    /** A session of {@code user} connected to a private copy of libvirt's test node ({@code virt:connect [--readonly] URI}). */
    static TestConsole onNode(Connector connector, Subject user, boolean readOnly) {
        TestConsole c = new TestConsole(connector, user);
        ok(c.run(new Connect(), x -> {
            x.uri = nodeUri();
            x.readOnly = readOnly;
        }));
        return c;
    }

    /** What the running command has delivered to its user so far (what it flushed). */
    String delivered() {
        return delivered.toString(StandardCharsets.UTF_8);
    }

    /** Sets the command's options and arguments, then runs it. */
    <C extends VirtCommand> Result run(C command, Consumer<? super C> options) {
        options.accept(command);
        return run(command);
    }

    /**
     * {@code command} with its options and arguments set from {@code words} (as the user typed
     * them after the command's name, split at spaces) by Karaf's own parser, as the console sets them.
     */
    static <C extends VirtCommand> C typed(C command, String words) {
        List<Object> params = new ArrayList<>();
        for (String w : words.trim().split(" +")) {
            if (!w.isEmpty()) {
                params.add(w);
            }
        }
        try {
            assertTrue(new DefaultActionPreparator().prepare(command, session(() -> null), params), "prepared: " + words);
        } catch (Exception e) {
            throw new AssertionError("Karaf refused '" + words + "': " + e, e);
        }
        return command;
    }

    /** A command on one domain, named as the user typed it. */
    static <C extends DomainCommand> C on(C command, String domain) {
        command.domain = domain;
        return command;
    }

    /** The output of a command that must succeed. */
    static String ok(Result r) {
        assertFalse(r.failed(), () -> r.output() + " (" + r.failure() + ")");
        return r.output();
    }

    /** The output of a command that must fail, with the console's error lines. */
    static String fails(Result r) {
        assertTrue(r.failed(), () -> "expected a failure, got: " + r.output());
        return r.output();
    }

    /** Closes the session's connection, as the end of a Karaf session leaves it to be closed. */
    @Override
    public void close() {
        Connection c = (Connection) session.get(SessionConnection.KEY);
        if (c != null) {
            c.close();
        }
    }

    /** libvirt's test-driver folder (node files, domain files): a skip here, a failure in CI, without it. */
    static Path testDriverDir() {
        Path dir = Conformance.dir().resolve("test-driver");
        Prerequisite.require(Files.isRegularFile(dir.resolve("testnode.xml")), "libvirt's test-driver files are missing in " + dir);
        return dir;
    }

    /** A private copy of libvirt's test node, per connection (the state is the connection's). */
    static String nodeUri() {
        return "test://" + testDriverDir().resolve("testnode.xml").toAbsolutePath();
    }

    /**
     * {@code connector}, whose connections release a permit of {@code subscribed} each time an
     * event listener has been added: the signal that a waiting virt:event is ready for events.
     */
    static Connector signallingSubscriptions(Connector connector, Semaphore subscribed) {
        return proxy(Connector.class, connector, (target, method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection c ? proxy(Connection.class, c, (conn, m, a) -> {
                Object r = invoke(conn, m, a);
                if (m.getName().equals("addDomainEventListener") || m.getName().equals("addNetworkEventListener")) {
                    subscribed.release();
                }
                return r;
            }) : result;
        });
    }

    private interface Call<T> {
        Object apply(T target, java.lang.reflect.Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Call<T> call) {
        InvocationHandler h = (p, method, args) -> call.apply(target, method, args);
        return type.cast(Proxy.newProxyInstance(TestConsole.class.getClassLoader(), new Class<?>[] {type}, h));
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Karaf's session as the commands use it: a map of values and its console; nothing else is needed without a terminal. */
    private static Session session(Supplier<PrintStream> console) {
        Map<String, Object> values = new HashMap<>();
        return new Session() {
            @Override
            public Object get(String name) {
                return values.get(name);
            }

            @Override
            public void put(String name, Object value) {
                values.put(name, value);
            }

            @Override
            public Object execute(CharSequence commandline) {
                throw new UnsupportedOperationException("a unit test runs its commands itself");
            }

            @Override
            public InputStream getKeyboard() {
                return InputStream.nullInputStream();
            }

            @Override
            public PrintStream getConsole() {
                return console.get();
            }

            @Override
            public String readLine(String prompt, Character mask) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Terminal getTerminal() {
                return null;
            }

            @Override
            public History getHistory() {
                return null;
            }

            @Override
            public Registry getRegistry() {
                return null;
            }

            @Override
            public SessionFactory getFactory() {
                return null;
            }

            @Override
            public String resolveCommand(String name) {
                return name;
            }

            @Override
            public Path currentDir() {
                return Path.of("").toAbsolutePath();
            }

            @Override
            public void currentDir(Path path) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void run() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
