package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

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
 * Every virt: command through the console of the distribution, against the test driver: output,
 * virsh's error lines, the session's connection, and the command ACL of etc/.
 *
 * <p>Commands that change domains run against libvirt's node file (test:///PATH/testnode.xml),
 * whose state belongs to one connection, hence to one console session: test:///default, shared by
 * the whole container, stays as the other tests expect it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleIT extends JvirtTestSupport {

    private static final String FC4_UUID = "ef861801-45b9-11cb-88e3-afbfe5370493";
    private static final String NODE_INFO_DEFAULT = """
        CPU model:           i686
        CPU(s):              16
        CPU frequency:       1400 MHz
        CPU socket(s):       2
        Core(s) per socket:  2
        Thread(s) per core:  2
        NUMA cell(s):        2
        Memory size:         3145728 KiB
        """;

    @Inject
    private Connector connector;

    @Before
    public void driversRegistered() throws InterruptedException {
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

    // ---------- connection and host ----------

    @Test
    public void hostCommands() {
        assertEquals("test:///default\n", ok(execute("virt:uri")));
        assertEquals(NODE_INFO_DEFAULT, ok(execute("virt:nodeinfo")));
        assertTrue(ok(execute("virt:version")).matches(
            "Compiled against library: jvirt \\S+\nUsing library: jvirt \\S+\nUsing API: TEST \\S+\nRunning hypervisor: TEST \\S+\n"));
        assertFalse(ok(execute("virt:hostname")).isBlank());
        assertTrue(ok(execute("virt:capabilities")).contains("<capabilities>"));
        String drivers = ok(execute("virt:drivers"));
        // column widths follow the widest cell, so they depend on which drivers are installed
        assertTrue(drivers, drivers.matches("(?s) Driver +Schemes +Stateful +Bundle +Version +State\n-+\n.*"));
        assertTrue(drivers, drivers.matches("(?s).*\n test +test +yes +\\d+ io\\.jvirt\\.driver-test +\\S+ +Active\n.*"));
    }

    @Test
    public void connectChoosesTheSessionsConnection() {
        try (Console c = console(ADMIN)) {
            ok(c.run("virt:connect " + nodeUri()));
            assertEquals(nodeUri() + "\n", ok(c.run("virt:uri")));
            assertTrue(ok(c.run("virt:nodeinfo")).startsWith("CPU model:           i986\n"));
            ok(c.run("virt:connect"));
            assertEquals("test:///default\n", ok(c.run("virt:uri")));
            assertEquals("error: Failed to connect to the hypervisor\nerror: no connection driver available for nosuch:///x\n",
                fails(c.run("virt:connect nosuch:///x")));
        }
    }

    @Test
    public void readOnlyConnectionRefusesChanges() {
        try (Console c = nodeConsole(ADMIN, true)) {
            assertEquals(" Id   Name   State\n----------------------\n 1    fv0    running\n 2    fc4    running\n 3    fc5    running\n",
                ok(c.run("virt:list")));
            String out = fails(c.run("virt:destroy fc4"));
            assertTrue(out, out.startsWith("error: Failed to destroy domain 'fc4'\nerror: operation forbidden"));
            out = fails(c.run("virt:setmem fc4 100000"));
            assertTrue(out, out.startsWith("error: operation forbidden"));
            out = fails(c.run("virt:setmaxmem fc4 300000"));
            assertTrue(out, out.startsWith("error: Unable to change MaxMemorySize\nerror: operation forbidden"));
            assertEquals("running\n", ok(c.run("virt:domstate fc4")));
        }
    }

    // ---------- reading domains ----------

    @Test
    public void domainByNameIdOrUuid() {
        try (Console c = nodeConsole(ADMIN, false)) {
            assertEquals("2\n", ok(c.run("virt:domid fc4")));
            assertEquals("2\n", ok(c.run("virt:domid " + FC4_UUID)));
            assertEquals("fc4\n", ok(c.run("virt:domname 2")));
            assertEquals("fc4\n", ok(c.run("virt:domname " + FC4_UUID)));
            assertEquals(FC4_UUID + "\n", ok(c.run("virt:domuuid 2")));
            assertEquals(FC4_UUID + "\n", ok(c.run("virt:domuuid fc4")));
            assertEquals("running\n", ok(c.run("virt:domstate 2")));
            // node-file domains are loaded running with reason "unknown", as libvirt's testParseDomains sets them
            assertEquals("running (unknown)\n", ok(c.run("virt:domstate --reason fc4")));
            String info = ok(c.run("virt:dominfo " + FC4_UUID));
            assertTrue(info, info.startsWith("Id:             2\nName:           fc4\nUUID:           " + FC4_UUID
                + "\nOS Type:        linux\nState:          running\nCPU(s):         1\n"));
            assertTrue(info, info.endsWith("Max memory:     261072 KiB\nUsed memory:    131072 KiB\nPersistent:     yes\n"
                + "Autostart:      disable\nManaged save:   no\n"));
            assertEquals("error: failed to get domain 'nosuch'\n", fails(c.run("virt:dominfo nosuch")));
            assertEquals("error: failed to get domain '4294967298'\n", fails(c.run("virt:domname 4294967298")));
            assertEquals("error: failed to get domain '7'\n", fails(c.run("virt:domid 7")));
            ok(c.run("virt:destroy fc5"));
            assertEquals("-\n", ok(c.run("virt:domid fc5")));
        }
    }

    @Test
    public void dommemstatAndDomhostnameAsVirsh() {
        // test:///default's domain "test" has a balloon and 2 GiB: libvirt's test driver figures, in its order
        try (Console c = console(VIEWER)) {
            assertEquals("""
                actual 2097152
                swap_in 0
                swap_out 0
                major_fault 0
                minor_fault 0
                unused 1048576
                available 2097152
                usable 1048576
                last_update 627319920
                disk_caches 262144
                hugetlb_pgalloc 0
                hugetlb_pgfail 0
                rss 1048576
                """, ok(c.run("virt:dommemstat test")));
            assertEquals("testhost\n", ok(c.run("virt:domhostname test")));
            assertEquals("error: failed to get hostname\n"
                + "error: invalid argument: unsupported flags (0x2) in function testDomainGetHostname\n",
                fails(c.run("virt:domhostname --source agent test")));
            assertEquals("error: Unknown data source 'dhcp'\n", fails(c.run("virt:domhostname --source dhcp test")));
        }
        try (Console c = nodeConsole(ADMIN, false)) {
            // the node file's domains have no balloon: the test driver reports nothing, virsh prints nothing
            assertEquals("", ok(c.run("virt:dommemstat fc4")));
            ok(c.run("virt:destroy fc5"));
            assertEquals("error: Failed to get memory statistics for domain fc5\n"
                + "error: Requested operation is not valid: domain is not running\n", fails(c.run("virt:dommemstat fc5")));
            assertEquals("error: failed to get hostname\n"
                + "error: Requested operation is not valid: domain is not running\n", fails(c.run("virt:domhostname fc5")));
        }
    }

    @Test
    public void listSelectsAndFormatsAsVirsh() {
        try (Console c = nodeConsole(ADMIN, false)) {
            ok(c.run("virt:suspend fc4"));
            ok(c.run("virt:destroy fc5"));
            assertEquals(" Id   Name   State\n----------------------\n 1    fv0    running\n 2    fc4    paused\n",
                ok(c.run("virt:list")));
            assertEquals(" Id   Name   State\n-----------------------\n 1    fv0    running\n 2    fc4    paused\n -    fc5    shut off\n",
                ok(c.run("virt:list --all")));
            assertEquals(" Id   Name   State\n-----------------------\n -    fc5    shut off\n", ok(c.run("virt:list --inactive")));
            assertEquals(" Id   Name   State\n----------------------\n 1    fv0    running\n", ok(c.run("virt:list --state-running")));
            assertEquals(" Id   Name   State\n---------------------\n 2    fc4    paused\n", ok(c.run("virt:list --state-paused")));
            assertEquals(" Id   Name   State\n-----------------------\n -    fc5    shut off\n", ok(c.run("virt:list --state-shutoff")));
            assertEquals("fv0\nfc4\nfc5\n", ok(c.run("virt:list --all --name")));
            assertEquals("1\n2\n", ok(c.run("virt:list --id")));
            assertTrue(ok(c.run("virt:list --all --uuid")).contains(FC4_UUID + "\n"));
            assertEquals("fv0\nfc4\nfc5\n", ok(c.run("virt:list --all --persistent --name")));
            assertEquals("", ok(c.run("virt:list --all --transient --name")));
            ok(c.run("virt:autostart fc5"));
            assertEquals("fc5\n", ok(c.run("virt:list --all --autostart --name")));
            assertEquals("fv0\nfc4\n", ok(c.run("virt:list --all --no-autostart --name")));
            assertEquals(" Id   Name   State     Title\n------------------------------\n 1    fv0    running   \n"
                + " 2    fc4    paused    \n", ok(c.run("virt:list --title")));
        }
    }

    @Test
    public void dumpxmlAndDesc() {
        try (Console c = nodeConsole(ADMIN, false)) {
            String xml = ok(c.run("virt:dumpxml fc4"));
            assertTrue(xml, xml.contains("<name>fc4</name>"));
            ok(c.run("virt:setmem --config fc4 200000"));
            assertTrue(xml, ok(c.run("virt:dumpxml fc4")).contains("<currentMemory unit='KiB'>131072</currentMemory>"));
            String inactive = ok(c.run("virt:dumpxml --inactive fc4"));
            assertTrue(inactive, inactive.contains("<currentMemory unit='KiB'>200000</currentMemory>"));
            assertTrue(ok(c.run("virt:dumpxml --security-info fc4")).contains("<name>fc4</name>"));
            assertEquals("No description for domain: fc4\n", ok(c.run("virt:desc fc4")));
            assertEquals("No title for domain: fc4\n", ok(c.run("virt:desc --title fc4")));
            assertEquals("error: Options --current and --live are mutually exclusive\n",
                fails(c.run("virt:desc --current --live fc4")));
            assertEquals("error: failed to get domain 'nosuch'\n", fails(c.run("virt:dumpxml nosuch")));
        }
    }

    // ---------- changing domains ----------

    @Test
    public void lifecycle() {
        try (Console c = nodeConsole(ADMIN, false)) {
            assertEquals("Domain 'fc4' suspended\n", ok(c.run("virt:suspend fc4")));
            assertEquals("paused (user)\n", ok(c.run("virt:domstate --reason fc4")));
            assertEquals("Domain 'fc4' resumed\n", ok(c.run("virt:resume fc4")));
            String out = fails(c.run("virt:resume fc4"));
            assertTrue(out, out.startsWith("error: Failed to resume domain 'fc4'\nerror: "));
            assertEquals("Domain 'fc4' is being rebooted\n", ok(c.run("virt:reboot fc4")));
            assertEquals("Domain 'fc4' was reset\n", ok(c.run("virt:reset fc4")));
            assertEquals("Domain 'fv0' is being shutdown\n", ok(c.run("virt:shutdown fv0")));
            assertEquals("shut off\n", ok(c.run("virt:domstate fv0")));
            out = fails(c.run("virt:suspend fv0"));
            assertTrue(out, out.startsWith("error: Failed to suspend domain 'fv0'\nerror: "));
            assertEquals("Domain 'fv0' started\n", ok(c.run("virt:start --paused fv0")));
            assertEquals("paused\n", ok(c.run("virt:domstate fv0")));
            assertEquals("error: Domain is already active\n", fails(c.run("virt:start fv0")));
            // as virsh, start takes a name or a UUID, not an id
            assertEquals("error: failed to get domain '1'\n", fails(c.run("virt:start 1")));
            assertEquals("Domain 'fv0' destroyed\n", ok(c.run("virt:destroy fv0")));
            assertEquals("Domain 'fc5' destroyed\n", ok(c.run("virt:destroy --graceful fc5")));
            assertEquals("Domain 'fc5' started\n", ok(c.run("virt:start fc5")));
            assertEquals("Domain 'fc5' marked as autostarted\n", ok(c.run("virt:autostart fc5")));
            assertTrue(ok(c.run("virt:dominfo fc5")).contains("Autostart:      enable\n"));
            assertEquals("Domain 'fc5' unmarked as autostarted\n", ok(c.run("virt:autostart --disable fc5")));
            assertEquals("Domain 'fv0' has been undefined\n", ok(c.run("virt:undefine fv0")));
            assertEquals("error: failed to get domain 'fv0'\n", fails(c.run("virt:start fv0")));
            assertEquals("error: failed to get domain 'nosuch'\n", fails(c.run("virt:destroy nosuch")));
        }
    }

    @Test
    public void defineCreateAndUndefineFromFiles() throws IOException {
        Path dir = Files.createTempDirectory("jvirt-console");
        Path xml = Files.writeString(dir.resolve("new.xml"), domainXml("jvirt-new"));
        Path transientXml = Files.writeString(dir.resolve("transient.xml"), domainXml("jvirt-transient"));
        Path bad = Files.writeString(dir.resolve("bad.xml"), "<domain type='test'><name>x</name>");
        try (Console c = nodeConsole(ADMIN, false)) {
            assertEquals("Domain 'jvirt-new' defined from " + xml + "\n", ok(c.run("virt:define " + xml)));
            assertEquals("Domain 'jvirt-new' defined from " + xml + "\n", ok(c.run("virt:define --validate " + xml)));
            assertEquals("shut off\n", ok(c.run("virt:domstate jvirt-new")));
            assertEquals("Domain 'jvirt-transient' created from " + transientXml + "\n",
                ok(c.run("virt:create --paused " + transientXml)));
            assertEquals("paused\n", ok(c.run("virt:domstate jvirt-transient")));
            assertTrue(ok(c.run("virt:dominfo jvirt-transient")).contains("Persistent:     no\n"));
            ok(c.run("virt:destroy jvirt-transient"));
            assertEquals("error: failed to get domain 'jvirt-transient'\n", fails(c.run("virt:domstate jvirt-transient")));
            assertEquals("Domain 'jvirt-new' has been undefined\n", ok(c.run("virt:undefine jvirt-new")));
            assertEquals("error: Failed to open file '" + dir.resolve("none.xml") + "': No such file or directory\n",
                fails(c.run("virt:define " + dir.resolve("none.xml"))));
            String out = fails(c.run("virt:define " + bad));
            assertTrue(out, out.startsWith("error: Failed to define domain from " + bad + "\nerror: "));
            out = fails(c.run("virt:create " + bad));
            assertTrue(out, out.startsWith("error: Failed to create domain from " + bad + "\nerror: "));
        }
    }

    @Test
    public void memoryAndVcpus() {
        try (Console c = nodeConsole(ADMIN, false)) {
            assertEquals("", ok(c.run("virt:setmem fc4 100000")));
            assertTrue(ok(c.run("virt:dominfo fc4")).contains("Used memory:    100000 KiB\n"));
            assertEquals("", ok(c.run("virt:setmem --current fc4 128M")));
            assertTrue(ok(c.run("virt:dominfo fc4")).contains("Used memory:    131072 KiB\n"));
            assertEquals("error: Scaled numeric value 'lots' for <size> option is malformed or out of range\n",
                fails(c.run("virt:setmem fc4 lots")));
            assertEquals("error: Options --current and --live are mutually exclusive\n",
                fails(c.run("virt:setmem --current --live fc4 1000")));
            String out = fails(c.run("virt:setmem fc4 999999999"));
            assertTrue(out, out.startsWith("error: ") && !out.contains("\nerror: "));

            ok(c.run("virt:destroy fc5"));
            assertEquals("", ok(c.run("virt:setmaxmem fc5 3000000")));
            assertTrue(ok(c.run("virt:dominfo fc5")).contains("Max memory:     3000000 KiB\n"));
            assertEquals("", ok(c.run("virt:setmaxmem --config fc5 2G")));
            assertTrue(ok(c.run("virt:dominfo fc5")).contains("Max memory:     2097152 KiB\n"));

            assertEquals("", ok(c.run("virt:setvcpus --config fc5 2")));
            assertTrue(ok(c.run("virt:dominfo fc5")).contains("CPU(s):         2\n"));
            assertEquals("", ok(c.run("virt:setvcpus --config --maximum fc5 3")));
            assertEquals("error: Numeric value 'two' for <count> option is malformed or out of range\n",
                fails(c.run("virt:setvcpus fc5 two")));
            out = fails(c.run("virt:setvcpus fc5 0"));
            assertTrue(out, out.startsWith("error: "));
        }
    }

    @Test
    public void devicesAndNativeFormats() throws IOException {
        Path dir = Files.createTempDirectory("jvirt-console");
        Path disk = Files.writeString(dir.resolve("disk.xml"),
            "<disk type='file' device='disk'><source file='/tmp/x.img'/><target dev='vdb' bus='virtio'/></disk>");
        Path argv = Files.writeString(dir.resolve("argv"), "qemu-system-x86_64 -m 64 -name x\n");
        try (Console c = nodeConsole(ADMIN, false)) {
            String out = c.run("virt:attach-device --config fc4 " + disk).output();
            assertTrue(out, out.equals("Device attached successfully\n")
                || out.startsWith("error: Failed to attach device from " + disk + "\nerror: "));
            out = c.run("virt:detach-device --persistent fc4 " + disk).output();
            assertTrue(out, out.equals("Device detached successfully\n")
                || out.startsWith("error: Failed to detach device from " + disk + "\nerror: "));
            assertEquals("error: Options --persistent and --current are mutually exclusive\n",
                fails(c.run("virt:attach-device --persistent --current fc4 " + disk)));
            assertEquals("error: failed to get domain 'nosuch'\n", fails(c.run("virt:attach-device nosuch " + disk)));

            out = c.run("virt:domxml-from-native qemu-argv " + argv).output();
            assertTrue(out, out.startsWith("<domain") || out.startsWith("error: "));
            out = c.run("virt:domxml-to-native --domain fc4 qemu-argv").output();
            assertTrue(out, !out.isEmpty());
            assertEquals("error: need either domain or domain XML\n", fails(c.run("virt:domxml-to-native qemu-argv")));
            assertEquals("error: Options --domain and --xml are mutually exclusive\n",
                fails(c.run("virt:domxml-to-native --domain fc4 --xml " + disk + " qemu-argv")));
            assertEquals("error: failed to get domain 'nosuch'\n", fails(c.run("virt:domxml-to-native --domain nosuch qemu-argv")));
        }
    }

    // ---------- events ----------

    @Test
    public void eventChecksItsOptionsAndTimesOut() {
        assertEquals("error: one of --list, --all, or --event <type> is required\n", fails(execute("virt:event")));
        assertEquals("error: Options --all and --event are mutually exclusive\n",
            fails(execute("virt:event --all --event lifecycle")));
        assertEquals("error: unknown event type nosuch\n", fails(execute("virt:event --event nosuch")));
        assertEquals("lifecycle\n", ok(execute("virt:event --list")));
        assertEquals("error: Numeric value 'abc' for <timeout> option is malformed or out of range\n",
            fails(execute("virt:event --all --timeout abc")));
        assertEquals("error: Numeric value '0' for <timeout> option is malformed or out of range\n",
            fails(execute("virt:event --all --timeout 0")));
        assertEquals("error: Numeric value '2147484' for <timeout> option is malformed or out of range\n",
            fails(execute("virt:event --all --timeout 2147484")));
        assertEquals("error: failed to get domain 'nosuch'\n", fails(execute("virt:event --all --domain nosuch --timeout 1")));
        // a transient node connection of its own: nothing happens to it, so the wait times out
        try (Console c = nodeConsole(ADMIN, false)) {
            assertEquals("event loop timed out\nevents received: 0\n", fails(c.run("virt:event --all --timeout 1")));
        }
    }

    @Test
    public void eventPrintsTheFirstEventAsVirsh() throws Exception {
        // test:///default is one host for the whole container: events of a domain changed through
        // another connection reach the console session's connection
        try (Connection conn = connector.open("test:///default")) {
            Domain d = conn.createXml(domainXml("jvirt-events"));
            try (Console c = console(ADMIN)) {
                AtomicReference<Result> result = new AtomicReference<>();
                Thread waiter = new Thread(() -> result.set(c.run("virt:event --domain jvirt-events --event lifecycle")));
                waiter.start();
                while (waiter.isAlive()) {
                    d.suspend();
                    d.resume();
                    waiter.join(100);
                }
                String out = ok(result.get());
                assertTrue(out, out.matches(
                    "event 'lifecycle' for domain 'jvirt-events': (Suspended Paused|Resumed Unpaused)\nevents received: 1\n"));
            } finally {
                d.destroy();
            }
        }
    }

    @Test
    public void eventLoopEndsOnInterrupt() throws Exception {
        try (Console c = nodeConsole(ADMIN, false)) {
            AtomicReference<Result> result = new AtomicReference<>();
            Thread waiter = new Thread(() -> result.set(c.run("virt:event --all --loop")));
            waiter.start();
            // Ctrl-C: the console interrupts the thread that runs the command (Gogo's job), once it waits
            Thread command = null;
            while (command == null && waiter.isAlive()) {
                command = eventWaiter();
                Thread.sleep(10);
            }
            if (command != null) {
                command.interrupt();
            }
            waiter.join();
            assertEquals(String.valueOf(result.get().failure()), "event loop interrupted\nevents received: 0\n",
                result.get().output());
            assertTrue(result.get().failed());
        }
    }

    /** The thread that runs virt:event and waits for events (where Ctrl-C finds it), or null. */
    private static Thread eventWaiter() {
        for (java.util.Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
            boolean inEvent = false;
            boolean inTake = false;
            for (StackTraceElement e : t.getValue()) {
                inEvent |= e.getClassName().equals("io.jvirt.shell.command.Event");
                inTake |= e.getMethodName().equals("take");
            }
            if (inEvent && inTake) {
                return t.getKey();
            }
        }
        return null;
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
