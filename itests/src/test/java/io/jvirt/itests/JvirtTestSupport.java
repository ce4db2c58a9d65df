package io.jvirt.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;
import org.ops4j.pax.exam.options.extra.VMOption;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * What every Pax Exam class shares: a Karaf container from a tar.gz, Java 17 module flags (the ones
 * bin/karaf adds by itself), free ports, the local Maven repository, and console helpers.
 */
public abstract class JvirtTestSupport {

    static final String KARAF_VERSION = System.getProperty("karaf.version", "4.4.10");
    static final String JVIRT_VERSION = System.getProperty("jvirt.version", "0.1.0-SNAPSHOT");

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    /** The project's own distribution. */
    static MavenArtifactUrlReference jvirtDistribution() {
        return maven().groupId("io.jvirt").artifactId("karaf-dist").type("tar.gz").version(JVIRT_VERSION);
    }

    /** A stock Apache Karaf. */
    static MavenArtifactUrlReference stockKaraf() {
        return maven().groupId("org.apache.karaf").artifactId("apache-karaf").type("tar.gz").version(KARAF_VERSION);
    }

    static Option[] containerOptions(MavenArtifactUrlReference distribution, String name) {
        String repo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        List<Option> o = new ArrayList<>(List.of(
            karafDistributionConfiguration().frameworkUrl(distribution).name(name).karafVersion(KARAF_VERSION)
                .unpackDirectory(new File("target/exam")).useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            systemTimeout(120_000),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", repo),
            // free ports, so that a running distribution or another container does not collide
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(freePort()))));
        if (Boolean.getBoolean("jvirt.keepRuntime")) {
            // -Djvirt.keepRuntime=true keeps target/exam/<uuid>/data/log/karaf.log for diagnosis
            o.add(org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder());
        }
        o.addAll(java17Options());
        return o.toArray(new Option[0]);
    }

    /** The module flags bin/karaf passes on Java 9+ (Pax Exam does not; see the shared notes). */
    static List<Option> java17Options() {
        return List.of(
            new VMOption("--add-reads=java.xml=java.logging"),
            new VMOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
            new VMOption("--patch-module"),
            new VMOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + KARAF_VERSION + ".jar"),
            new VMOption("--patch-module"),
            new VMOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + KARAF_VERSION + ".jar"),
            new VMOption("--add-opens"), new VMOption("java.base/java.security=ALL-UNNAMED"),
            new VMOption("--add-opens"), new VMOption("java.base/java.net=ALL-UNNAMED"),
            new VMOption("--add-opens"), new VMOption("java.base/java.lang=ALL-UNNAMED"),
            new VMOption("--add-opens"), new VMOption("java.base/java.util=ALL-UNNAMED"),
            new VMOption("--add-opens"), new VMOption("java.naming/javax.naming.spi=ALL-UNNAMED"),
            new VMOption("--add-opens"), new VMOption("java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
            new VMOption("--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED"),
            new VMOption("-classpath"),
            new VMOption("lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*"));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Output of a console command (with the error lines the console prints), and its failure. */
    protected record Result(String output, Exception failure) {
        boolean failed() {
            return failure != null;
        }
    }

    /** Runs one console command as the distribution's administrator (user karaf, role admin). */
    protected Result execute(String command) {
        return executeAs(command, "karaf", "admin");
    }

    /**
     * Runs one console command in a new session as {@code user} with {@code roles}, as bin/client
     * would after logging in: Karaf's command ACLs decide what the session may run.
     */
    protected Result executeAs(String command, String user, String... roles) {
        javax.security.auth.Subject subject = new javax.security.auth.Subject();
        subject.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.UserPrincipal(user));
        for (String role : roles) {
            subject.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.RolePrincipal(role));
        }
        try {
            return javax.security.auth.Subject.doAs(subject,
                (java.security.PrivilegedExceptionAction<Result>) () -> executeInSession(command));
        } catch (java.security.PrivilegedActionException e) {
            throw new IllegalStateException(e.getException());
        }
    }

    private Result executeInSession(String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(new java.io.ByteArrayInputStream(new byte[0]), out, out);
        Exception failure = null;
        try {
            session.execute(command);
        } catch (Exception e) {
            failure = e;
            // what the console prints for a failed command
            out.println(e instanceof org.apache.karaf.shell.support.CommandException ce ? ce.getNiceHelp() : e.getMessage());
        } finally {
            out.flush();
            session.close();
        }
        return new Result(bytes.toString(StandardCharsets.UTF_8), failure);
    }

    protected Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /** Polls until {@code condition} holds, failing after {@code seconds}. */
    protected static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
