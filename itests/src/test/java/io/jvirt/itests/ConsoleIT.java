package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;

/**
 * The virt: commands inside the distribution, for what only a real Karaf shows: the commands are
 * registered and reach the Connector service, a console session keeps its connection from one
 * command to the next, the JAAS login of the session reaches the commands (a viewer's connections
 * are read-only whatever it asks), the configured readonly.files.dir, and Karaf's command ACL (a
 * viewer is not even shown the commands that change things). What each command prints, virsh's
 * error lines included, is tested without a container: shell-bundle's *CommandsTest and
 * EventCommandTest, against the test driver.
 *
 * <p>Commands that change domains run against libvirt's node file (test:///PATH/testnode.xml),
 * whose state belongs to one connection, hence to one console session: test:///default, shared by
 * the whole container, stays as the other tests expect it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleIT extends JvirtTestSupport {

    @Inject
    private Connector connector;

    @Before
    public void driversRegistered() {
        awaitDistributionDrivers();
    }

    @Configuration
    public Option[] config() {
        java.util.List<Option> o = new java.util.ArrayList<>(java.util.List.of(containerOptions(jvirtDistribution(), "jvirt")));
        // read-only sessions (viewers) may read libvirt's node files, and nothing else
        o.add(org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut("etc/io.jvirt.core.cfg",
            "readonly.files.dir", new File(conformanceDir(), "test-driver").getAbsolutePath()));
        return o.toArray(new Option[0]);
    }

    /** A console session of {@code user} connected to a private copy of libvirt's test node. */
    private Console nodeConsole(javax.security.auth.Subject user, boolean readOnly) {
        Console c = console(user);
        ok(c.run("virt:connect " + (readOnly ? "--readonly " : "") + nodeUri()));
        return c;
    }

    private static String nodeUri() {
        return "test://" + new File(System.getProperty(CONFORMANCE_PROPERTY), "test-driver/testnode.xml").getAbsolutePath();
    }

    private static String ok(Result r) {
        assertFalse(r.output(), r.failed());
        return r.output();
    }

    private static String fails(Result r) {
        assertTrue("expected a failure, got: " + r.output(), r.failed());
        return r.output();
    }

    // ---------- wiring ----------

    @Test
    public void commandsReachTheConnectorService() throws Exception {
        assertEquals("test:///default\n", ok(execute("virt:uri")));
        String drivers = ok(execute("virt:drivers"));
        // column widths follow the widest cell, so they depend on which drivers are installed
        assertTrue(drivers, drivers.matches("(?s) Driver +Schemes +Stateful +Bundle +Version +State\n-+\n.*"));
        assertTrue(drivers, drivers.matches("(?s).*\n test +test +yes +\\d+ io\\.jvirt\\.driver-test +\\S+ +Active\n.*"));
        // test:///default is one host for the whole container: a domain made through the service
        // is listed by the console, whose connections come from the same service
        try (Connection conn = connector.open("test:///default")) {
            Domain d = conn.createXml(domainXml("jvirt-wired"));
            try {
                assertTrue(ok(execute("virt:list")).contains(" jvirt-wired "));
                assertEquals("running\n", ok(execute("virt:domstate jvirt-wired")));
            } finally {
                d.destroy();
            }
        }
        assertEquals("error: failed to get domain 'jvirt-wired'\n", fails(execute("virt:domstate jvirt-wired")));
    }

    @Test
    public void eachConsoleSessionKeepsItsConnection() {
        try (Console c = console(ADMIN); Console other = console(ADMIN)) {
            ok(c.run("virt:connect " + nodeUri()));
            assertEquals(nodeUri() + "\n", ok(c.run("virt:uri")));
            assertTrue(ok(c.run("virt:nodeinfo")).startsWith("CPU model:           i986\n"));
            assertEquals("test:///default\n", ok(other.run("virt:uri")));
            assertEquals("error: Failed to connect to the hypervisor\nerror: no connection driver available for nosuch:///x\n",
                fails(c.run("virt:connect nosuch:///x")));
            assertEquals(nodeUri() + "\n", ok(c.run("virt:uri")));
        }
    }

    // ---------- ACL ----------

    @Test
    public void viewerMayReadButNotChange() {
        try (Console viewer = nodeConsole(VIEWER, true)) {
            assertTrue(ok(viewer.run("virt:list")).contains(" 2    fc4    running\n"));
            assertTrue(ok(viewer.run("virt:dominfo fc4")).startsWith("Id:             2\n"));
            assertTrue(ok(viewer.run("virt:dumpxml fc4")).contains("<name>fc4</name>"));
            assertEquals(NODE_INFO_NODE, ok(viewer.run("virt:nodeinfo")));
            // commands only admin may run are hidden from a viewer, as Karaf's ACLs do
            assertHidden(viewer.run("virt:destroy fc4"), "virt:destroy");
            assertHidden(viewer.run("virt:start fc4"), "virt:start");
            assertHidden(viewer.run("virt:setmem fc4 1000"), "virt:setmem");
            assertHidden(viewer.run("virt:undefine fc4"), "virt:undefine");
            // a viewer's connections are read-only whatever it asks: the core refuses the secrets
            String secure = "error: operation forbidden: virDomainGetXMLDesc with secure flag\n";
            assertEquals(secure, fails(viewer.run("virt:dumpxml --security-info fc4")));
            ok(viewer.run("virt:connect " + nodeUri()));
            assertEquals(secure, fails(viewer.run("virt:dumpxml --security-info fc4")));
            ok(viewer.run("virt:connect --readonly=false " + nodeUri()));
            assertEquals(secure, fails(viewer.run("virt:dumpxml --security-info fc4")));
            assertEquals("running\n", ok(viewer.run("virt:domstate fc4")));
            // files: only those of the configured directory (here libvirt's test-driver folder)
            String inside = viewer.run("virt:domxml-to-native qemu-argv "
                + new File(conformanceDir(), "test-driver/testdomfc4.xml").getAbsolutePath()).output();
            // read, then handed to the driver (the test driver converts nothing: libvirt's NO_SUPPORT)
            assertTrue(inside, inside.contains("virConnectDomainXMLToNative") || inside.contains("-name"));
            String outside = fails(viewer.run("virt:domxml-to-native qemu-argv " + new File(conformanceDir(), "README.md").getAbsolutePath()));
            assertTrue(outside, outside.startsWith("error: operation forbidden: cannot read '"));
        }
        try (Console admin = nodeConsole(ADMIN, false)) {
            assertEquals("Domain 'fc4' destroyed\n", ok(admin.run("virt:destroy fc4")));
            assertTrue(ok(admin.run("virt:dumpxml --security-info fc5")).contains("<name>fc5</name>"));
        }
    }

    /**
     * Completion offers a user the commands of the session's registry that Karaf's ACL lets them
     * see: a viewer is offered the reading commands and none of those that change things.
     */
    @Test
    public void viewerIsOfferedOnlyTheCommandsItMayRun() throws Exception {
        Set<String> admin = offeredVirtCommands(ADMIN);
        Set<String> viewer = offeredVirtCommands(VIEWER);
        assertTrue(admin.toString(), admin.containsAll(Set.of("list", "dominfo", "dumpxml", "connect", "destroy", "start", "setmem", "undefine")));
        assertTrue(viewer.toString(), viewer.containsAll(Set.of("list", "dominfo", "dumpxml", "connect", "nodeinfo", "domstate", "event")));
        for (String hidden : List.of("destroy", "start", "setmem", "undefine", "define", "create", "attach-device")) {
            assertFalse(viewer + " offers " + hidden, viewer.contains(hidden));
        }
        // networks (issue 22): the reading net-* commands for viewers, the changing ones for admins only
        List<String> netReads = List.of("net-list", "net-info", "net-dumpxml", "net-name", "net-uuid", "net-dhcp-leases", "net-event");
        List<String> netChanges = List.of("net-define", "net-create", "net-undefine", "net-start", "net-destroy", "net-autostart");
        assertTrue(admin.toString(), admin.containsAll(netReads) && admin.containsAll(netChanges));
        assertTrue(viewer.toString(), viewer.containsAll(netReads));
        for (String hidden : netChanges) {
            assertFalse(viewer + " offers " + hidden, viewer.contains(hidden));
        }
        // storage (issue 23): the reading pool-*/vol-* commands for viewers; the changing ones, and the
        // transfers that name host files, for admins only
        List<String> storageReads = List.of("pool-list", "pool-info", "pool-dumpxml", "pool-name", "pool-uuid",
            "vol-list", "vol-info", "vol-dumpxml", "vol-path", "vol-key", "vol-name", "vol-pool");
        List<String> storageChanges = List.of("pool-define", "pool-define-as", "pool-create", "pool-create-as",
            "pool-build", "pool-start", "pool-destroy", "pool-delete", "pool-undefine", "pool-refresh", "pool-autostart",
            "vol-create", "vol-create-as", "vol-clone", "vol-delete", "vol-wipe", "vol-resize", "vol-upload", "vol-download");
        assertTrue(admin.toString(), admin.containsAll(storageReads) && admin.containsAll(storageChanges));
        assertTrue(viewer.toString(), viewer.containsAll(storageReads));
        for (String hidden : storageChanges) {
            assertFalse(viewer + " offers " + hidden, viewer.contains(hidden));
        }
    }

    /** The virt: commands the registry gives {@code user} (Karaf's completion offers these), in a thread of its own. */
    private Set<String> offeredVirtCommands(javax.security.auth.Subject user) throws Exception {
        // Karaf caches a command's visibility per thread: each user asks from a new one
        java.util.concurrent.CompletableFuture<Set<String>> names = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                List<org.apache.karaf.shell.api.console.Command> commands = javax.security.auth.Subject.doAs(user,
                    (java.security.PrivilegedExceptionAction<List<org.apache.karaf.shell.api.console.Command>>)
                        () -> sessionFactory.getRegistry().getCommands());
                Set<String> virt = new java.util.TreeSet<>();
                for (org.apache.karaf.shell.api.console.Command c : commands) {
                    if ("virt".equals(c.getScope())) {
                        virt.add(c.getName());
                    }
                }
                names.complete(virt);
            } catch (Exception | Error e) {
                names.completeExceptionally(e);
            }
        }, "completion as " + user.getPrincipals());
        t.start();
        return names.get(1, java.util.concurrent.TimeUnit.MINUTES);
    }

    private static final String NODE_INFO_NODE = """
        CPU model:           i986
        CPU(s):              50
        CPU frequency:       6000 MHz
        CPU socket(s):       4
        Core(s) per socket:  4
        Thread(s) per core:  2
        NUMA cell(s):        4
        Memory size:         8192000 KiB
        """;

    /** Karaf's command ACL hides the command from the user: "Command not found", it never ran. */
    private static void assertHidden(Result r, String command) {
        assertTrue("expected a refusal, got: " + r.output(), r.failed());
        assertEquals(r.output(), "org.apache.felix.gogo.runtime.CommandNotFoundException", r.failure().getClass().getName());
        assertEquals("Command not found: " + command + "\n", r.output());
    }

    /** Karaf's command ACL refused the command's arguments: it never ran. */
    private static void assertDenied(Result r) {
        assertTrue("expected a refusal, got: " + r.output(), r.failed());
        assertTrue(r.failure().getClass().getName(), r.failure() instanceof SecurityException);
        assertEquals("Insufficient credentials.\n", r.output());
    }

    private static String domainXml(String name) {
        return "<domain type='test'><name>" + name + "</name><uuid>" + java.util.UUID.nameUUIDFromBytes(name.getBytes())
            + "</uuid><memory unit='KiB'>65536</memory><vcpu>1</vcpu>"
            + "<os><type>hvm</type></os></domain>\n";
    }
}
