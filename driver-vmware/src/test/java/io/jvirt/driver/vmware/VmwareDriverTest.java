package io.jvirt.driver.vmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ListFilter;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.ConnectRequest;

/** driver-vmware against the stand-in vmrun: every operation's vmrun call, libvirt's words, ids, events. */
class VmwareDriverTest {

    private VmwareFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = VmwareFixture.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static VirtException fails(ErrorCode code, Executable e) {
        VirtException x = assertThrows(VirtException.class, e);
        if (code != null) {
            assertEquals(code, x.code(), x.getMessage());
        }
        return x;
    }

    private List<String> calls(String verb) throws Exception {
        return fx.standIn.calls().stream().filter(l -> l.startsWith("-T ws " + verb + " ")).toList();
    }

    // ---------- URIs, version ----------

    @Test
    void theUriPathMustBeSessionAndTheSchemePicksTheProduct() throws Exception {
        VirtException e = fails(ErrorCode.INTERNAL_ERROR, () -> fx.open("vmwarews:///system"));
        assertEquals("internal error: unexpected VMware URI path '/system', try vmwareplayer:///session, "
            + "vmwarews:///session or vmwarefusion:///session", e.getMessage());
        assertNull(fx.driver.open(new ConnectRequest(URI.create("vbox:///session"), false)), "not this driver's");
        assertNull(fx.driver.open(new ConnectRequest(URI.create("vmwarews://host/session"), false)), "remote");
        assertNull(fx.driver.open(new ConnectRequest(URI.create("vmwareserver:///session"), false)), "no such product");
        try (Connection c = fx.open()) {
            assertEquals("VMware", c.type());
            assertEquals(17_005_000L, c.hypervisorVersion());
        }
        fx.standIn.expectProduct("player");
        fx.standIn.version("16.2.3");
        try (Connection c = fx.open("vmwareplayer:///session")) {
            assertEquals(16_002_003L, c.hypervisorVersion(), "vmplayer -v");
        }
        fx.standIn.expectProduct("fusion");
        try (Connection c = fx.open("vmwarefusion:///session")) {
            assertEquals(16_002_003L, c.hypervisorVersion(), "vmware-vmx -v");
        }
        assertTrue(fx.standIn.calls().contains("-T player list"));
        assertTrue(fx.standIn.calls().contains("-T fusion list"));
    }

    /** libvirt's tests/vmwareverdata and vmwareParseVersionStr's refusals. */
    @Test
    void theVersionIsParsedAsLibvirtDoes() {
        assertEquals(7_000_000L, VmwareVersion.parse(Product.WORKSTATION, "VMware Workstation 7.0.0 build-203739 Release\n"));
        assertEquals(7_000_000L, VmwareVersion.parse(Product.WORKSTATION,
            "garbage line\nVMware Workstation 7.0.0 build-203739 Release\n"));
        assertEquals(5_000_003L, VmwareVersion.parse(Product.FUSION,
            "\nVMware Fusion Information:\nVMware Fusion 5.0.3 build-1040386 Release\n"));
        assertEquals("internal error: cannot find version pattern \"VMware Player \"",
            assertThrows(VirtException.class, () -> VmwareVersion.parse(Product.PLAYER, "VMware Workstation 7.0.0")).getMessage());
        for (String bad : List.of("VMware Workstation 7.0", "VMware Workstation 7.1000.0", "VMware Workstation 4295.0.0",
            "VMware Workstation x.0.0")) {
            assertEquals("internal error: version parsing error",
                assertThrows(VirtException.class, () -> VmwareVersion.parse(Product.WORKSTATION, bad)).getMessage(), bad);
        }
    }

    /** libvirt resolves vmrun's link and asks the version of the program beside the real one. */
    @Test
    void theVersionProgramSitsBesideTheRealVmrun() throws Exception {
        Path links = Files.createDirectories(fx.dir.resolve("links"));
        Path link = Files.createSymbolicLink(links.resolve("vmrun"), fx.standIn.vmrun());
        VmwareSettings s = new VmwareSettings(link, null, fx.dir.resolve("statedir"), java.time.Duration.ofSeconds(30),
            java.time.Duration.ofSeconds(30), java.time.Duration.ofMillis(200));
        assertEquals(fx.standIn.vmrun().getParent().resolve("vmware"), s.versionProgram(Product.WORKSTATION));
        assertEquals(fx.standIn.vmrun().getParent().resolve("vmplayer"), s.versionProgram(Product.PLAYER));
        assertEquals(links.resolve("own"), new VmwareSettings(link, links.resolve("own"), fx.dir, s.commandTimeout(),
            s.startTimeout(), s.eventPoll()).versionProgram(Product.FUSION), "vmware.path wins");
        try (Connection c = io.jvirt.core.runtime.StandaloneConnector.create(VmwareFixture.URI, new VmwareDriver(s))
            .open(VmwareFixture.URI)) {
            assertEquals(17_005_000L, c.hypervisorVersion());
        }
    }

    @Test
    void aMissingVmrunIsLibvirtsError() throws Exception {
        VmwareDriver d = new VmwareDriver(new VmwareSettings(fx.dir.resolve("nothing/vmrun"), null, fx.dir.resolve("s"),
            java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5), java.time.Duration.ofMillis(200)));
        VirtException e = fails(ErrorCode.INTERNAL_ERROR, () -> d.open(new ConnectRequest(URI.create(VmwareFixture.URI), false)));
        assertTrue(e.getMessage().startsWith("internal error: vmrun utility is missing"), e.getMessage());
    }

    // ---------- define, dumpxml, undefine ----------

    @Test
    void defineWritesTheVmxBesideTheFirstDiskAndKeepsTheListInTheStateDirectory() throws Exception {
        UUID uuid = UUID.randomUUID();
        Path vmx = fx.vmx("web");
        try (Connection c = fx.open()) {
            Domain d = c.defineXml(fx.xml("web", uuid));
            assertEquals(-1, d.id());
            assertTrue(Files.isRegularFile(vmx), "the .vmx beside the disk");
            String text = Files.readString(vmx);
            assertTrue(text.contains("virtualHW.version = \"7\""), text);
            assertTrue(text.contains("displayName = \"web\""), text);
            assertTrue(text.contains("scsi0:0.fileName = \"" + fx.vmDir("web").resolve("disk.vmdk") + "\""), text);
            String xml = d.xmlDesc();
            assertTrue(xml.contains("<name>web</name>") && xml.contains(uuid.toString()), xml);
            assertTrue(xml.contains("<source file='" + fx.vmDir("web").resolve("disk.vmdk") + "'/>"), xml);
            assertEquals(new StateReason(DomainState.SHUTOFF, 0), d.state());
            assertTrue(d.isPersistent());
            assertEquals("hvm", d.osType());
            assertEquals(131072, d.info().maxMemoryKiB());
        }
        List<String> list = Files.readAllLines(fx.dir.resolve("statedir/ws.vms"));
        assertEquals(1, list.size());
        assertTrue(list.get(0).startsWith(uuid + " web "), list.toString());
        // another driver instance (jvirt restarted) finds the definition
        VmwareDriver again = new VmwareDriver(VmwareFixture.settings(fx.dir, fx.standIn));
        try (Connection c = io.jvirt.core.runtime.StandaloneConnector.create(VmwareFixture.URI, again).open(VmwareFixture.URI)) {
            Domain d = c.lookupByName("web");
            assertEquals(uuid, d.uuid());
            d.undefine();
            fails(ErrorCode.NO_DOMAIN, () -> c.lookupByName("web"));
        }
        assertTrue(Files.isRegularFile(vmx), "undefine keeps the .vmx, as libvirt");
        assertEquals(List.of(), Files.readAllLines(fx.dir.resolve("statedir/ws.vms")));
        try (Connection c = io.jvirt.core.runtime.StandaloneConnector.create(VmwareFixture.URI, again).open(VmwareFixture.URI)) {
            // the kept .vmx is this VM's own: a define of the same VM again may replace it
            assertEquals(uuid, c.defineXml(fx.xml("web", uuid)).uuid());
            // a redefine is refused (jvirt edits no definition), the VM kept
            fails(ErrorCode.OPERATION_INVALID, () -> c.defineXml(fx.xml("web", uuid)));
            VirtException taken = fails(ErrorCode.OPERATION_FAILED, () -> c.defineXml(fx.xml("web", UUID.randomUUID())));
            assertTrue(taken.getMessage().contains("domain 'web' already exists with uuid " + uuid), taken.getMessage());
            VirtException uuidTaken = fails(ErrorCode.OPERATION_FAILED, () -> c.defineXml(fx.xml("other", uuid)));
            assertTrue(uuidTaken.getMessage().contains("domain 'web' is already defined with uuid " + uuid), uuidTaken.getMessage());
        }
    }

    @Test
    void defineRefusesWhatLibvirtRefusesAndAnotherFilesPlace() throws Exception {
        try (Connection c = fx.open()) {
            String noDisk = "<domain type='vmware'><name>a</name><memory>131072</memory><os><type>hvm</type></os></domain>";
            assertEquals("internal error: Domain XML doesn't contain any disks, cannot deduce datastore and path for VMX file",
                fails(ErrorCode.INTERNAL_ERROR, () -> c.defineXml(noDisk)).getMessage());
            String cdrom = "<domain type='vmware'><name>a</name><memory>131072</memory><os><type>hvm</type></os><devices>"
                + "<disk type='file' device='cdrom'><source file='/x/a.iso'/><target dev='hda' bus='ide'/></disk></devices></domain>";
            assertTrue(fails(ErrorCode.INTERNAL_ERROR, () -> c.defineXml(cdrom)).getMessage()
                .contains("doesn't contain any file-based harddisks"));
            String img = VmwareFixture.xml("a", UUID.randomUUID(), fx.vmDir("a") + "/disk.img", "");
            // the converter refuses it first (libvirt formats the VMX before vmwareVmxPath)
            assertTrue(fails(null, () -> c.defineXml(img)).getMessage().toLowerCase(java.util.Locale.ROOT).contains("vmdk"));
            String relative = VmwareFixture.xml("a", UUID.randomUUID(), "disk.vmdk", "");
            assertTrue(fails(ErrorCode.INTERNAL_ERROR, () -> c.defineXml(relative)).getMessage().contains("absolute path"));
            String dotdot = VmwareFixture.xml("a", UUID.randomUUID(), fx.vmDir("a") + "/../a/disk.vmdk", "");
            assertTrue(fails(ErrorCode.INTERNAL_ERROR, () -> c.defineXml(dotdot)).getMessage().contains("absolute path"));
            String nowhere = VmwareFixture.xml("a", UUID.randomUUID(), fx.dir + "/missing/disk.vmdk", "");
            assertTrue(fails(ErrorCode.INTERNAL_ERROR, () -> c.defineXml(nowhere)).getMessage().contains("Failed to write vmx file"));
            // a file that is not this VM's .vmx stays untouched
            Path foreign = fx.vmx("b");
            Files.writeString(foreign, "precious");
            VirtException e = fails(ErrorCode.OPERATION_INVALID, () -> c.defineXml(fx.xml("b", UUID.randomUUID())));
            assertTrue(e.getMessage().contains("Failed to write vmx file '" + foreign + "'"), e.getMessage());
            assertEquals("precious", Files.readString(foreign));
            Path link = fx.vmx("c");
            Files.createSymbolicLink(link, foreign);
            fails(ErrorCode.OPERATION_INVALID, () -> c.defineXml(fx.xml("c", UUID.randomUUID())));
            assertEquals("precious", Files.readString(foreign));
            assertEquals(List.of(), c.listAllDomains());
            assertTrue(fx.standIn.calls().stream().noneMatch(l -> l.contains(" start ")));
        }
    }

    // ---------- lifecycle ----------

    @Test
    void aLifecycleRunsLibvirtsVmrunCommandsWithThePidAsId() throws Exception {
        try (Connection c = fx.open()) {
            BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            c.addDomainEventListener((conn, dom, ev) -> events.add(ev));
            Domain d = c.defineXml(fx.xml("web", UUID.randomUUID()));
            Path vmx = fx.vmx("web");
            d.create();
            assertEquals(List.of("-T ws start " + vmx + " nogui"), calls("start"), "nogui: the domain has VNC graphics");
            long pid = fx.standIn.pidOf(vmx).orElseThrow();
            assertTrue(ProcessHandle.of(pid).isPresent(), "a real process stands for the VM");
            assertEquals(pid, d.id(), "the id is the pid vmware.log names");
            assertEquals(d.uuid(), c.lookupById((int) pid).uuid());
            assertEquals(new StateReason(DomainState.RUNNING, 0), d.state());
            assertTrue(d.xmlDesc().contains("id='" + pid + "'"), d.xmlDesc());
            assertEquals("Requested operation is not valid: Domain is already running", fails(ErrorCode.OPERATION_INVALID, d::create).getMessage());
            assertEquals("internal error: domain is not in suspend state", fails(ErrorCode.INTERNAL_ERROR, d::resume).getMessage());
            d.suspend();
            assertEquals(List.of("-T ws pause " + vmx), calls("pause"));
            assertEquals(DomainState.PAUSED, d.state().state());
            assertEquals(List.of("web"), c.listAllDomains(ListFilter.PAUSED).stream().map(Domain::name).toList());
            assertEquals("internal error: domain is not in running state", fails(ErrorCode.INTERNAL_ERROR, () -> d.shutdown()).getMessage());
            assertEquals("internal error: domain is not in running state", fails(ErrorCode.INTERNAL_ERROR, () -> d.reboot()).getMessage());
            d.resume();
            assertEquals(List.of("-T ws unpause " + vmx), calls("unpause"));
            d.reboot();
            assertEquals(List.of("-T ws reset " + vmx + " soft"), calls("reset"));
            d.shutdown();
            assertEquals(List.of("-T ws stop " + vmx + " soft"), calls("stop"));
            // the stand-in saw it end (or become a zombie its new parent, init, reaps a moment later)
            java.util.Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isPresent()) {
                h.get().onExit().get(30, TimeUnit.SECONDS);
            }
            assertEquals(-1, d.id());
            assertEquals(DomainState.SHUTOFF, d.state().state());
            assertEquals("internal error: domain is not in running state", fails(ErrorCode.INTERNAL_ERROR, () -> d.shutdown()).getMessage());
            fails(ErrorCode.INTERNAL_ERROR, () -> d.destroy());
            d.create();
            d.suspend();
            d.destroy(); // jvirt's destroy: the hard stop, from paused too
            assertEquals("-T ws stop " + vmx + " hard", calls("stop").get(1));
            assertEquals(DomainState.SHUTOFF, d.state().state());
            expect(events, DomainEventType.DEFINED, DomainEvent.DEFINED_ADDED);
            expect(events, DomainEventType.STARTED, DomainEvent.STARTED_BOOTED);
            expect(events, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
            expect(events, DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED);
            expect(events, DomainEventType.STOPPED, DomainEvent.STOPPED_SHUTDOWN);
            expect(events, DomainEventType.STARTED, DomainEvent.STARTED_BOOTED);
            expect(events, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
            expect(events, DomainEventType.STOPPED, DomainEvent.STOPPED_DESTROYED);
        }
    }

    private static void expect(BlockingQueue<DomainEvent> events, DomainEventType type, int detail) throws InterruptedException {
        DomainEvent e = events.poll(30, TimeUnit.SECONDS);
        assertTrue(e != null, "no event; expected " + type);
        assertEquals(type, e.type(), e.toString());
        assertEquals(detail, e.detail(), e.toString());
    }

    @Test
    void aDomainWithoutGraphicsStartsWithTheGuiAsLibvirtsDoes() throws Exception {
        try (Connection c = fx.open()) {
            String xml = fx.xml("plain", UUID.randomUUID()).replace("<graphics type='vnc' autoport='yes'/>", "");
            Domain d = c.defineXml(xml);
            d.create();
            assertEquals(List.of("-T ws start " + fx.vmx("plain")), calls("start"));
            d.destroy();
        }
    }

    @Test
    void vmrunsFailureIsReportedInLibvirtsWordsWithVmrunsOutput() throws Exception {
        try (Connection c = fx.open()) {
            Domain d = c.defineXml(fx.xml("web", UUID.randomUUID()));
            d.create();
            fx.standIn.failNext("stop");
            VirtException e = fails(ErrorCode.INTERNAL_ERROR, () -> d.shutdown());
            assertEquals("internal error: Child process (" + fx.standIn.vmrun() + " -T ws stop " + fx.vmx("web")
                + " soft) unexpected exit status 255: Error: The test made 'stop' fail", e.getMessage());
            assertEquals(DomainState.RUNNING, d.state().state(), "still running");
            d.destroy();
        }
    }

    /** A vmrun that never answers: the call ends at the timeout, killed, and the driver goes on. */
    @Test
    void aHungVmrunEndsAtItsTimeoutAndReleasesTheDriver() throws Exception {
        VmwareDriver quick = new VmwareDriver(new VmwareSettings(fx.standIn.vmrun(), null, fx.dir.resolve("statedir"),
            java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(60)));
        try (Connection c = io.jvirt.core.runtime.StandaloneConnector.create(VmwareFixture.URI, quick).open(VmwareFixture.URI)) {
            Domain d = c.defineXml(fx.xml("web", UUID.randomUUID()));
            d.create();
            fx.standIn.hangNext("pause");
            VirtException e = fails(ErrorCode.OPERATION_TIMEOUT, d::suspend);
            assertTrue(e.getMessage().contains("did not finish in 2000 ms"), e.getMessage());
            assertEquals(DomainState.RUNNING, d.state().state(), "not paused; the next calls work");
            d.suspend();
            assertEquals(DomainState.PAUSED, d.state().state());
            d.destroy();
        }
    }

    @Test
    void aStartWhoseLogNamesNoPidIsStoppedAgainAndFails() throws Exception {
        try (Connection c = fx.open()) {
            Domain d = c.defineXml(fx.xml("web", UUID.randomUUID()));
            fx.standIn.noPidNext();
            VirtException e = fails(ErrorCode.INTERNAL_ERROR, d::create);
            assertTrue(e.getMessage().contains("cannot find a valid pid in vmware log file"), e.getMessage());
            assertEquals(List.of("-T ws stop " + fx.vmx("web") + " soft"), calls("stop"), "libvirt's vmwareStopVM");
            assertEquals(DomainState.SHUTOFF, d.state().state());
            assertEquals(List.of(), fx.standIn.running());
        }
    }

    @Test
    void playerRefusesSuspendAndResumeBeforeAnyVmrunCall() throws Exception {
        fx.standIn.expectProduct("player");
        try (Connection c = fx.open("vmwareplayer:///session")) {
            Domain d = c.defineXml(fx.xml("web", UUID.randomUUID()));
            d.create();
            String words = "internal error: vmplayer does not support libvirt suspend/resume (vmware pause/unpause) operation ";
            assertEquals(words, fails(ErrorCode.INTERNAL_ERROR, d::suspend).getMessage());
            assertEquals(words, fails(ErrorCode.INTERNAL_ERROR, d::resume).getMessage());
            assertTrue(fx.standIn.calls().stream().noneMatch(l -> l.contains("pause")));
            assertTrue(fx.standIn.calls().contains("-T player start " + fx.vmx("web") + " nogui"));
            d.destroy();
        }
        assertTrue(Files.exists(fx.dir.resolve("statedir/player.vms")), "one list per product");
    }

    @Test
    void aVmProcessThatDiesIsShutOffWithAStoppedEvent() throws Exception {
        try (Connection c = fx.open()) {
            BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            Domain d = c.defineXml(fx.xml("web", UUID.randomUUID()));
            d.create();
            c.addDomainEventListener((conn, dom, ev) -> events.add(ev));
            fx.standIn.crash(fx.vmx("web"));
            expect(events, DomainEventType.STOPPED, DomainEvent.STOPPED_SHUTDOWN);
            assertEquals(DomainState.SHUTOFF, d.state().state());
            // the handle keeps the id it had (libvirt's virDomainGetID); a lookup sees the end
            assertEquals(-1, c.lookupByName("web").id());
        }
    }

    @Test
    void undefineOfARunningVmLeavesItTransientUntilItStops() throws Exception {
        try (Connection c = fx.open()) {
            Domain d = c.defineXml(fx.xml("web", UUID.randomUUID()));
            d.create();
            d.undefine();
            assertFalse(d.isPersistent());
            assertTrue(d.isActive());
            assertEquals(List.of("web"), c.listAllDomains(ListFilter.TRANSIENT).stream().map(Domain::name).toList());
            assertEquals("Requested operation is not valid: cannot undefine transient domain",
                fails(ErrorCode.OPERATION_INVALID, d::undefine).getMessage());
            d.destroy();
            fails(ErrorCode.NO_DOMAIN, () -> c.lookupByName("web"));
        }
    }

    @Test
    void aVmRunningOutsideJvirtIsListedTransientWithItsPid() throws Exception {
        Path vmx;
        try (Connection c = fx.open()) {
            c.defineXml(fx.xml("outside", UUID.randomUUID())).undefine();
            vmx = fx.vmx("outside");
        }
        Process p = new ProcessBuilder(fx.standIn.vmrun().toString(), "-T", "ws", "start", vmx.toString(), "nogui")
            .redirectErrorStream(true).start();
        assertEquals(0, p.waitFor());
        try (Connection c = fx.open()) {
            Domain d = c.lookupByName("outside");
            assertFalse(d.isPersistent());
            assertEquals(fx.standIn.pidOf(vmx).orElseThrow().intValue(), d.id());
            d.destroy();
            assertEquals(List.of(), c.listAllDomains());
        }
    }

    // ---------- native formats ----------

    @Test
    void domxmlFromAndToNativeUseTheKitsConverterWithHostPaths() throws Exception {
        try (Connection c = fx.open()) {
            UUID uuid = UUID.randomUUID();
            String vmx = c.domainXmlToNative("vmware-vmx", fx.xml("n", uuid));
            assertTrue(vmx.contains("scsi0:0.fileName = \"" + fx.vmDir("n").resolve("disk.vmdk") + "\""), vmx);
            assertTrue(vmx.contains("virtualHW.version = \"7\""), vmx);
            String xml = c.domainXmlFromNative("vmware-vmx", vmx);
            assertTrue(xml.contains("<name>n</name>") && xml.contains(uuid.toString()), xml);
            assertTrue(xml.contains("<source file='" + fx.vmDir("n").resolve("disk.vmdk") + "'/>"), xml);
            assertEquals("invalid argument: Unsupported config format 'vmware'",
                fails(ErrorCode.INVALID_ARG, () -> c.domainXmlFromNative("vmware", vmx)).getMessage());
            fails(ErrorCode.INVALID_ARG, () -> c.domainXmlToNative("qemu-argv", xml));
            assertEquals(List.of(), c.listAllDomains(), "nothing defined");
        }
    }

    // ---------- hostile output ----------

    @Test
    void vmrunListAndVmwareLogAreReadAsHostile() throws Exception {
        assertEquals(List.of(Path.of("/a/b.vmx"), Path.of("/c/d.vmx")), List.copyOf(VmwareHost.parseList(
            "Total running VMs: 3\nrelative/x.vmx\n/a/b.vmx\r\n/c/./d.vmx\n\n")));
        long self = ProcessHandle.current().pid();
        assertEquals(self, VmwareLog.parseFirstLine("x pid=" + self + " version=1\n").orElseThrow());
        for (String bad : List.of("x pid=" + self + "\n", "x pid=12a \n", "x pid=-5 \n", "x pid=0 \n",
            "x pid=99999999999 \n", "x pid= 5 \n", "x pid=2147483646 \n", "no pid here\n", "x pid=\u0661 \n")) {
            assertTrue(VmwareLog.parseFirstLine(bad).isEmpty(), bad);
        }
        // only the first line counts, and only its first 1023 bytes are read
        Path dir = Files.createDirectories(fx.dir.resolve("log"));
        Files.writeString(dir.resolve("vmware.log"), "first line\nx pid=" + self + " \n");
        assertTrue(VmwareLog.pid(dir.resolve("vm.vmx")).isEmpty());
        Files.writeString(dir.resolve("vmware.log"), "x".repeat(2000) + " pid=" + self + " \n");
        assertTrue(VmwareLog.pid(dir.resolve("vm.vmx")).isEmpty());
        Files.writeString(dir.resolve("vmware.log"), "x pid=" + self + " \n", StandardCharsets.UTF_8);
        assertEquals(self, VmwareLog.pid(dir.resolve("vm.vmx")).orElseThrow());
    }
}
