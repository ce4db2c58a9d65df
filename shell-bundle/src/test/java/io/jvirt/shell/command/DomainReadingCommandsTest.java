package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.VIEWER;
import static io.jvirt.shell.command.TestConsole.fails;
import static io.jvirt.shell.command.TestConsole.ok;
import static io.jvirt.shell.command.TestConsole.on;
import static io.jvirt.shell.command.TestConsole.typed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connector;

/**
 * Commands that read domains, as virsh prints them: lookups by name, id or UUID, dominfo,
 * dommemstat, domhostname, list's filters and columns, dumpxml and desc. Commands that change
 * domains run against a private copy of libvirt's node file (test:///PATH/testnode.xml).
 */
class DomainReadingCommandsTest {

    static final String FC4_UUID = "ef861801-45b9-11cb-88e3-afbfe5370493";

    private final Connector connector = TestConsole.connector();

    private TestConsole node() {
        return TestConsole.onNode(connector, ADMIN, false);
    }

    @Test
    void domainByNameIdOrUuid() {
        try (TestConsole c = node()) {
            assertEquals("2\n", ok(c.run(on(new DomId(), "fc4"))));
            assertEquals("2\n", ok(c.run(on(new DomId(), FC4_UUID))));
            assertEquals("fc4\n", ok(c.run(on(new DomName(), "2"))));
            assertEquals("fc4\n", ok(c.run(on(new DomName(), FC4_UUID))));
            assertEquals(FC4_UUID + "\n", ok(c.run(on(new DomUuid(), "2"))));
            assertEquals(FC4_UUID + "\n", ok(c.run(on(new DomUuid(), "fc4"))));
            assertEquals("running\n", ok(c.run(on(new DomState(), "2"))));
            // node-file domains are loaded running with reason "unknown", as libvirt's testParseDomains sets them
            assertEquals("running (unknown)\n", ok(c.run(on(new DomState(), "fc4"), x -> x.reason = true)));
            String info = ok(c.run(on(new DomInfo(), FC4_UUID)));
            assertTrue(info.startsWith("Id:             2\nName:           fc4\nUUID:           " + FC4_UUID
                + "\nOS Type:        linux\nState:          running\nCPU(s):         1\n"), info);
            assertTrue(info.endsWith("Max memory:     261072 KiB\nUsed memory:    131072 KiB\nPersistent:     yes\n"
                + "Autostart:      disable\nManaged save:   no\nSecurity model: testSecurity\nSecurity DOI:   \n"
                + "Security label: libvirt-test (enforcing)\n"), info);
            assertEquals("error: failed to get domain 'nosuch'\n", fails(c.run(on(new DomInfo(), "nosuch"))));
            assertEquals("error: failed to get domain '4294967298'\n", fails(c.run(on(new DomName(), "4294967298"))));
            assertEquals("error: failed to get domain '7'\n", fails(c.run(on(new DomId(), "7"))));
            ok(c.run(on(new Destroy(), "fc5")));
            assertEquals("-\n", ok(c.run(on(new DomId(), "fc5"))));
        }
    }

    @Test
    void optionsMayFollowTheDomainAsInVirsh() {
        try (TestConsole c = node()) {
            assertEquals("running (unknown)\n", ok(c.run(typed(new DomState(), "fc4 --reason"))));
            assertEquals(ok(c.run(typed(new DumpXml(), "--inactive fc4"))), ok(c.run(typed(new DumpXml(), "fc4 --inactive"))));
            assertEquals("error: command 'domstate' doesn't support option --bogus\n", fails(c.run(typed(new DomState(), "fc4 --bogus"))));
            assertEquals("error: unexpected data 'extra'\n", fails(c.run(typed(new DomState(), "fc4 extra"))));
            assertEquals("error: expected syntax: --source <string>\n", fails(c.run(typed(new DomHostname(), "fc4 --source"))));
            // and after a command's own arguments
            ok(c.run(typed(new SetMaxMem(), "fc4 300000 --config")));
            assertTrue(ok(c.run(typed(new DumpXml(), "fc4 --inactive"))).contains("<memory unit='KiB'>300000</memory>"));
            assertEquals("error: unexpected data 'x'\n", fails(c.run(typed(new SetMaxMem(), "fc4 300000 --config x"))));
        }
    }

    @Test
    void dommemstatAndDomhostnameAsVirsh() {
        // test:///default's domain "test" has a balloon and 2 GiB: libvirt's test driver figures, in its order
        try (TestConsole c = new TestConsole(connector, VIEWER)) {
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
                """, ok(c.run(on(new DomMemStat(), "test"))));
            assertEquals("testhost\n", ok(c.run(on(new DomHostname(), "test"))));
            assertEquals("error: failed to get hostname\n"
                + "error: unsupported flags (0x2) in function testDomainGetHostname\n",
                fails(c.run(on(new DomHostname(), "test"), x -> x.source = "agent")));
            assertEquals("error: Unknown data source 'dhcp'\n", fails(c.run(on(new DomHostname(), "test"), x -> x.source = "dhcp")));
        }
        try (TestConsole c = node()) {
            // the node file's domains have no balloon: the test driver reports nothing, virsh prints nothing
            assertEquals("", ok(c.run(on(new DomMemStat(), "fc4"))));
            ok(c.run(on(new Destroy(), "fc5")));
            assertEquals("error: Failed to get memory statistics for domain fc5\n"
                + "error: Requested operation is not valid: domain is not running\n", fails(c.run(on(new DomMemStat(), "fc5"))));
            assertEquals("error: failed to get hostname\n"
                + "error: Requested operation is not valid: domain is not running\n", fails(c.run(on(new DomHostname(), "fc5"))));
        }
    }

    @Test
    void listSelectsAndFormatsAsVirsh() {
        try (TestConsole c = node()) {
            ok(c.run(on(new Suspend(), "fc4")));
            ok(c.run(on(new Destroy(), "fc5")));
            assertEquals(" Id   Name   State\n----------------------\n 1    fv0    running\n 2    fc4    paused\n",
                ok(c.run(new ListDomains())));
            assertEquals(" Id   Name   State\n-----------------------\n 1    fv0    running\n 2    fc4    paused\n -    fc5    shut off\n",
                ok(c.run(new ListDomains(), l -> l.all = true)));
            assertEquals(" Id   Name   State\n-----------------------\n -    fc5    shut off\n",
                ok(c.run(new ListDomains(), l -> l.inactive = true)));
            assertEquals(" Id   Name   State\n----------------------\n 1    fv0    running\n",
                ok(c.run(new ListDomains(), l -> l.running = true)));
            assertEquals(" Id   Name   State\n---------------------\n 2    fc4    paused\n",
                ok(c.run(new ListDomains(), l -> l.paused = true)));
            assertEquals(" Id   Name   State\n-----------------------\n -    fc5    shut off\n",
                ok(c.run(new ListDomains(), l -> l.shutoff = true)));
            assertEquals("fv0\nfc4\nfc5\n", ok(c.run(new ListDomains(), l -> {
                l.all = true;
                l.namesOnly = true;
            })));
            assertEquals("1\n2\n", ok(c.run(new ListDomains(), l -> l.idsOnly = true)));
            assertTrue(ok(c.run(new ListDomains(), l -> {
                l.all = true;
                l.uuidsOnly = true;
            })).contains(FC4_UUID + "\n"));
            assertEquals("fv0\nfc4\nfc5\n", ok(c.run(new ListDomains(), l -> {
                l.all = true;
                l.persistent = true;
                l.namesOnly = true;
            })));
            assertEquals("", ok(c.run(new ListDomains(), l -> {
                l.all = true;
                l.transientOnly = true;
                l.namesOnly = true;
            })));
            ok(c.run(on(new Autostart(), "fc5")));
            assertEquals("fc5\n", ok(c.run(new ListDomains(), l -> {
                l.all = true;
                l.autostart = true;
                l.namesOnly = true;
            })));
            assertEquals("fv0\nfc4\n", ok(c.run(new ListDomains(), l -> {
                l.all = true;
                l.noAutostart = true;
                l.namesOnly = true;
            })));
            assertEquals(" Id   Name   State     Title\n------------------------------\n 1    fv0    running   \n"
                + " 2    fc4    paused    \n", ok(c.run(new ListDomains(), l -> l.title = true)));
        }
    }

    @Test
    void dumpxmlAndDesc() {
        try (TestConsole c = node()) {
            String xml = ok(c.run(on(new DumpXml(), "fc4")));
            assertTrue(xml.contains("<name>fc4</name>"), xml);
            ok(c.run(on(new SetMem(), "fc4"), x -> {
                x.config = true;
                x.size = "200000";
            }));
            String live = ok(c.run(on(new DumpXml(), "fc4")));
            assertTrue(live.contains("<currentMemory unit='KiB'>131072</currentMemory>"), live);
            String inactive = ok(c.run(on(new DumpXml(), "fc4"), x -> x.inactive = true));
            assertTrue(inactive.contains("<currentMemory unit='KiB'>200000</currentMemory>"), inactive);
            assertTrue(ok(c.run(on(new DumpXml(), "fc4"), x -> x.secure = true)).contains("<name>fc4</name>"));
            assertEquals("No description for domain: fc4\n", ok(c.run(on(new Desc(), "fc4"))));
            assertEquals("No title for domain: fc4\n", ok(c.run(on(new Desc(), "fc4"), x -> x.title = true)));
            assertEquals("error: Options --current and --live are mutually exclusive\n", fails(c.run(on(new Desc(), "fc4"), x -> {
                x.current = true;
                x.live = true;
            })));
            assertEquals("error: failed to get domain 'nosuch'\n", fails(c.run(on(new DumpXml(), "nosuch"))));
        }
    }
}
