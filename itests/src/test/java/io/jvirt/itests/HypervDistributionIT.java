package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import io.jvirt.api.testing.Poll;
import io.jvirt.driver.hyperv.WsmanStandIn;

/**
 * The Hyper-V driver in the running distribution, as a user scripts it with bin/virt, against
 * driver-hyperv's stand-in WS-Man server (WsmanStandIn from the module's test jar) on a loopback
 * port of this test JVM. The credentials are in a libvirt auth file named by
 * {@code LIBVIRT_AUTH_FILE} in the container's environment; plain HTTP to the stand-in is allowed
 * in {@code etc/io.jvirt.driver.hyperv.cfg} (written before the first start, as an administrator
 * must). Checked:
 * <ul>
 * <li>{@code virt:drivers} lists hyperv Active, from the jvirt-driver-hyperv feature the distribution boots;</li>
 * <li>{@code -c hyperv://127.0.0.1:PORT/?transport=http}: list, dominfo, start, suspend, resume,
 * shutdown, start, destroy of a VM the stand-in has; define of a VM from XML, dumpxml, undefine;
 * after each step the stand-in's own object model is read and must agree.</li>
 * </ul>
 * The container is ended by its pid at the end, then the stand-in is closed.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class HypervDistributionIT {

    private static final String USER = "jvirt-hyperv";
    /** Random, so that finding it in any output is a leak, not a coincidence. */
    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    private static WsmanStandIn host;
    private static UUID vmUuid;
    private static String uri;
    private static KarafProcess karaf;
    private static VirtSession session;

    @BeforeClass
    public static void startStandInAndDistribution() throws Exception {
        host = WsmanStandIn.start(USER, PASSWORD);
        vmUuid = host.addVm("win-1", 2, 2048);
        int port = host.port();
        uri = "hyperv://127.0.0.1:" + port + "/?transport=http";

        karaf = KarafProcess.unpack("hyperv-it");
        session = new VirtSession(karaf, uri);
        // the administrator's allowance: the stand-in speaks plain HTTP, which the driver refuses for any server not listed
        Files.writeString(karaf.home.resolve("etc/io.jvirt.driver.hyperv.cfg"), "plain.http.hosts = 127.0.0.1:%d%n".formatted(port));
        Path auth = karaf.home.resolve("auth.conf");
        Files.writeString(auth, """
            [credentials-standin]
            username=%s
            password=%s

            [auth-hyperv-127.0.0.1]
            credentials=standin
            """.formatted(USER, PASSWORD));
        karaf.start(Map.of("LIBVIRT_AUTH_FILE", auth.toString()));
        // the driver's component activates with its configuration after boot: the connection answers once it has
        AtomicReference<KarafProcess.Result> last = new AtomicReference<>();
        Poll.until("the hyperv driver to answer " + uri, Duration.ofMinutes(2), () -> {
            last.set(session.virt("uri"));
            return last.get().rc() == 0;
        }, () -> last.get().out());
        assertEquals(uri + "\n", last.get().out());
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        try {
            if (karaf != null) {
                karaf.close();
            }
        } finally {
            if (host != null) {
                host.close();
            }
        }
    }

    @Test
    public void a_driversListsHypervFromItsFeature() throws Exception {
        String out = ok(karaf.virt("drivers"));
        String row = out.lines().filter(l -> l.trim().startsWith("hyperv ")).findFirst().orElse(null);
        assertNotNull(out, row);
        assertTrue(row, row.contains("io.jvirt.driver-hyperv") && row.contains("Active"));
        String features = ok(karaf.client("feature:list -i | grep jvirt-driver-hyperv"));
        assertTrue(features, features.contains("jvirt-driver-hyperv"));
    }

    @Test
    public void b_listDominfoAndLifecycleAgreeWithTheStandIn() throws Exception {
        assertEquals(List.of("-", "shut off"), session.listAll().get("win-1"));
        assertEquals(host.vms().keySet(), session.listAll().keySet());
        assertDominfo("shut off", "-");

        ok(virt("start", "win-1"));
        WsmanStandIn.VmView vm = standIn("RUNNING");
        assertTrue(vm.toString(), vm.pid() > 0);
        assertEquals(List.of(String.valueOf(vm.pid()), "running"), session.listAll().get("win-1"));
        assertDominfo("running", String.valueOf(vm.pid()));

        ok(virt("suspend", "win-1"));
        standIn("PAUSED");
        assertEquals("paused\n", ok(virt("domstate", "win-1")));
        assertDominfo("paused", String.valueOf(vm.pid()));

        ok(virt("resume", "win-1"));
        standIn("RUNNING");
        assertEquals("running\n", ok(virt("domstate", "win-1")));

        ok(virt("shutdown", "win-1"));
        session.awaitState("win-1", "shut off");
        assertEquals(-1, standIn("OFF").pid());
        assertEquals(List.of("-", "shut off"), session.listAll().get("win-1"));

        ok(virt("start", "win-1"));
        standIn("RUNNING");
        ok(virt("destroy", "win-1"));
        standIn("OFF");
        assertEquals("shut off\n", ok(virt("domstate", "win-1")));
        assertDominfo("shut off", "-");
    }

    @Test
    public void c_defineDumpxmlUndefineAgreeWithTheStandIn() throws Exception {
        UUID uuid = UUID.randomUUID();
        Path xml = karaf.home.resolve("web-1.xml");
        Files.writeString(xml, """
            <domain type='hyperv'>
              <name>web-1</name>
              <uuid>%s</uuid>
              <description>defined from the console</description>
              <memory unit='KiB'>1048576</memory>
              <currentMemory unit='KiB'>524288</currentMemory>
              <vcpu>3</vcpu>
              <os>
                <type arch='x86_64'>hvm</type>
              </os>
              <devices>
                <disk type='file' device='disk'>
                  <source file='C:\\VMs\\web-1.vhdx'/>
                  <target dev='sda' bus='scsi'/>
                </disk>
                <disk type='file' device='cdrom'>
                  <source file='C:\\ISO\\setup.iso'/>
                  <target dev='hdc' bus='ide'/>
                </disk>
                <interface type='bridge'>
                  <mac address='52:54:00:aa:bb:01'/>
                  <source bridge='6A2F2F9E-4B1A-4D5E-9C3B-0A7E1B2C3D4E'/>
                </interface>
                <serial type='pipe'>
                  <source path='\\\\.\\pipe\\web-1'/>
                  <target port='1'/>
                </serial>
              </devices>
            </domain>
            """.formatted(uuid));
        assertTrue(ok(virt("define", xml.toString())).contains("Domain 'web-1' defined from"));
        WsmanStandIn.VmView vm = host.vms().get("web-1");
        assertNotNull(host.vms().toString(), vm);
        assertEquals(uuid, vm.uuid());
        assertEquals("OFF", vm.state());
        assertEquals(3, vm.vcpus());
        assertEquals(512, vm.memoryMB());
        assertEquals(1024, vm.maxMemoryMB());
        assertTrue(host.serviceCalls().toString(), host.serviceCalls().contains("DefineSystem"));
        List<String> devices = host.deviceSettings("web-1");
        for (String d : List.of("Microsoft:Hyper-V:Synthetic SCSI Controller", "Microsoft:Hyper-V:Synthetic Disk Drive",
            "Microsoft:Hyper-V:Virtual Hard Disk C:\\VMs\\web-1.vhdx", "Microsoft:Hyper-V:Synthetic DVD Drive",
            "Microsoft:Hyper-V:Virtual CD/DVD Disk C:\\ISO\\setup.iso", "Microsoft:Hyper-V:Serial Port \\\\.\\pipe\\web-1",
            "Microsoft:Hyper-V:Synthetic Ethernet Port", "Microsoft:Hyper-V:Ethernet Connection")) {
            assertTrue(d + " in " + devices, devices.stream().anyMatch(x -> x.startsWith(d)));
        }
        assertEquals(List.of("-", "shut off"), session.listAll().get("web-1"));

        String dump = ok(virt("dumpxml", "web-1"));
        assertTrue(dump, dump.startsWith("<domain type='hyperv'>"));
        assertTrue(dump, dump.contains("<name>web-1</name>") && dump.contains("<uuid>" + uuid + "</uuid>"));
        assertTrue(dump, dump.contains("<description>defined from the console</description>"));
        assertTrue(dump, dump.contains("<memory unit='KiB'>" + vm.maxMemoryMB() * 1024 + "</memory>"));
        assertTrue(dump, dump.contains("<currentMemory unit='KiB'>" + vm.memoryMB() * 1024 + "</currentMemory>"));
        assertTrue(dump, dump.contains("<vcpu placement='static'>" + vm.vcpus() + "</vcpu>"));
        for (String d : List.of("<source file='C:\\VMs\\web-1.vhdx'/>", "<target dev='sda' bus='scsi'/>",
            "<source file='C:\\ISO\\setup.iso'/>", "<target dev='hdc' bus='ide'/>", "<controller type='scsi' index='0'/>",
            "<mac address='52:54:00:aa:bb:01'/>", "<source bridge='6A2F2F9E-4B1A-4D5E-9C3B-0A7E1B2C3D4E'/>",
            "<source path='\\\\.\\pipe\\web-1'/>")) {
            assertTrue(d + " in " + dump, dump.contains(d));
        }

        assertTrue(ok(virt("undefine", "web-1")).contains("Domain 'web-1' has been undefined"));
        assertFalse(host.vms().toString(), host.vms().containsKey("web-1"));
        assertTrue(host.serviceCalls().toString(), host.serviceCalls().contains("DestroySystem"));
        assertFalse(session.listAll().containsKey("web-1"));
        assertTrue("the VM the stand-in had is still there", host.vms().containsKey("win-1"));
    }

    /** dominfo's fields against the stand-in's VM win-1. */
    private static void assertDominfo(String state, String id) throws Exception {
        WsmanStandIn.VmView vm = host.vms().get("win-1");
        Map<String, String> info = session.dominfo("win-1");
        assertEquals(info.toString(), id, info.get("Id"));
        assertEquals("win-1", info.get("Name"));
        assertEquals(vmUuid.toString(), info.get("UUID"));
        assertEquals(vm.uuid(), vmUuid);
        assertEquals("hvm", info.get("OS Type"));
        assertEquals(state, info.get("State"));
        assertEquals(String.valueOf(vm.vcpus()), info.get("CPU(s)"));
        assertEquals(vm.maxMemoryMB() * 1024 + " KiB", info.get("Max memory"));
        assertEquals(vm.memoryMB() * 1024 + " KiB", info.get("Used memory"));
        assertEquals("yes", info.get("Persistent"));
    }

    /** The stand-in's win-1, which must be in {@code state}. */
    private static WsmanStandIn.VmView standIn(String state) {
        WsmanStandIn.VmView vm = host.vms().get("win-1");
        assertNotNull(host.vms().toString(), vm);
        assertEquals(vm.toString(), state, vm.state());
        return vm;
    }

    private static KarafProcess.Result virt(String... args) throws Exception {
        return session.virt(args);
    }

    private static String ok(KarafProcess.Result r) {
        return VirtSession.ok(r);
    }
}
