package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.VIEWER;
import static io.jvirt.shell.command.TestConsole.fails;
import static io.jvirt.shell.command.TestConsole.nodeUri;
import static io.jvirt.shell.command.TestConsole.ok;
import static io.jvirt.shell.command.TestConsole.on;
import static io.jvirt.shell.command.TestConsole.testDriverDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connector;
import io.jvirt.api.testing.Conformance;

/**
 * What a console user without the admin role gets, decided from the JAAS subject of the session
 * ({@link ConsoleUser}, {@link SessionConnection}) rather than from the command's options: read-only
 * connections whatever they ask for, so the core refuses every change and the secrets, and only
 * the files of the configured directory (readonly.files.dir, here libvirt's test-driver folder).
 * Karaf's command ACL, which hides the changing commands from a viewer before they run, is
 * ConsoleIT's: here the commands run, and the core refuses.
 */
class ViewerCommandsTest {

    static final String NODE_INFO_NODE = """
        CPU model:           i986
        CPU(s):              50
        CPU frequency:       6000 MHz
        CPU socket(s):       4
        Core(s) per socket:  4
        Thread(s) per core:  2
        NUMA cell(s):        4
        Memory size:         8192000 KiB
        """;

    private static final String SECURE = "error: operation forbidden: virDomainGetXMLDesc with secure flag\n";

    private final Connector connector = TestConsole.connector();

    @Test
    void viewerMayReadButNotChange() {
        try (TestConsole viewer = TestConsole.onNode(connector, VIEWER, true)) {
            assertTrue(ok(viewer.run(new ListDomains())).contains(" 2    fc4    running\n"));
            assertTrue(ok(viewer.run(on(new DomInfo(), "fc4"))).startsWith("Id:             2\n"));
            assertTrue(ok(viewer.run(on(new DumpXml(), "fc4"))).contains("<name>fc4</name>"));
            assertEquals(NODE_INFO_NODE, ok(viewer.run(new NodeInfoCommand())));
            // a viewer's connections are read-only whatever it asks: the core refuses the secrets
            assertEquals(SECURE, fails(viewer.run(on(new DumpXml(), "fc4"), x -> x.secure = true)));
            ok(viewer.run(new Connect(), x -> x.uri = nodeUri()));
            assertEquals(SECURE, fails(viewer.run(on(new DumpXml(), "fc4"), x -> x.secure = true)));
            ok(viewer.run(new Connect(), x -> {
                x.uri = nodeUri();
                x.readOnly = false;
            }));
            assertEquals(SECURE, fails(viewer.run(on(new DumpXml(), "fc4"), x -> x.secure = true)));
            // the commands the ACL hides from a viewer, run all the same: the core refuses each change
            String out = fails(viewer.run(on(new Destroy(), "fc4")));
            assertTrue(out.startsWith("error: Failed to destroy domain 'fc4'\nerror: operation forbidden"), out);
            out = fails(viewer.run(on(new Suspend(), "fc4")));
            assertTrue(out.startsWith("error: Failed to suspend domain 'fc4'\nerror: operation forbidden"), out);
            out = fails(viewer.run(on(new SetMem(), "fc4"), x -> x.size = "1000"));
            assertTrue(out.startsWith("error: operation forbidden"), out);
            out = fails(viewer.run(on(new Undefine(), "fc4")));
            assertTrue(out.contains("operation forbidden"), out);
            assertEquals("running\n", ok(viewer.run(on(new DomState(), "fc4"))));
            // files: only those of the configured directory (here libvirt's test-driver folder)
            String inside = viewer.run(new DomXmlToNative(), x -> {
                x.format = "qemu-argv";
                x.file = testDriverDir().resolve("testdomfc4.xml").toAbsolutePath().toString();
            }).output();
            // read, then handed to the driver (the test driver converts nothing: libvirt's NO_SUPPORT)
            assertTrue(inside.contains("virConnectDomainXMLToNative") || inside.contains("-name"), inside);
            String outside = fails(viewer.run(new DomXmlToNative(), x -> {
                x.format = "qemu-argv";
                x.file = Conformance.dir().resolve("README.md").toAbsolutePath().toString();
            }));
            assertTrue(outside.startsWith("error: operation forbidden: cannot read '"), outside);
        }
        try (TestConsole admin = TestConsole.onNode(connector, ADMIN, false)) {
            assertEquals("Domain 'fc4' destroyed\n", ok(admin.run(on(new Destroy(), "fc4"))));
            assertTrue(ok(admin.run(on(new DumpXml(), "fc5"), x -> x.secure = true)).contains("<name>fc5</name>"));
        }
    }

    @Test
    void aCommandRunWithoutALoginIsAViewers() {
        // no JAAS subject at all: the check fails closed
        try (TestConsole nobody = new TestConsole(connector, null)) {
            ok(nobody.run(new Connect(), x -> x.uri = nodeUri()));
            String out = fails(nobody.run(on(new Destroy(), "fc4")));
            assertTrue(out.startsWith("error: Failed to destroy domain 'fc4'\nerror: operation forbidden"), out);
            assertEquals(SECURE, fails(nobody.run(on(new DumpXml(), "fc4"), x -> x.secure = true)));
        }
    }

    @Test
    void anAdministratorAsksForReadOnlyAndGetsIt() {
        try (TestConsole admin = TestConsole.onNode(connector, ADMIN, true)) {
            assertEquals(SECURE, fails(admin.run(on(new DumpXml(), "fc4"), x -> x.secure = true)));
            ok(admin.run(new Connect(), x -> x.uri = nodeUri()));
            assertTrue(ok(admin.run(on(new DumpXml(), "fc4"), x -> x.secure = true)).contains("<name>fc4</name>"));
        }
    }
}
