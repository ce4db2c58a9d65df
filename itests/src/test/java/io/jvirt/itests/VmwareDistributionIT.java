package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import io.jvirt.api.testing.Poll;
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
        Files.writeString(karaf.home.resolve("etc/io.jvirt.driver.vmware.cfg"), "vmrun.path = " + vmrun.vmrun() + "\n"
            + "state.dir = " + karaf.home.resolve("vmware-state") + "\n" + "event.poll.ms = 200\n");
        karaf.start(Map.of());
        assertEquals(URI + "\n", karaf.awaitVirt("the vmware driver to answer " + URI, "-c", URI, "uri").out());
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
        String out = ok(karaf.virt("drivers"));
        String row = out.lines().filter(l -> l.trim().startsWith("vmware ")).findFirst().orElse(null);
        assertNotNull(out, row);
        assertTrue(row, row.contains("io.jvirt.driver-vmware") && row.contains("Active"));
        String features = ok(karaf.client("feature:list -i | grep jvirt-driver-vmware"));
        assertTrue(features, features.contains("jvirt-driver-vmware"));
        assertTrue(ok(virt("version")).contains("Running hypervisor: VMware 17.5.0"));
    }

    @Test
    public void b_lifecycleThroughTheConsoleWithLibvirtsStatesAndEvents() throws Exception {
        UUID uuid = UUID.randomUUID();
        Path xml = guestXml("web", uuid);
        Path vmx = karaf.home.resolve("vms/web/web.vmx");
        String log;
        try (KarafProcess.Background events = karaf.virtInBackground("-c", URI, "event", "--all", "--loop", "--timeout", "300")) {
            Path probe = guestXml("probe", UUID.nameUUIDFromBytes("probe".getBytes(StandardCharsets.UTF_8)));
            Poll.until("the event loop to report the probe domain's definition", Duration.ofMinutes(2), () -> {
                if (!listAll().containsKey("probe")) {
                    ok(virt("define", probe.toString()));
                }
                return events.output().contains("event 'lifecycle' for domain 'probe': Defined ");
            }, events::output);
            ok(virt("undefine", "probe"));

            assertTrue(ok(virt("define", xml.toString())).contains("Domain 'web' defined from"));
            assertTrue("the .vmx beside the disk", Files.isRegularFile(vmx));
            assertEquals(List.of("-", "shut off"), listAll().get("web"));
            String dump = ok(virt("dumpxml", "web"));
            assertTrue(dump, dump.startsWith("<domain type='vmware'>"));
            assertTrue(dump, dump.contains("<source file='" + karaf.home.resolve("vms/web/disk.vmdk") + "'/>"));

            ok(virt("start", "web"));
            String id = listAll().get("web").get(0);
            assertEquals(List.of(id, "running"), listAll().get("web"));
            assertEquals("the id is the VM process's pid", String.valueOf(vmrun.pidOf(vmx).orElseThrow()), id);
            assertTrue(vmrun.calls().contains("-T ws start " + vmx + " nogui"));
            Map<String, String> info = dominfo("web");
            assertEquals(id, info.get("Id"));
            assertEquals(uuid.toString(), info.get("UUID"));
            assertEquals("running", info.get("State"));
            assertEquals("2", info.get("CPU(s)"));

            ok(virt("suspend", "web"));
            assertEquals("paused\n", ok(virt("domstate", "web")));
            ok(virt("resume", "web"));
            assertEquals("running\n", ok(virt("domstate", "web")));
            ok(virt("shutdown", "web"));
            awaitState("web", "shut off");
            assertTrue(vmrun.calls().contains("-T ws stop " + vmx + " soft"));
            ok(virt("start", "web"));
            ok(virt("destroy", "web"));
            assertEquals("shut off\n", ok(virt("domstate", "web")));
            assertTrue(vmrun.calls().contains("-T ws stop " + vmx + " hard"));
            KarafProcess.Result again = virt("destroy", "web");
            assertNotEquals(again.out(), 0, again.rc());
            assertTrue(again.out(), again.out().contains("domain is not in running state"));

            assertTrue(ok(virt("undefine", "web")).contains("Domain 'web' has been undefined"));
            assertFalse(listAll().containsKey("web"));
            assertTrue("undefine keeps the .vmx, as libvirt", Files.exists(vmx));

            String last = "event 'lifecycle' for domain 'web': Undefined Removed";
            Poll.until("the event loop to report web's last event", Duration.ofMinutes(1), () -> events.output().contains(last),
                events::output);
            log = events.stop().out();
        }
        int at = 0;
        for (String expected : new String[] {"Defined Added", "Started Booted", "Suspended Paused", "Resumed Unpaused",
            "Stopped Shutdown", "Started Booted", "Stopped Destroyed", "Undefined Removed"}) {
            int i = log.indexOf("event 'lifecycle' for domain 'web': " + expected, at);
            assertTrue("'" + expected + "' after position " + at + " in:\n" + log, i >= 0);
            at = i + 1;
        }
        assertEquals(List.of(), vmrun.running());
    }

    @Test
    public void c_nativeFormatsThroughTheKitsConverter() throws Exception {
        Path xml = guestXml("native", UUID.randomUUID());
        String vmx = ok(virt("domxml-to-native", "vmware-vmx", xml.toString()));
        assertTrue(vmx, vmx.contains("displayName = \"native\""));
        Path file = Files.writeString(karaf.home.resolve("native.vmx"), vmx);
        String back = ok(virt("domxml-from-native", "vmware-vmx", file.toString()));
        assertTrue(back, back.contains("<name>native</name>"));
        assertFalse(listAll().containsKey("native"));
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

    private static KarafProcess.Result virt(String... args) throws Exception {
        return session.virt(args);
    }

    private static Map<String, List<String>> listAll() throws Exception {
        return session.listAll();
    }

    private static Map<String, String> dominfo(String name) throws Exception {
        return session.dominfo(name);
    }

    private static void awaitState(String name, String state) {
        session.awaitState(name, state);
    }

    private static String ok(KarafProcess.Result r) {
        return VirtSession.ok(r);
    }
}
