package io.jvirt.driver.phyp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ListFilter;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.LibvirtSchemas;
import io.jvirt.core.runtime.StandaloneConnector;

/** The driver through the public API against the stand-in HMC, in HMC and in IVM mode. */
class PhypDriverTest {

    private PhypFixture fx;
    private Connector connector;

    private Connection open(HmcCommands.Mode mode) throws Exception {
        fx = PhypFixture.create(mode);
        connector = StandaloneConnector.create(fx.uri(), fx.driver);
        return connector.open(fx.uri());
    }

    @AfterEach
    void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private static final String XML = "<domain type='phyp'><name>lpar-a</name><memory unit='MiB'>2048</memory>"
        + "<currentMemory unit='MiB'>1024</currentMemory><vcpu>2</vcpu><os><type>linux</type></os>"
        + "<devices><disk type='block' device='disk'><source dev='/dev/hdisk3'/><target dev='sda' bus='scsi'/></disk>"
        + "</devices></domain>";

    @ParameterizedTest
    @EnumSource(HmcCommands.Mode.class)
    void defineStartShutdownDestroyUndefineAsTheHmcIsTold(HmcCommands.Mode mode) throws Exception {
        try (Connection c = open(mode)) {
            Domain d = c.defineXml(XML);
            assertEquals("lpar-a", d.name());
            assertEquals(-1, d.id());
            assertEquals(DomainState.SHUTOFF, d.state().state());
            HmcCommands.Partition p = fx.hmc.commands.byName("lpar-a");
            assertEquals(1024, p.curMem);
            assertEquals(2048, p.maxMem);
            assertEquals(2, p.procs);
            assertEquals("/dev/hdisk3", p.disk);

            d.create();
            assertTrue(d.isActive());
            assertEquals(p.id, d.id(), "a running LPAR's id is its partition id");
            assertEquals(d.uuid(), c.lookupById(p.id).uuid());
            DomainInfo info = d.info();
            assertEquals(DomainState.RUNNING, info.state());
            assertEquals(1024L * 1024, info.memoryKiB());
            assertEquals(2048L * 1024, info.maxMemoryKiB());
            assertEquals(2, info.vcpus());

            d.setVcpus(4);
            assertEquals(4, fx.hmc.commands.byName("lpar-a").procs);
            d.reboot();
            assertTrue(d.isActive());
            d.shutdown();
            assertFalse(d.isActive());
            d.create();
            d.destroy();
            assertFalse(d.isActive());
            assertNotNull(fx.hmc.commands.byName("lpar-a"), "destroy powers off; the LPAR stays");
            assertEquals(d.uuid(), c.lookupByName("lpar-a").uuid());

            d.undefine();
            assertEquals(null, fx.hmc.commands.byName("lpar-a"));
            assertEquals(ErrorCode.NO_DOMAIN, assertThrows(VirtException.class, () -> c.lookupByName("lpar-a")).code());

            List<String> log = fx.hmc.commands.log();
            String m = mode == HmcCommands.Mode.HMC ? " -m " + PhypFixture.SYSTEM : "";
            assertTrue(log.contains("mksyscfg" + m + " -r lpar -p lpar-a -i min_mem=1024,desired_mem=1024,max_mem=2048,"
                + "desired_procs=2,virtual_scsi_adapters=/dev/hdisk3"), log.toString());
            assertTrue(log.contains("chsysstate" + m + " -r lpar -o on --id " + p.id + " -f lpar-a"), log.toString());
            assertTrue(log.contains("chsysstate" + m + " -r lpar -o shutdown --id " + p.id), log.toString());
            assertTrue(log.contains("chsysstate" + m + " -r lpar -o shutdown --id " + p.id + " --immed --restart"));
            assertTrue(log.contains("chsysstate" + m + " -r lpar -o shutdown --id " + p.id + " --immed"));
            assertTrue(log.contains("chhwres" + m + " -r proc --id " + p.id + " -o a --procunits 2"), log.toString());
            assertTrue(log.contains("rmsyscfg" + m + " -r lpar --id " + p.id), log.toString());
            for (String line : log) {
                assertFalse(line.contains("|") || line.contains("'") || line.contains("\""), "no pipeline: " + line);
                if (!line.startsWith("lshmc")) {
                    assertEquals(mode == HmcCommands.Mode.HMC, line.contains(" -m " + PhypFixture.SYSTEM), line);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HmcCommands.Mode.class)
    void listingsLookupsAndStatesComeFromOneLssyscfgEach(HmcCommands.Mode mode) throws Exception {
        try (Connection c = open(mode)) {
            fx.hmc.commands.add("lpar-b", 512, 1024, 1, 2).state = "Running";
            fx.hmc.commands.add("lpar-c", 512, 1024, 1, 2);
            fx.hmc.commands.add("lpar,odd", 512, 1024, 1, 2).state = "Open Firmware";
            int before = count("lssyscfg");
            List<Domain> all = c.listAllDomains();
            assertEquals(before + 1, count("lssyscfg"), "one lssyscfg per listing");
            assertTrue(all.stream().anyMatch(d -> d.name().equals("lpar,odd")), "a quoted name read back");
            List<String> active = c.listAllDomains(ListFilter.ACTIVE).stream().map(Domain::name).toList();
            assertTrue(active.contains("lpar-b"));
            assertFalse(active.contains("lpar-c"));
            Domain b = c.lookupByName("lpar-b");
            assertEquals(b.name(), c.lookupByUuid(b.uuid()).name());
            assertEquals(DomainState.NOSTATE, c.lookupByName("lpar,odd").state().state());
            assertEquals(DomainState.SHUTOFF, c.lookupByName("lpar-c").state().state());
            fx.hmc.commands.byName("lpar-b").state = "Shutting Down";
            assertEquals(DomainState.SHUTDOWN, b.state().state());

            // UUIDs: version 5, stable across connections, different per LPAR
            assertEquals(5, b.uuid().version());
            try (Connection other = connector.open(fx.uri())) {
                assertEquals(b.uuid(), other.lookupByName("lpar-b").uuid());
            }
            assertNotEquals(b.uuid(), c.lookupByName("lpar-c").uuid());
            assertEquals(new LparUuids(fx.hmc.commands.typeModel, fx.hmc.commands.serial)
                .of(fx.hmc.commands.byName("lpar-b").id), b.uuid());
        }
    }

    private int count(String command) {
        return (int) fx.hmc.commands.log().stream().filter(l -> l.startsWith(command + " ")).count();
    }

    @ParameterizedTest
    @EnumSource(HmcCommands.Mode.class)
    void dumpxmlIsAPhypDomainLibvirtsSchemaAccepts(HmcCommands.Mode mode) throws Exception {
        try (Connection c = open(mode)) {
            Domain d = c.defineXml(XML);
            String xml = d.xmlDesc();
            assertTrue(xml.startsWith("<domain type='phyp'>"), xml);
            assertTrue(xml.contains("<uuid>" + d.uuid() + "</uuid>"), xml);
            assertTrue(xml.contains("<memory unit='KiB'>2097152</memory>"), xml);
            assertTrue(xml.contains("<currentMemory unit='KiB'>1048576</currentMemory>"), xml);
            assertTrue(xml.contains("<type>linux</type>"), xml);
            LibvirtSchemas.require();
            LibvirtSchemas.assertValid("domain.rng", xml, "dumpxml");
            NodeInfo n = c.nodeInfo();
            assertEquals(131072L * 1024, n.memoryKiB());
            assertEquals(16, n.cpus());
            assertEquals(PhypFixture.SYSTEM, c.hostname());
        }
    }

    @ParameterizedTest
    @EnumSource(HmcCommands.Mode.class)
    void namesThatTheHmcWouldMisreadAreRefusedBeforeAnythingIsSent(HmcCommands.Mode mode) throws Exception {
        try (Connection c = open(mode)) {
            int sent = fx.hmc.commands.log().size();
            for (String bad : List.of("a;reboot", "a b", "a'b", "a,b", "-o", "a$(x)", "a|b", "x".repeat(48))) {
                VirtException e = assertThrows(VirtException.class, () -> c.defineXml(XML.replace("lpar-a", bad)), bad);
                assertEquals(ErrorCode.INVALID_ARG, e.code(), bad + ": " + e.getMessage());
            }
            VirtException e = assertThrows(VirtException.class, () -> c.defineXml(XML.replace("/dev/hdisk3", "/dev/a,b")));
            assertEquals(ErrorCode.INVALID_ARG, e.code(), e.getMessage());
            List<String> after = fx.hmc.commands.log().subList(sent, fx.hmc.commands.log().size());
            assertTrue(after.stream().allMatch(l -> l.startsWith("lssyscfg ")), "nothing but listings sent: " + after);
        }
        VirtException e = assertThrows(VirtException.class, () -> connector.open(
            "phyp://hscroot@127.0.0.1:" + fx.hmc.port() + "/sys;reboot"));
        assertEquals(ErrorCode.INVALID_ARG, e.code(), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(HmcCommands.Mode.class)
    void aDroppedSessionIsEstablishedAgainOnTheNextCall(HmcCommands.Mode mode) throws Exception {
        try (Connection c = open(mode)) {
            fx.hmc.commands.add("lpar-d", 512, 1024, 1, 2);
            assertEquals(1, fx.hmc.logins.get());
            fx.hmc.dropSessions();
            assertEquals("lpar-d", c.lookupByName("lpar-d").name());
            assertEquals(2, fx.hmc.logins.get());
        }
    }

    @ParameterizedTest
    @EnumSource(HmcCommands.Mode.class)
    void aWrongHostKeyIsRefusedAndAKeyLoginNeedsNoPassword(HmcCommands.Mode mode) throws Exception {
        open(mode).close();
        Files.writeString(fx.knownHosts, "[127.0.0.1]:" + fx.hmc.port() + " "
            + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(HmcStandIn.rsa().getPublic()) + "\n");
        VirtException e = assertThrows(VirtException.class, () -> connector.open(fx.uri()));
        assertEquals(ErrorCode.SSH, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("host key verification failed"), e.getMessage());

        Files.writeString(fx.knownHosts, fx.hmc.knownHostsLine());
        Files.writeString(fx.authFile, ""); // no password anywhere: only the key can log in
        fx.useKey();
        try (Connection c = connector.open(fx.uri())) {
            assertEquals("phyp", c.type());
        }
    }

    @ParameterizedTest
    @EnumSource(HmcCommands.Mode.class)
    void hmcErrorsAreReportedWithTheirLines(HmcCommands.Mode mode) throws Exception {
        try (Connection c = open(mode)) {
            Domain d = c.defineXml(XML);
            fx.hmc.commands.byName("lpar-a").state = "Error";
            VirtException e = assertThrows(VirtException.class, d::create);
            assertEquals(ErrorCode.OPERATION_FAILED, e.code());
            assertTrue(e.getMessage().contains("HSCL"), e.getMessage());
            VirtException again = assertThrows(VirtException.class, () -> c.defineXml(XML));
            assertEquals(ErrorCode.OPERATION_FAILED, again.code());
        }
    }

    @ParameterizedTest
    @EnumSource(HmcCommands.Mode.class)
    void eventsArePolled(HmcCommands.Mode mode) throws Exception {
        try (Connection c = open(mode)) {
            BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            try (var reg = c.addDomainEventListener((conn, dom, ev) -> events.add(ev))) {
                Domain d = c.defineXml(XML);
                d.create();
                fx.hmc.commands.byName("lpar-a").state = "Not Activated"; // powered off at the HMC
                expect(events, DomainEventType.DEFINED);
                expect(events, DomainEventType.STARTED);
                DomainEvent stopped = expect(events, DomainEventType.STOPPED);
                assertEquals(DomainEvent.STOPPED_SHUTDOWN, stopped.detail());
            }
        }
    }

    private static DomainEvent expect(BlockingQueue<DomainEvent> q, DomainEventType type) throws InterruptedException {
        DomainEvent e = q.poll(30, TimeUnit.SECONDS);
        assertNotNull(e, "no " + type + " event");
        assertEquals(type, e.type(), e.toString());
        return e;
    }
}
