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

import io.jvirt.driver.vbox.VBoxStandIn;

/**
 * The VirtualBox driver in the running distribution, as an administrator scripts it with bin/virt,
 * against driver-vbox's stand-in VBoxManage (a sh script over a state directory; VirtualBox is not
 * in Debian), named by {@code vboxmanage.path} in {@code etc/io.jvirt.driver.vbox.cfg} (written
 * before the first start, as an administrator would). Checked, the "done when":
 * <ul>
 * <li>{@code virt:drivers} lists vbox, from the jvirt-driver-vbox feature the distribution boots;</li>
 * <li>{@code -c vbox:///session}: define from XML with a disk and a NIC, dumpxml, start, list,
 * suspend, resume, shutdown, start, destroy, start, managedsave, undefine (the disk image is still
 * there), with libvirt's states and the lifecycle events a second console session sees;</li>
 * <li>a definition VirtualBox cannot express is refused before anything is registered, and one that
 * fails half-way is unregistered again.</li>
 * </ul>
 * The stand-in runs no process of its own: nothing outlives the container, which is ended by its pid.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class VboxDistributionIT {

    private static final String URI = "vbox:///session";
    private static KarafProcess karaf;
    private static VBoxStandIn vbox;
    private static VirtSession session;
    private static Path disk;

    @BeforeClass
    public static void startDistribution() throws Exception {
        karaf = KarafProcess.unpack("vbox-it");
        session = new VirtSession(karaf, URI);
        vbox = VBoxStandIn.create(karaf.home.resolve("vbox-standin"));
        disk = Files.writeString(karaf.home.resolve("web disk.vdi"), "a disk image");
        session.start("io.jvirt.driver.vbox", "vboxmanage.path = " + vbox.vboxManage(), "event.poll.ms = 200");
    }

    @AfterClass
    public static void stopDistribution() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    public void a_driversListsVboxFromItsFeature() throws Exception {
        session.assertDriverListed("vbox");
        assertTrue(ok(session.virt("version")).contains("Running hypervisor: VBOX 7.0.14"));
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
            assertTrue(dump, dump.startsWith("<domain type='vbox'>"));
            assertTrue(dump, dump.contains("<source file='" + disk + "'/>"));
            assertTrue(dump, dump.contains("<mac address='52:54:00:ab:cd:01'/>"));
            assertTrue(dump, dump.contains("<source network='vboxnet0'/>"));

            ok(session.virt("start", "web"));
            String id = session.listAll().get("web").get(0);
            assertNotEquals("-", id);
            assertEquals(List.of(id, "running"), session.listAll().get("web"));
            assertTrue(vbox.calls().contains("startvm " + uuid + " --type headless"));
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

            assertTrue(ok(session.virt("undefine", "web")).contains("Domain 'web' has been undefined"));
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
        assertTrue(r.out(), r.out().contains("unsupported configuration: the vbox driver cannot define <serial>"));
        assertFalse(vbox.calls().stream().anyMatch(l -> l.startsWith("createvm --name bad")));

        vbox.failNext("storageattach");
        r = session.virt("define", guestXml("half", UUID.randomUUID()).toString());
        assertNotEquals(r.out(), 0, r.rc());
        assertTrue(r.out(), r.out().contains("The test made 'storageattach' fail"));
        assertFalse(session.listAll().containsKey("half"));
        assertEquals(List.of(), vbox.registered());
        assertTrue(Files.exists(disk));
    }

    /** A guest with a SATA disk and a host-only NIC. */
    private static Path guestXml(String name, UUID uuid) throws Exception {
        Path xml = karaf.home.resolve(name + ".xml");
        Files.writeString(xml, """
            <domain type='vbox'>
              <name>%s</name>
              <uuid>%s</uuid>
              <memory unit='KiB'>262144</memory>
              <vcpu>2</vcpu>
              <os>
                <type>hvm</type>
                <boot dev='hd'/>
              </os>
              <devices>
                <disk type='file' device='disk'>
                  <source file='%s'/>
                  <target dev='sda' bus='sata'/>
                </disk>
                <interface type='network'>
                  <mac address='52:54:00:ab:cd:01'/>
                  <source network='vboxnet0'/>
                </interface>
              </devices>
            </domain>
            """.formatted(name, uuid, disk));
        return xml;
    }
}
