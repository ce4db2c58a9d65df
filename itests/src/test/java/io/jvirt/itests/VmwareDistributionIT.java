package io.jvirt.itests;

import static io.jvirt.itests.VirtSession.ok;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
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

import io.jvirt.driver.vmware.VmrunStandIn;

/**
 * The VMware desktop driver in the running distribution, as an administrator scripts it with
 * bin/virt, against driver-vmware's stand-in vmrun (a sh script over a state directory, each
 * running VM a real sleeping process it started), named by {@code vmrun.path} in
 * {@code etc/io.jvirt.driver.vmware.cfg} (written before the first start). Checked, the issue's
 * "done when": {@code virt:drivers} lists vmware from the jvirt-driver-vmware feature the
 * distribution boots; {@code -c vmwarews:///session}: define (the .vmx beside the disk), dumpxml,
 * start (id = the VM process's pid), list, dominfo, suspend, resume, shutdown, start, destroy,
 * undefine (the .vmx stays), with libvirt's states and the lifecycle events a second console
 * session sees. The stand-in's VM processes are ended by their pids when the class ends.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class VmwareDistributionIT {

    private static final String URI = "vmwarews:///session";
    private static KarafProcess karaf;
    private static VmrunStandIn vmrun;
    private static VirtSession session;

    @BeforeClass
    public static void startDistribution() throws Exception {
        karaf = KarafProcess.unpack("vmware-it");
        session = new VirtSession(karaf, URI);
        vmrun = VmrunStandIn.create(karaf.home.resolve("vmware-standin"));
        session.start("io.jvirt.driver.vmware", "vmrun.path = " + vmrun.vmrun(),
            "state.dir = " + karaf.home.resolve("vmware-state"), "event.poll.ms = 200");
    }

    @AfterClass
    public static void stopDistribution() throws Exception {
        try {
            if (karaf != null) {
                karaf.close();
            }
        } finally {
            if (vmrun != null) {
                vmrun.close();
            }
        }
    }

    @Test
    public void a_driversListsVmwareFromItsFeature() throws Exception {
        session.assertDriverListed("vmware");
        assertTrue(ok(session.virt("version")).contains("Running hypervisor: VMware 17.5.0"));
    }

    @Test
    public void b_lifecycleThroughTheConsoleWithLibvirtsStatesAndEvents() throws Exception {
        UUID uuid = UUID.randomUUID();
        Path xml = guestXml("web", uuid);
        Path vmx = karaf.home.resolve("vms/web/web.vmx");
        try (KarafProcess.Background events = session.listeningEventLoop(
            guestXml("probe", UUID.nameUUIDFromBytes("probe".getBytes(StandardCharsets.UTF_8))))) {
            assertTrue(ok(session.virt("define", xml.toString())).contains("Domain 'web' defined from"));
            assertTrue("the .vmx beside the disk", Files.isRegularFile(vmx));
            assertEquals(List.of("-", "shut off"), session.listAll().get("web"));
            String dump = ok(session.virt("dumpxml", "web"));
            assertTrue(dump, dump.startsWith("<domain type='vmware'>"));
            assertTrue(dump, dump.contains("<source file='" + karaf.home.resolve("vms/web/disk.vmdk") + "'/>"));

            ok(session.virt("start", "web"));
            String id = session.listAll().get("web").get(0);
            assertEquals(List.of(id, "running"), session.listAll().get("web"));
            assertEquals("the id is the VM process's pid", String.valueOf(vmrun.pidOf(vmx).orElseThrow()), id);
            assertTrue(vmrun.calls().contains("-T ws start " + vmx + " nogui"));
            Map<String, String> info = session.dominfo("web");
            assertEquals(id, info.get("Id"));
            assertEquals(uuid.toString(), info.get("UUID"));
            assertEquals("running", info.get("State"));
            assertEquals("2", info.get("CPU(s)"));

            ok(session.virt("suspend", "web"));
            assertEquals("paused\n", ok(session.virt("domstate", "web")));
            ok(session.virt("resume", "web"));
            assertEquals("running\n", ok(session.virt("domstate", "web")));
            ok(session.virt("shutdown", "web"));
            session.awaitState("web", "shut off");
            assertTrue(vmrun.calls().contains("-T ws stop " + vmx + " soft"));
            ok(session.virt("start", "web"));
            ok(session.virt("destroy", "web"));
            assertEquals("shut off\n", ok(session.virt("domstate", "web")));
            assertTrue(vmrun.calls().contains("-T ws stop " + vmx + " hard"));
            KarafProcess.Result again = session.virt("destroy", "web");
            assertNotEquals(again.out(), 0, again.rc());
            assertTrue(again.out(), again.out().contains("domain is not in running state"));

            assertTrue(ok(session.virt("undefine", "web")).contains("Domain 'web' has been undefined"));
            assertFalse(session.listAll().containsKey("web"));
            assertTrue("undefine keeps the .vmx, as libvirt", Files.exists(vmx));

            VirtSession.assertLifecycleEvents(events, "web", "Defined Added", "Started Booted", "Suspended Paused", "Resumed Unpaused",
                "Stopped Shutdown", "Started Booted", "Stopped Destroyed", "Undefined Removed");
        }
        assertEquals(List.of(), vmrun.running());
    }

    @Test
    public void c_nativeFormatsThroughTheKitsConverter() throws Exception {
        Path xml = guestXml("native", UUID.randomUUID());
        String vmx = ok(session.virt("domxml-to-native", "vmware-vmx", xml.toString()));
        assertTrue(vmx, vmx.contains("displayName = \"native\""));
        Path file = Files.writeString(karaf.home.resolve("native.vmx"), vmx);
        String back = ok(session.virt("domxml-from-native", "vmware-vmx", file.toString()));
        assertTrue(back, back.contains("<name>native</name>"));
        assertFalse(session.listAll().containsKey("native"));
    }

    /** A guest with one SCSI disk in a directory of its own (its .vmx goes there). */
    private static Path guestXml(String name, UUID uuid) throws Exception {
        Path dir = Files.createDirectories(karaf.home.resolve("vms/" + name));
        Path xml = karaf.home.resolve(name + ".xml");
        Files.writeString(xml, """
            <domain type='vmware'>
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
                  <target dev='sda' bus='scsi'/>
                </disk>
                <graphics type='vnc' autoport='yes'/>
              </devices>
            </domain>
            """.formatted(name, uuid, dir.resolve("disk.vmdk")));
        return xml;
    }
}
