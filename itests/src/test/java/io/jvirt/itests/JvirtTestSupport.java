package io.jvirt.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.extra.VMOption;
import org.ops4j.pax.tinybundles.InnerClassStrategy;
import org.ops4j.pax.tinybundles.TinyBundle;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

import io.jvirt.api.testing.Poll;

/**
 * What every Pax Exam class shares: a Karaf container from a tar.gz, Java 17 module flags (the ones
 * bin/karaf adds by itself), free ports, the local Maven repository, and console helpers.
 */
public abstract class JvirtTestSupport {

    /** The factory PID of named connections: its component runs once per configuration file, and none is shipped. */
    static final String PER_FILE_PID = "io.jvirt.connection";

    static final String KARAF_VERSION = System.getProperty("karaf.version", "4.4.10");
    static final String JVIRT_VERSION = System.getProperty("jvirt.version", "0.1.0-SNAPSHOT");

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    /**
     * The project's own distribution: the archive this build made (karaf-dist/target, named by the
     * pom's jvirt.dist.archive), so that the tests run what the reactor just built; the installed
     * one of the local Maven repository only when there is no such archive (itests run alone).
     */
    static String jvirtDistribution() {
        String archive = System.getProperty("jvirt.dist.archive");
        if (archive != null && Files.isRegularFile(Path.of(archive))) {
            return Path.of(archive).toAbsolutePath().toUri().toString();
        }
        return maven().groupId("io.jvirt").artifactId("karaf-dist").type("tar.gz").version(JVIRT_VERSION).getURL();
    }

    /** A stock Apache Karaf. */
    static String stockKaraf() {
        return maven().groupId("org.apache.karaf").artifactId("apache-karaf").type("tar.gz").version(KARAF_VERSION).getURL();
    }

    static Option[] containerOptions(String distributionUrl, String name) {
        String repo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        List<Option> o = new ArrayList<>(List.of(
            karafDistributionConfiguration().frameworkUrl(distributionUrl).name(name).karafVersion(KARAF_VERSION)
                .unpackDirectory(new File("target/exam")).useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            systemTimeout(120_000),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", repo),
            // free ports, so that a running distribution or another container does not collide
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(freePort()))));
        o.add(testingKit());
        o.add(systemProperty(CONFORMANCE_PROPERTY).value(conformanceDir().getAbsolutePath()));
        o.add(systemProperty(REPORTS_PROPERTY).value(new File("target").getAbsolutePath()));
        if (Boolean.getBoolean("jvirt.keepRuntime")) {
            // -Djvirt.keepRuntime=true keeps target/exam/<uuid>/data/log/karaf.log for diagnosis
            o.add(org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder());
        }
        o.addAll(java17Options(!distributionUrl.equals(stockKaraf())));
        return o.toArray(new Option[0]);
    }

    /**
     * The testing kit's bounded waits ({@link Poll}) and the virsh MANIFEST reader for the code that runs inside the container:
     * Pax Exam's probe holds only this module's own test classes, so the kit's classes come as a
     * bundle of their own, made from the test class path (api-bundle's test jar of this build).
     */
    /** VirshManifest's private argument record, which its reader uses inside the container too. */
    private static Class<?> arg() {
        try {
            return Class.forName("io.jvirt.api.testing.VirshManifest$Arg");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    static Option testingKit() {
        TinyBundle kit = TinyBundles.bundle()
            .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
            .setHeader(Constants.BUNDLE_SYMBOLICNAME, "io.jvirt.api.testing")
            .setHeader(Constants.EXPORT_PACKAGE, Poll.class.getPackageName());
        for (Class<?> c : List.of(Poll.class, Poll.Check.class, Poll.Probe.class, io.jvirt.api.testing.VirshManifest.class,
            io.jvirt.api.testing.VirshManifest.Case.class, arg())) {
            kit.addClass(c, InnerClassStrategy.NONE);
        }
        return streamBundle(kit.build(TinyBundles.rawBuilder()));
    }

    /**
     * The module flags bin/karaf passes on Java 9+ (Pax Exam does not; see the shared notes). Stock
     * Karaf's patch java.base and java.xml with its specs locator; the project's distribution's bin/karaf
     * does not (issue 27: a patched java.base turns class data sharing off) and puts the locator on the
     * class path instead, so its containers here start as the shipped one does.
     */
    static List<Option> java17Options(boolean jvirtLaunch) {
        List<Option> modules = jvirtLaunch ? List.of() : List.of(
            new VMOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
            new VMOption("--patch-module"),
            new VMOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + KARAF_VERSION + ".jar"),
            new VMOption("--patch-module"),
            new VMOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + KARAF_VERSION + ".jar"));
        String classPath = (jvirtLaunch ? "lib/endorsed/org.apache.karaf.specs.locator-" + KARAF_VERSION + ".jar" + File.pathSeparator : "")
            + "lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*";
        List<Option> o = new ArrayList<>();
        o.add(new VMOption("--add-reads=java.xml=java.logging"));
        o.addAll(modules);
        o.addAll(List.of(
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
            new VMOption(classPath)));
        return o;
    }

    static final String CONFORMANCE_PROPERTY = "jvirt.conformance.dir";
    /** Where tests in the container write reports for people: the module's target directory. */
    static final String REPORTS_PROPERTY = "jvirt.itests.reports";

    /** libvirt's conformance data: next to the repository (set by the pom), else the machine's shared copy. */
    static File conformanceDir() {
        String prop = System.getProperty(CONFORMANCE_PROPERTY);
        if (prop != null && new File(prop).isDirectory()) {
            return new File(prop);
        }
        return new File("/work/shared/conformance/libvirt");
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

    /** Runs one console command in a new session as the administrator "karaf", as bin/client would. */
    protected Result execute(String command) {
        try (Console console = console(ADMIN)) {
            return console.run(command);
        }
    }

    /** The JAAS subject of the distribution's "karaf" user (etc/users.properties: the admin group's roles). */
    protected static final Subject ADMIN = subject("karaf", "admin", "manager", "viewer", "systembundles", "ssh");
    /** The JAAS subject of the distribution's "viewer" user. */
    protected static final Subject VIEWER = subject("viewer", "viewer", "ssh");

    protected static Subject subject(String user, String... roles) {
        Subject s = new Subject();
        s.getPrincipals().add(new UserPrincipal(user));
        for (String role : roles) {
            s.getPrincipals().add(new RolePrincipal(role));
        }
        s.setReadOnly();
        return s;
    }

    /** A console session of {@code user}: several commands share it (and its connection). */
    protected Console console(Subject user) {
        return new Console(user);
    }

    /** One console session; each command runs as the session's user, as Karaf's ssh server runs them. */
    protected final class Console implements AutoCloseable {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        private final Session session;
        private final Subject user;

        Console(Subject user) {
            this.user = user;
            this.session = sessionFactory.create(new java.io.ByteArrayInputStream(new byte[0]), out, out);
        }

        /** Runs one command: its output, with the error lines the console prints when it fails. */
        public Result run(String command) {
            bytes.reset();
            Exception failure = null;
            try {
                Subject.doAs(user, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
            } catch (PrivilegedActionException e) {
                failure = e.getException();
            } catch (RuntimeException e) {
                failure = e;
            }
            if (failure != null) {
                // what the console prints for a failed command (nothing for an empty message)
                String text = failure instanceof org.apache.karaf.shell.support.CommandException ce
                    ? ce.getNiceHelp() : failure.getMessage();
                if (text != null && !text.isEmpty()) {
                    out.println(text);
                }
            }
            out.flush();
            return new Result(bytes.toString(StandardCharsets.UTF_8), failure);
        }

        @Override
        public void close() {
            session.close();
        }
    }

    protected Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /**
     * Waits until every driver of the distribution has registered with the connector: Pax Exam
     * starts a test once its probe is in, while Declarative Services may still be activating the
     * driver components (seen once as "no connection driver available for test:///default" in the
     * first test of a class).
     */
    protected void awaitDistributionDrivers() {
        List<String> expected = List.of("test", "qemu", "lxc", "esx", "xen", "bhyve", "hyperv", "phyp");
        Poll.until("the distribution's drivers " + expected + " to register", Duration.ofMinutes(1), () -> {
            org.osgi.framework.ServiceReference<io.jvirt.api.Connector> ref =
                bundleContext.getServiceReference(io.jvirt.api.Connector.class);
            if (ref == null) {
                return false;
            }
            try {
                io.jvirt.api.Connector c = bundleContext.getService(ref);
                return c != null && c.drivers().stream().map(io.jvirt.api.DriverInfo::name).toList().containsAll(expected);
            } finally {
                bundleContext.ungetService(ref);
            }
        });
        awaitVirtCommands();
    }

    /**
     * Waits until Karaf's shell has registered the virt: commands: the shell's command extender
     * registers a bundle's commands once their services are there, which may be after the drivers
     * register (one CI run's first console command failed with "Command not found: virt:net-list").
     * The registry is asked as the administrator, from a new thread each time, because Karaf caches
     * a command's visibility per thread.
     */
    protected void awaitVirtCommands() {
        List<String> expected = List.of("list", "net-list", "pool-list", "vol-list");
        java.util.Set<String> seen = new java.util.TreeSet<>();
        Poll.until("the console's virt: commands " + expected + " to register", Duration.ofMinutes(1), () -> {
            java.util.concurrent.CompletableFuture<java.util.Set<String>> names = new java.util.concurrent.CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    java.util.Set<String> virt = new java.util.TreeSet<>();
                    for (org.apache.karaf.shell.api.console.Command c : Subject.doAs(ADMIN,
                        (PrivilegedExceptionAction<List<org.apache.karaf.shell.api.console.Command>>)
                            () -> sessionFactory.getRegistry().getCommands())) {
                        if ("virt".equals(c.getScope())) {
                            virt.add(c.getName());
                        }
                    }
                    names.complete(virt);
                } catch (Exception | Error e) {
                    names.completeExceptionally(e);
                }
            }, "await-virt-commands");
            t.start();
            seen.clear();
            seen.addAll(names.get(10, java.util.concurrent.TimeUnit.SECONDS));
            return seen.containsAll(expected);
        }, () -> seen);
    }

    /**
     * Every jvirt bundle is ACTIVE and every DS component of theirs is satisfied or active (a bundle
     * Karaf lists as "Waiting" has a component with an unsatisfied reference): the components and
     * what each one misses are named in the failure.
     */
    protected void assertEveryJvirtComponentRuns(java.util.Set<String> expectedBundles) throws InterruptedException {
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (Bundle b : bundleContext.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("io.jvirt.")) {
                seen.add(b.getSymbolicName());
            }
        }
        if (!seen.containsAll(expectedBundles)) {
            throw new AssertionError("jvirt bundles " + seen + ", expected at least " + expectedBundles);
        }
        org.osgi.util.tracker.ServiceTracker<org.osgi.service.component.runtime.ServiceComponentRuntime,
            org.osgi.service.component.runtime.ServiceComponentRuntime> t = new org.osgi.util.tracker.ServiceTracker<>(
                bundleContext, org.osgi.service.component.runtime.ServiceComponentRuntime.class, null);
        t.open();
        try {
            org.osgi.service.component.runtime.ServiceComponentRuntime scr = t.waitForService(10_000);
            if (scr == null) {
                throw new AssertionError("no ServiceComponentRuntime");
            }
            List<String> problems = new ArrayList<>();
            int components = 0;
            for (Bundle b : bundleContext.getBundles()) {
                if (b.getSymbolicName() == null || !b.getSymbolicName().startsWith("io.jvirt.")) {
                    continue;
                }
                if (b.getState() != Bundle.ACTIVE) {
                    problems.add(b.getSymbolicName() + " is in state " + b.getState());
                }
                for (var d : scr.getComponentDescriptionDTOs(b)) {
                    components++;
                    if (!scr.isComponentEnabled(d)) {
                        problems.add(d.name + " is disabled");
                        continue;
                    }
                    var configs = scr.getComponentConfigurationDTOs(d);
                    if (configs.isEmpty() && "require".equals(d.configurationPolicy)
                            && java.util.Arrays.asList(d.configurationPid).contains(PER_FILE_PID)) {
                        // one instance per etc/io.jvirt.connection-NAME.cfg: none until the user writes one
                        continue;
                    }
                    if (configs.isEmpty()) {
                        problems.add(d.name + " has no configuration (a required configuration is missing)");
                    }
                    for (var c : configs) {
                        boolean runs = c.state == org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.SATISFIED
                            || c.state == org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.ACTIVE;
                        if (!runs) {
                            List<String> missing = new ArrayList<>();
                            for (var r : c.unsatisfiedReferences) {
                                missing.add(r.name + " (" + r.target + ")");
                            }
                            problems.add(d.name + " in state " + c.state + ", unsatisfied references " + missing);
                        }
                    }
                }
            }
            if (components == 0) {
                problems.add("no DS component found in the jvirt bundles");
            }
            if (!problems.isEmpty()) {
                throw new AssertionError("jvirt components that do not run: " + problems);
            }
        } finally {
            t.close();
        }
    }

    /**
     * A domain's suspend and resume on test:///default reach EventAdmin as the core's bridge posts
     * them: topics io/jvirt/domain/SUSPENDED and .../RESUMED with libvirt's details.
     */
    protected void assertLifecycleEventsReachEventAdmin(io.jvirt.api.Connector connector) throws InterruptedException {
        java.util.concurrent.BlockingQueue<org.osgi.service.event.Event> got = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put(org.osgi.service.event.EventConstants.EVENT_TOPIC, "io/jvirt/domain/*");
        var reg = bundleContext.registerService(org.osgi.service.event.EventHandler.class, got::add, props);
        try (io.jvirt.api.Connection c = connector.open("test:///default")) {
            io.jvirt.api.Domain d = c.lookupByName("test");
            d.suspend();
            d.resume();
            List<String> seen = new ArrayList<>();
            Poll.until("EventAdmin to deliver the suspend and the resume", Duration.ofSeconds(20), () -> {
                for (org.osgi.service.event.Event e; (e = got.poll()) != null; ) {
                    if ("test".equals(e.getProperty("name"))) {
                        seen.add(e.getTopic() + " " + e.getProperty("uri") + " " + e.getProperty("detail.label"));
                    }
                }
                return seen.size() >= 2;
            }, () -> seen);
            if (!List.of("io/jvirt/domain/SUSPENDED test:///default Paused", "io/jvirt/domain/RESUMED test:///default Unpaused")
                .equals(seen)) {
                throw new AssertionError("EventAdmin got " + seen);
            }
        } finally {
            reg.unregister();
        }
    }
}
