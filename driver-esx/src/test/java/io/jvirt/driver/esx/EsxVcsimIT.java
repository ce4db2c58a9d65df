package io.jvirt.driver.esx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ListFilter;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Poll;
import io.jvirt.core.kit.remote.AuthFile;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.core.kit.remote.XmlDom;
import io.jvirt.core.kit.vmx.VmxToDomain;
import io.jvirt.core.kit.vmx.VmxParser;

/**
 * The ESX driver against VMware's simulator in ESX mode (a standalone host, "ha-datacenter"),
 * over the real protocol: every check opens fresh connections, so what it sees is the server's
 * state, not the driver's.
 */
class EsxVcsimIT {

    @TempDir
    static Path tmp;
    static Vcsim sim;
    static Connector connector;
    static String uri;

    @BeforeAll
    static void start() throws Exception {
        sim = Vcsim.start("-mode", "esx");
        Path auth = tmp.resolve("auth.conf");
        Files.writeString(auth, """
            [credentials-vcsim]
            username=user
            password=pass

            [auth-esx-127.0.0.1]
            credentials=vcsim

            [auth-vpx-127.0.0.1]
            credentials=vcsim
            """);
        connector = connector(auth, sim.settings());
        uri = "esx://127.0.0.1:" + sim.port() + "/?transport=http";
    }

    static Connector connector(Path authFile, EsxSettings s) {
        return StandaloneConnector.create("test:///default", driver(authFile, s));
    }

    static EsxDriver driver(Path authFile, EsxSettings s) {
        return new EsxDriver(s, () -> Map.of(AuthFile.ENV, authFile.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sim != null) {
            sim.close();
        }
    }

    /** Runs {@code f} on a fresh connection, closed afterwards. */
    static <T> T fresh(Function<Connection, T> f) {
        try (AutoCloseableConnection c = new AutoCloseableConnection(connector.open(uri))) {
            return f.apply(c.conn);
        }
    }

    record AutoCloseableConnection(Connection conn) implements AutoCloseable {
        @Override
        public void close() {
            conn.close();
        }
    }

    @Test
    void connectionFacts() {
        fresh(c -> {
            assertEquals("ESX", c.type());
            // transport=http: libvirt's esxConnectIsEncrypted / esxConnectIsSecure are false
            org.junit.jupiter.api.Assertions.assertFalse(c.isEncrypted());
            org.junit.jupiter.api.Assertions.assertFalse(c.isSecure());
            assertEquals(6_005_000L, c.hypervisorVersion());
            NodeInfo n = c.nodeInfo();
            assertTrue(n.memoryKiB() > 0 && n.cpus() > 0 && n.mhz() > 0, n.toString());
            assertTrue(c.capabilities().contains("<domain type='vmware'/>"));
            assertFalse(c.hostname().isEmpty());
            return null;
        });
    }

    @Test
    void listsTheSimulatorsVms() {
        List<String> names = fresh(c -> c.listAllDomains().stream().map(Domain::name).sorted().toList());
        assertEquals(2, names.size(), names.toString());
        for (String n : names) {
            java.util.UUID u = fresh(c -> c.lookupByName(n).uuid());
            assertEquals(n, fresh(c -> c.lookupByUuid(u).name()));
        }
    }

    @Test
    void powerOffAndOnIsSeenByAFreshConnection() {
        String name = fresh(c -> c.listAllDomains(ListFilter.ACTIVE).get(0).name());
        fresh(c -> {
            c.lookupByName(name).destroy();
            return null;
        });
        assertEquals(DomainState.SHUTOFF, fresh(c -> c.lookupByName(name).state().state()));
        assertEquals(Integer.valueOf(-1), fresh(c -> c.lookupByName(name).id()));
        assertTrue((boolean) fresh(c -> c.listAllDomains(ListFilter.INACTIVE).stream().anyMatch(d -> d.name().equals(name))));

        fresh(c -> {
            c.lookupByName(name).create();
            return null;
        });
        int id = fresh(c -> c.lookupByName(name).id());
        assertEquals(DomainState.RUNNING, fresh(c -> c.lookupByName(name).state().state()));
        assertTrue(id > 0, "a running VM has its managed object number as id");
        assertEquals(name, fresh(c -> c.lookupById(id).name()));
    }

    @Test
    void guestShutdownResetAndMemoryLimit() throws Exception {
        String name = fresh(c -> c.listAllDomains(ListFilter.ACTIVE).get(0).name());
        fresh(c -> {
            Domain d = c.lookupByName(name);
            d.reset();
            d.setMemory(16384);
            return null;
        });
        assertEquals(Long.valueOf(16384), fresh(c -> c.lookupByName(name).info().memoryKiB()));
        fresh(c -> {
            c.lookupByName(name).shutdown();
            return null;
        });
        // ShutdownGuest returns before the guest is down: poll, bounded, on fresh connections
        Poll.until("the guest to be shut off", Duration.ofSeconds(5),
            () -> fresh(c -> c.lookupByName(name).state().state()) == DomainState.SHUTOFF,
            () -> fresh(c -> c.lookupByName(name).state().state()));
        fresh(c -> {
            c.lookupByName(name).create();
            return null;
        });
    }

    @Test
    void suspendAndResume() {
        String name = fresh(c -> c.listAllDomains(ListFilter.ACTIVE).get(0).name());
        fresh(c -> {
            c.lookupByName(name).suspend();
            return null;
        });
        assertEquals(DomainState.PAUSED, fresh(c -> c.lookupByName(name).state().state()));
        fresh(c -> {
            c.lookupByName(name).resume();
            return null;
        });
        assertEquals(DomainState.RUNNING, fresh(c -> c.lookupByName(name).state().state()));
    }

    /** Makes an empty disk image on the simulator's datastore, as an administrator would before a define. */
    static void createDisk(String dir, String path) {
        EsxDriver driver = driver(tmp.resolve("auth.conf"), sim.settings());
        EsxConnection raw = (EsxConnection) driver.open(new io.jvirt.core.spi.ConnectRequest(java.net.URI.create(uri),
            false));
        try {
            org.w3c.dom.Element sc = XmlDom.child(raw.session.call(new SoapWriter("RetrieveServiceContent",
                VimSession.SERVICE_INSTANCE)), "returnval");
            raw.session.call(new SoapWriter("MakeDirectory", MoRef.of(XmlDom.child(sc, "fileManager")))
                .text("name", dir).ref("datacenter", raw.inventory.datacenter()).text("createParentDirectories", true));
            raw.session.runTask(new SoapWriter("CreateVirtualDisk_Task", MoRef.of(XmlDom.child(sc, "virtualDiskManager")))
                .text("name", path).ref("datacenter", raw.inventory.datacenter())
                .open("spec", "FileBackedVirtualDiskSpec").text("diskType", "thin").text("adapterType", "lsiLogic")
                .text("capacityKb", 1024).close("spec"), "create disk");
        } finally {
            raw.close();
        }
    }

    @Test
    void defineAndUndefine() {
        createDisk("[LocalDS_0] disks", "[LocalDS_0] disks/jvirt-defined.vmdk");
        String xml = """
            <domain type='vmware'>
              <name>jvirt-defined</name>
              <uuid>6a1b2c3d-1111-2222-3333-444455556666</uuid>
              <memory unit='KiB'>131072</memory>
              <vcpu>2</vcpu>
              <os><type arch='x86_64'>hvm</type></os>
              <devices>
                <disk type='file' device='disk'>
                  <source file='[LocalDS_0] disks/jvirt-defined.vmdk'/>
                  <target dev='sda' bus='scsi'/>
                </disk>
                <controller type='scsi' index='0' model='lsilogic'/>
                <interface type='bridge'>
                  <mac address='00:50:56:01:02:03'/>
                  <source bridge='VM Network'/>
                  <model type='vmxnet3'/>
                </interface>
              </devices>
            </domain>
            """;
        assertEquals("jvirt-defined", fresh(c -> c.defineXml(xml).name()));
        fresh(c -> {
            Domain e = c.lookupByName("jvirt-defined");
            assertEquals(DomainState.SHUTOFF, e.state().state());
            assertEquals(131072L, e.info().maxMemoryKiB());
            assertEquals(2, e.info().vcpus(), "vcpus");
            String dump = e.xmlDesc();
            assertTrue(dump.contains("<name>jvirt-defined</name>") && dump.contains("type='vmware'"), dump);
            assertTrue(dump.contains("<uuid>6a1b2c3d-1111-2222-3333-444455556666</uuid>"), dump);
            assertTrue(dump.contains("<source file='[LocalDS_0] disks/jvirt-defined.vmdk'/>"), dump);
            assertTrue(dump.contains("<mac address='00:50:56:01:02:03'") && dump.contains("<model type='vmxnet3'/>"), dump);
            return null;
        });
        VirtException again = assertThrows(VirtException.class, () -> fresh(c -> c.defineXml(xml)));
        assertEquals(ErrorCode.OPERATION_INVALID, again.code());

        fresh(c -> {
            c.lookupByName("jvirt-defined").setVcpus(1);
            c.lookupByName("jvirt-defined").setMaxMemory(262144);
            return null;
        });
        assertEquals(Long.valueOf(262144), fresh(c -> c.lookupByName("jvirt-defined").info().maxMemoryKiB()));
        assertEquals(Integer.valueOf(1), fresh(c -> c.lookupByName("jvirt-defined").info().vcpus()));
        fresh(c -> {
            c.lookupByName("jvirt-defined").undefine();
            return null;
        });
        VirtException gone = assertThrows(VirtException.class, () -> fresh(c -> c.lookupByName("jvirt-defined")));
        assertEquals(ErrorCode.NO_DOMAIN, gone.code());
        assertTrue(gone.getMessage().contains("jvirt-defined"));
    }

    @Test
    void aDefineWithAMissingDiskIsAClearError() {
        String xml = """
            <domain type='vmware'>
              <name>jvirt-nodisk</name>
              <memory unit='KiB'>65536</memory>
              <os><type>hvm</type></os>
              <devices>
                <disk type='file' device='disk'>
                  <source file='[LocalDS_0] nowhere/missing.vmdk'/>
                  <target dev='sda' bus='scsi'/>
                </disk>
              </devices>
            </domain>
            """;
        VirtException e = assertThrows(VirtException.class, () -> fresh(c -> c.defineXml(xml)));
        assertTrue(e.getMessage().startsWith("internal error: Could not define domain: ")
            && e.getMessage().contains("FileNotFound"), e.getMessage());
        assertEquals(ErrorCode.NO_DOMAIN,
            assertThrows(VirtException.class, () -> fresh(c -> c.lookupByName("jvirt-nodisk"))).code());
    }

    @Test
    void dumpxmlIsLibvirtsVmwareView() {
        String xml = fresh(c -> c.listAllDomains().get(0).xmlDesc());
        assertTrue(xml.startsWith("<domain type='vmware'"), xml);
        assertTrue(xml.contains("<os>") && xml.contains("hvm"), xml);
        // the simulator's VMs have a disk on LocalDS_0 and an e1000 NIC on "VM Network"
        assertTrue(xml.contains("<source file='[LocalDS_0] "), xml);
        assertTrue(xml.contains("<source bridge='VM Network'/>") && xml.contains("<model type='e1000'/>"), xml);
    }

    @Test
    void dumpxmlOfARegisteredVmIsItsVmxFileAsLibvirtShowsIt() throws Exception {
        // an administrator's VM: a .vmx put on the datastore over the server's file access, then registered
        String vmx = """
            .encoding = "UTF-8"
            config.version = "8"
            virtualHW.version = "13"
            displayName = "jvirt-registered"
            uuid.bios = "56 4d 9b 2c 3a 1e 4f 6a-8b 9c 0d 1e 2f 3a 4b 5c"
            guestOS = "other-64"
            memsize = "256"
            numvcpus = "2"
            annotation = "from a real .vmx file"
            RemoteDisplay.vnc.enabled = "true"
            RemoteDisplay.vnc.port = "5903"
            """;
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        // the simulator registers a VM only when its .vmx, .nvram and log are there
        for (String[] file : new String[][] {{"jvirt-registered.vmx", vmx}, {"jvirt-registered.nvram", ""},
            {"vmware.log", ""}}) {
            java.net.URI put = java.net.URI.create(sim.url.replace("/sdk", "")
                + "/folder/jvirt-registered/" + file[0] + "?dcPath=ha-datacenter&dsName=LocalDS_0");
            assertEquals(200, http.send(java.net.http.HttpRequest.newBuilder(put)
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(file[1])).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        EsxDriver driver = driver(tmp.resolve("auth.conf"), sim.settings());
        EsxConnection raw = (EsxConnection) driver.open(new io.jvirt.core.spi.ConnectRequest(java.net.URI.create(uri),
            false));
        try {
            raw.session.runTask(new SoapWriter("RegisterVM_Task", raw.inventory.vmFolder())
                .text("path", "[LocalDS_0] jvirt-registered/jvirt-registered.vmx").text("name", "jvirt-registered")
                .text("asTemplate", false).ref("pool", raw.inventory.resourcePool()), "register");
        } finally {
            raw.close();
        }
        String xml = fresh(c -> c.lookupByName("jvirt-registered").xmlDesc());
        String expected = VmxToDomain.toXml(VmxParser.parse(vmx),
            DatastorePaths.forVmx("[LocalDS_0] jvirt-registered/jvirt-registered.vmx"));
        assertEquals(expected, xml);
        // what only the file says, and libvirt shows: VNC, the annotation
        assertTrue(xml.contains("<graphics type='vnc' port='5903'") && xml.contains("from a real .vmx file"), xml);
        fresh(c -> {
            c.lookupByName("jvirt-registered").undefine();
            return null;
        });
    }

    @Test
    void nativeConversionThroughTheConnection() {
        String vmx = "config.version = \"8\"\nvirtualHW.version = \"4\"\ndisplayName = \"n\"\nmemsize = \"64\"\n";
        String xml = fresh(c -> c.domainXmlFromNative("vmware-vmx", vmx));
        assertTrue(xml.contains("<name>n</name>") && xml.contains("65536"), xml);
        String back = fresh(c -> c.domainXmlToNative("vmware-vmx", xml));
        // ESX 6.5 hosts create hardware version 13 VMs
        assertTrue(back.contains("virtualHW.version = \"13\"") && back.contains("memsize = \"64\""), back);
        VirtException e = assertThrows(VirtException.class, () -> fresh(c -> c.domainXmlFromNative("xen-xl", vmx)));
        assertEquals(ErrorCode.INVALID_ARG, e.code());
    }

    @Test
    void whatTheSimulatorLacksIsNoSupport() {
        String name = fresh(c -> c.listAllDomains(ListFilter.ACTIVE).get(0).name());
        // vcsim has no RebootGuest (MethodNotFound) and no host autostart manager
        VirtException reboot = assertThrows(VirtException.class, () -> fresh(c -> {
            c.lookupByName(name).reboot();
            return null;
        }));
        assertEquals(ErrorCode.NO_SUPPORT, reboot.code(), reboot.getMessage());
        assertTrue(reboot.getMessage().contains("RebootGuest"), reboot.getMessage());
        VirtException autostart = assertThrows(VirtException.class, () -> fresh(c -> c.lookupByName(name).autostart()));
        assertEquals(ErrorCode.NO_SUPPORT, autostart.code(), autostart.getMessage());
    }

    @Test
    void stateChecksComeBeforeTheServer() {
        String name = fresh(c -> c.listAllDomains(ListFilter.ACTIVE).get(0).name());
        VirtException e = assertThrows(VirtException.class, () -> fresh(c -> {
            c.lookupByName(name).create();
            return null;
        }));
        assertEquals(ErrorCode.OPERATION_INVALID, e.code());
        assertTrue(e.getMessage().contains("Domain is not powered off"), e.getMessage());
    }

    @Test
    void soapFaultsBecomeClearErrors() {
        // UnregisterVM of a running VM, straight to the server: its InvalidPowerState fault
        fresh(c -> {
            Domain d = c.listAllDomains(ListFilter.ACTIVE).get(0);
            EsxDriver driver = driver(tmp.resolve("auth.conf"), sim.settings());
            EsxConnection raw = (EsxConnection) driver.open(new io.jvirt.core.spi.ConnectRequest(java.net.URI.create(uri),
                false));
            try {
                VmInfo vm = raw.vm(new io.jvirt.core.spi.DomainRef(d.name(), d.uuid(), d.id()));
                VirtException f = assertThrows(VirtException.class,
                    () -> raw.session.call(new SoapWriter("UnregisterVM", vm.ref())));
                assertEquals(ErrorCode.OPERATION_INVALID, f.code());
                assertTrue(f.getMessage().contains("InvalidPowerState"), f.getMessage());
                // a method the API does not have: the server's InvalidRequest fault, in its words
                VirtException g = assertThrows(VirtException.class,
                    () -> raw.session.call(new SoapWriter("NoSuchMethod_Task", vm.ref())));
                assertEquals(ErrorCode.INVALID_ARG, g.code(), g.getMessage());
                assertTrue(g.getMessage().contains("InvalidRequest - no vmomi type defined"), g.getMessage());
            } finally {
                raw.close();
            }
            return null;
        });
    }

    @Test
    void aDroppedSessionIsLoggedInAgainAndKeptAlive() {
        EsxDriver driver = driver(tmp.resolve("auth.conf"), sim.settings());
        EsxConnection raw = (EsxConnection) driver.open(new io.jvirt.core.spi.ConnectRequest(java.net.URI.create(uri),
            false));
        try {
            // the server forgets the session (as after its idle timeout): the next call logs in again
            raw.session.call(new SoapWriter("Logout", raw.session.content().sessionManager()));
            assertEquals(2, raw.listAllDomains(0).size());
            raw.keepAliveTick();
            assertTrue(raw.isAlive());
        } finally {
            raw.close();
        }
    }

    @Test
    void unknownDomainsAreNoDomain() {
        VirtException e = assertThrows(VirtException.class, () -> fresh(c -> c.lookupById(99999)));
        assertEquals(ErrorCode.NO_DOMAIN, e.code());
    }

    @Test
    void esxUriToAHostIsAcceptedButNotForAVcenterPath() {
        VirtException e = assertThrows(VirtException.class,
            () -> connector.open("vpx://127.0.0.1:" + sim.port() + "/ha-datacenter/x?transport=http"));
        assertTrue(e.getMessage().contains("not a vCenter server"), e.getMessage());
    }
}
