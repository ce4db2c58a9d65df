package io.jvirt.itests;

import static io.jvirt.itests.VirtSession.ok;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import io.jvirt.driver.vz.VzStandIn;

/**
 * The Virtuozzo driver in the running distribution, as an administrator scripts it with bin/virt,
 * against driver-vz's stand-in prlctl and prlsrvctl (sh scripts over a state directory; Virtuozzo
 * is not in Debian), named by {@code prlctl.path} and {@code prlsrvctl.path} in
 * {@code etc/io.jvirt.driver.vz.cfg} (written before the first start, as an administrator would).
 * Checked, issue 26's "done when":
 * <ul>
 * <li>{@code virt:drivers} lists vz, from the jvirt-driver-vz feature the distribution boots;</li>
 * <li>{@code -c vz:///system}: define from XML with a disk and a NIC, dumpxml, start, list,
 * dominfo, suspend, resume, shutdown, start, destroy, start, managedsave, undefine (the disk image
 * is still there), with libvirt's states and the lifecycle events a second console session sees;</li>
 * <li>a definition prlctl cannot be told is refused before anything is created, and one that fails
 * half-way is deleted again.</li>
 * </ul>
 * The stand-ins run no process of their own: nothing outlives the container, which is ended by its pid.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class VzDistributionIT {

    private static final String URI = "vz:///system";
    private static KarafProcess karaf;
    private static VzStandIn vz;
    private static VirtSession session;
    private static Path disk;

    @BeforeClass
    public static void startDistribution() throws Exception {
        karaf = KarafProcess.unpack("vz-it");
        session = new VirtSession(karaf, URI);
        vz = VzStandIn.create(karaf.home.resolve("vz-standin"));
        disk = Files.writeString(karaf.home.resolve("web disk.hdd"), "a disk image");
        session.start("io.jvirt.driver.vz", "prlctl.path = " + vz.prlctl(), "prlsrvctl.path = " + vz.prlsrvctl(),
            "event.poll.ms = 200");
    }

    @AfterClass
    public static void stopDistribution() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    public void a_driversListsVzFromItsFeature() throws Exception {
        session.assertDriverListed("vz");
        assertTrue(ok(session.virt("version")).contains("Running hypervisor: vz 7.0.0"));
    }

    @Test
    public void b_lifecycleThroughTheConsoleWithLibvirtsStatesAndEvents() throws Exception {
        UUID uuid = UUID.randomUUID();
        Path xml = guestXml("web", uuid);
        try (KarafProcess.Background events = session.listeningEventLoop(
            guestXml("probe", UUID.nameUUIDFromBytes("probe".getBytes(java.nio.charset.StandardCharsets.UTF_8))))) {
            assertTrue(ok(session.virt("define", xml.toString())).contains("Domain 'web' defined from"));
            assertEquals(List.of("-", "shut off"), session.listAll().get("web"));
            String dump = ok(session.virt("dumpxml", "web"));
            assertTrue(dump, dump.startsWith("<domain type='vz'>"));
            assertTrue(dump, dump.contains("<source file='" + disk + "'/>"));
            assertTrue(dump, dump.contains("<mac address='00:1c:42:ab:cd:01'/>"));
            assertTrue(dump, dump.contains("<source network='Bridged'/>"));

            ok(session.virt("start", "web"));
            String id = session.listAll().get("web").get(0);
            assertNotEquals("-", id);
            assertEquals(List.of(id, "running"), session.listAll().get("web"));
            assertTrue(vz.calls().contains("start " + uuid));
            Map<String, String> info = session.dominfo("web");
            assertEquals(id, info.get("Id"));
            assertEquals(uuid.toString(), info.get("UUID"));
            assertEquals("running", info.get("State"));
            assertEquals("2", info.get("CPU(s)"));
            assertEquals("262144 KiB", info.get("Used memory"));

            ok(session.virt("suspend", "web"));
            assertEquals("paused\n", ok(session.virt("domstate", "web")));
            ok(session.virt("resume", "web"));
            assertEquals("running\n", ok(session.virt("domstate", "web")));
            ok(session.virt("shutdown", "web"));
            session.awaitState("web", "shut off");
            ok(session.virt("start", "web"));
            ok(session.virt("destroy", "web"));
            assertEquals("shut off\n", ok(session.virt("domstate", "web")));
            ok(session.virt("start", "web"));
            assertTrue(ok(session.virt("managedsave", "web")).contains("Domain 'web' state saved by libvirt"));
            assertEquals("shut off\n", ok(session.virt("domstate", "web")));

            // libvirt's vzDomainUndefineFlags: a suspended environment only with its managed save
            KarafProcess.Result refused = session.virt("undefine", "web");
            assertNotEquals(refused.out(), 0, refused.rc());
            assertTrue(refused.out(), refused.out().contains("Refusing to undefine while domain managed save image exists"));
            assertTrue(ok(session.virt("undefine", "--managed-save", "web")).contains("Domain 'web' has been undefined"));
            assertFalse(session.listAll().containsKey("web"));
            assertTrue("the disk image is still there", Files.exists(disk));

            VirtSession.assertLifecycleEvents(events, "web", "Defined Added", "Started Booted", "Suspended Paused", "Resumed Unpaused",
                "Stopped Shutdown", "Started Booted", "Stopped Destroyed", "Started Booted", "Stopped Saved", "Undefined Removed");
        }
    }

    @Test
    public void c_badDefinitionsLeaveNothingRegistered() throws Exception {
        Path serial = karaf.home.resolve("serial.xml");
        Files.writeString(serial, Files.readString(guestXml("bad", UUID.randomUUID()))
            .replace("</devices>", "<serial type='pty'/></devices>"));
        KarafProcess.Result r = session.virt("define", serial.toString());
        assertNotEquals(r.out(), 0, r.rc());
        assertTrue(r.out(), r.out().contains("unsupported configuration: the vz driver cannot define <serial>"));
        assertFalse(vz.calls().stream().anyMatch(l -> l.startsWith("create bad")));

        vz.failNext("set");
        r = session.virt("define", guestXml("half", UUID.randomUUID()).toString());
        assertNotEquals(r.out(), 0, r.rc());
        assertTrue(r.out(), r.out().contains("The test made 'set' fail"));
        assertFalse(session.listAll().containsKey("half"));
        assertEquals(List.of(), vz.registered());
        assertTrue(Files.exists(disk));
    }

    /** A virtual machine with a SATA disk and a NIC on the Bridged network. */
    private static Path guestXml(String name, UUID uuid) throws Exception {
        Path xml = karaf.home.resolve(name + ".xml");
        Files.writeString(xml, """
            <domain type='vz'>
              <name>%s</name>
              <uuid>%s</uuid>
              <memory unit='KiB'>262144</memory>
              <vcpu>2</vcpu>
              <os>
                <type>hvm</type>
              </os>
              <devices>
                <disk type='file' device='disk'>
                  <source file='%s'/>
                  <target dev='sda' bus='sata'/>
                </disk>
                <interface type='network'>
                  <mac address='00:1c:42:ab:cd:01'/>
                  <source network='Bridged'/>
                </interface>
              </devices>
            </domain>
            """.formatted(name, uuid, disk));
        return xml;
    }
}
