package io.jvirt.driver.hyperv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ListFilter;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.AuthFile;
import io.jvirt.core.kit.remote.RemoteAccessPolicy;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.core.spi.ConnectRequest;

/** The driver through the public API against the stand-in host. */
class HypervDriverTest {

    private HypervFixture fx;
    private Connector connector;

    @BeforeEach
    void start() throws Exception {
        fx = HypervFixture.create();
        connector = StandaloneConnector.create(fx.uri(), fx.driver);
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private Connection open() {
        return connector.open(fx.uri());
    }

    // ---------- URI and connect ----------

    @Test
    void theUriIsReadAsLibvirtReadsIt() {
        HypervUri u = HypervUri.parse(URI.create("hyperv://admin@winhost/"));
        assertEquals(new HypervUri("winhost", 5986, "admin", "https", false), u);
        assertEquals(URI.create("https://winhost:5986/wsman"), u.wsmanUrl());
        assertEquals(5985, HypervUri.parse(URI.create("hyperv://winhost/?transport=http")).port());
        assertEquals(1234, HypervUri.parse(URI.create("hyperv://winhost:1234/?transport=http")).port());
        assertTrue(HypervUri.parse(URI.create("hyperv://winhost/?no_verify=1")).noVerify());
        assertNull(HypervUri.parse(URI.create("esx://winhost/")));
        VirtException bad = assertThrows(VirtException.class, () -> HypervUri.parse(URI.create("hyperv://h/?transport=ftp")));
        assertEquals("Query parameter 'transport' has unexpected value 'ftp' (should be http|https)", bad.getMessage()
            .substring(bad.getMessage().indexOf("Query")));
        assertEquals(ErrorCode.INVALID_ARG, assertThrows(VirtException.class, () -> HypervUri.parse(URI.create("hyperv:///")))
            .code());
    }

    @Test
    void itConnectsWithTheAuthFilesCredentialsOverBasicAuth() {
        try (Connection c = open()) {
            assertEquals("Hyper-V", c.type());
            assertEquals(1000017763L, c.hypervisorVersion());
            assertEquals("hyperv-host", c.hostname());
            assertEquals(0, fx.standIn.unauthorized.get());
        }
    }

    /**
     * libvirt's hypervCapsInit: host x86_64 with the BIOS UUID of Win32_ComputerSystemProduct,
     * offline and live migration, guests hvm for i686 and x86_64 of domain type hyperv; valid for
     * libvirt's capability.rng.
     */
    @Test
    void capabilitiesAreLibvirtsHypervCaps() {
        String caps;
        try (Connection c = open()) {
            caps = c.capabilities();
        }
        io.jvirt.api.testing.LibvirtSchemas.require();
        // libvirt's capability.rng (9.0, and still today) lists the guest domain types qemu, kqemu, kvm, xen,
        // uml, lxc, openvz, test (hvf later), not hyperv: libvirt's own hyperv capabilities fail its schema there
        // and only there, so everything but that attribute value must be valid
        assertEquals(List.of(19, 27), io.jvirt.api.testing.LibvirtSchemas.problems("capability.rng", caps).stream()
            .peek(p -> assertTrue(p.contains("value of attribute \"type\" is invalid"), p))
            .map(p -> Integer.parseInt(p.replaceFirst("^line (\\d+):.*$", "$1"))).toList(), caps);
        io.jvirt.api.testing.LibvirtSchemas.assertValid("capability.rng", caps.replace("<domain type='hyperv'/>",
            "<domain type='test'/>"), "hyperv capabilities with a domain type capability.rng knows");
        assertEquals("""
            <capabilities>

              <host>
                <uuid>4c4c4544-0038-4a10-8048-b4c04f4e3132</uuid>
                <cpu>
                  <arch>x86_64</arch>
                </cpu>
                <power_management/>
                <iommu support='no'/>
                <migration_features>
                  <live/>
                </migration_features>
              </host>

              <guest>
                <os_type>hvm</os_type>
                <arch name='i686'>
                  <wordsize>32</wordsize>
                  <domain type='hyperv'/>
                </arch>
              </guest>

              <guest>
                <os_type>hvm</os_type>
                <arch name='x86_64'>
                  <wordsize>64</wordsize>
                  <domain type='hyperv'/>
                </arch>
              </guest>

            </capabilities>
            """, caps);
        // a host UUID libvirt's virUUIDParse refuses fails the call, as it fails libvirt's open
        fx.standIn.withModel(m -> m.productUuid = "not-a-uuid");
        try (Connection c = open()) {
            VirtException e = assertThrows(VirtException.class, c::capabilities);
            assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
            assertTrue(e.getMessage().contains("Could not parse UUID from string 'not-a-uuid'"), e.getMessage());
        }
    }

    @Test
    void withoutAnAuthFileTheCallbackGivesThePasswordAndAdministratorIsTheDefaultUser() {
        HypervDriver noFile = new HypervDriver(HypervSettings.defaults().withPolicy(
            RemoteAccessPolicy.of(null, new String[] {"127.0.0.1"}, null)), Map::of);
        java.util.List<io.jvirt.api.Credential> asked = new java.util.ArrayList<>();
        io.jvirt.api.ConnectAuth auth = io.jvirt.api.ConnectAuth.of(creds -> {
            for (io.jvirt.api.Credential c : creds) {
                asked.add(c);
                c.result(c.type() == io.jvirt.api.CredentialType.AUTHNAME ? c.defaultResult() : HypervFixture.PASSWORD);
            }
            return true;
        }, io.jvirt.api.CredentialType.AUTHNAME, io.jvirt.api.CredentialType.PASSPHRASE);
        io.jvirt.core.spi.DriverConnection dc = noFile.open(new ConnectRequest(URI.create(fx.uri()), false, auth));
        try {
            assertEquals("hyperv-host", dc.hostname());
            assertTrue(asked.stream().anyMatch(c -> c.type() == io.jvirt.api.CredentialType.AUTHNAME
                && "administrator".equals(c.defaultResult())), asked.toString());
        } finally {
            dc.close();
        }
        // no callback and no file: refused before anything is sent
        int before = fx.standIn.total.get() + fx.standIn.unauthorized.get();
        VirtException e = assertThrows(VirtException.class, () -> noFile.open(new ConnectRequest(URI.create(fx.uri()), false)));
        assertEquals(ErrorCode.AUTH_FAILED, e.code(), e.getMessage());
        assertEquals(before, fx.standIn.total.get() + fx.standIn.unauthorized.get());
    }

    @Test
    void wrongCredentialsAreAuthFailedAtOpen() throws Exception {
        java.nio.file.Files.writeString(fx.authFile, """
            [credentials-standin]
            username=administrator
            password=wrong

            [auth-hyperv-127.0.0.1]
            credentials=standin
            """);
        VirtException e = assertThrows(VirtException.class, this::open);
        assertEquals(ErrorCode.AUTH_FAILED, e.code());
    }

    @Test
    void plainHttpIsRefusedUnlessTheAdministratorAllowsIt() {
        HypervDriver strict = new HypervDriver(HypervSettings.defaults(), () -> Map.of(AuthFile.ENV, fx.authFile.toString()));
        VirtException e = assertThrows(VirtException.class, () -> strict.open(new ConnectRequest(URI.create(fx.uri()), false)));
        assertEquals(ErrorCode.OPERATION_DENIED, e.code());
        assertEquals(0, fx.standIn.total.get() + fx.standIn.unauthorized.get(), "nothing was sent");
    }

    @Test
    void httpsIsEncryptedAndSecureAndHttpIsNeither() {
        // libvirt's hypervConnectIsEncrypted / hypervConnectIsSecure, through jvirt's API
        io.jvirt.api.Connector connector = io.jvirt.core.runtime.StandaloneConnector.create(fx.uri(), fx.driver);
        try (io.jvirt.api.Connection http = connector.open(fx.uri())) {
            assertFalse(http.isEncrypted());
            assertFalse(http.isSecure());
        }
        HypervConnection https = new HypervConnection("hyperv://h/", HypervUri.parse(URI.create("hyperv://h/")), null, "10.0.1");
        assertTrue(https.isEncrypted());
        assertTrue(https.isSecure());
    }

    @Test
    void anUnreachableHostFailsInBoundedTime() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String uri = "hyperv://127.0.0.1:" + port + "/?transport=http";
        VirtException e = assertThrows(VirtException.class, () -> fx.driver.open(new ConnectRequest(URI.create(uri), false)));
        assertEquals(ErrorCode.OPERATION_FAILED, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("Could not connect"), e.getMessage());
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        // a listening socket nobody accepts from: the TCP connect succeeds, no answer ever comes
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            HypervDriver d = new HypervDriver(HypervSettings.defaults()
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(5))
                .withPolicy(RemoteAccessPolicy.of(null, new String[] {"127.0.0.1"}, null)),
                () -> Map.of(AuthFile.ENV, fx.authFile.toString()));
            String uri = "hyperv://127.0.0.1:" + silent.getLocalPort() + "/?transport=http";
            VirtException e = assertThrows(VirtException.class, () -> d.open(new ConnectRequest(URI.create(uri), false)));
            assertEquals(ErrorCode.OPERATION_TIMEOUT, e.code(), e.getMessage());
        }
    }

    @Test
    void versionsArePackedAsLibvirtPacksThem() {
        assertEquals(1000017763L, HostFacts.packVersion("10.0.17763"));
        assertEquals(603009600L, HostFacts.packVersion("6.3.9600"));
        assertEquals(ErrorCode.INTERNAL_ERROR, assertThrows(VirtException.class, () -> HostFacts.packVersion("100.0.1")).code());
        assertEquals(ErrorCode.INTERNAL_ERROR, assertThrows(VirtException.class, () -> HostFacts.packVersion("10.0")).code());
        assertEquals(ErrorCode.INTERNAL_ERROR, assertThrows(VirtException.class, () -> HostFacts.packVersion("x.y.z")).code());
    }

    @Test
    void theNodeIsTheHostsWin32Classes() {
        try (Connection c = open()) {
            // two sockets of 4 cores, 8 logical processors each; 64 GiB; the model shortened as libvirt does
            assertEquals(new NodeInfo("Intel Xeon CPU E5-2680 v4", 64L << 20, 8, 2400, 1, 2, 4, 2), c.nodeInfo());
            // the host's maximum processor definition, found with libvirt's LIKE query
            assertEquals(240, c.maxVcpus(null));
        }
    }

    // ---------- listings and lookups ----------

    @Test
    void listingsAndLookupsFindEveryVmButTheHost() {
        StandInModel.VmState off = fx.standIn.model.add("off");
        StandInModel.VmState on = fx.standIn.model.add("on");
        fx.standIn.model.set(on, StandInModel.Logical.RUNNING);
        try (Connection c = open()) {
            assertEquals(List.of("off", "on"), c.listAllDomains().stream().map(Domain::name).toList());
            assertEquals(List.of("on"), c.listAllDomains(ListFilter.ACTIVE).stream().map(Domain::name).toList());
            assertEquals(List.of("off"), c.listAllDomains(ListFilter.INACTIVE).stream().map(Domain::name).toList());
            assertEquals(1, c.numOfDomains());
            assertEquals(1, c.numOfDefinedDomains());
            assertEquals(on.uuid, c.lookupByName("on").uuid());
            assertEquals("off", c.lookupByUuid(off.uuid).name());
            Domain d = c.lookupById(on.pid);
            assertEquals("on", d.name());
            assertEquals(on.pid, d.id());
            assertEquals(-1, c.lookupByName("off").id());
            VirtException none = assertThrows(VirtException.class, () -> c.lookupByName("nosuch"));
            assertEquals(ErrorCode.NO_DOMAIN, none.code());
            assertTrue(none.getMessage().contains("No domain with name nosuch"), none.getMessage());
            assertEquals(ErrorCode.NO_DOMAIN, assertThrows(VirtException.class, () -> c.lookupByUuid(UUID.randomUUID())).code());
            assertEquals(ErrorCode.NO_DOMAIN, assertThrows(VirtException.class, () -> c.lookupById(99999)).code());
            // the host's own Msvm_ComputerSystem is never a domain
            assertEquals(ErrorCode.NO_DOMAIN, assertThrows(VirtException.class,
                () -> c.lookupByName(StandInModel.HOST)).code());
        }
    }

    @Test
    void aNameTwoVmsShareIsMultipleDomains() {
        fx.standIn.model.add("twin");
        StandInModel.VmState second = fx.standIn.model.add("twin");
        try (Connection c = open()) {
            VirtException e = assertThrows(VirtException.class, () -> c.lookupByName("twin"));
            assertEquals(ErrorCode.MULTIPLE_DOMAINS, e.code());
            assertTrue(e.getMessage().contains("Multiple domains exist with the name 'twin': repeat the request using a UUID"),
                e.getMessage());
            assertEquals("twin", c.lookupByUuid(second.uuid).name());
        }
    }

    @Test
    void quotesInANameStayInsideTheWqlLiteral() {
        fx.standIn.model.add("it's");
        try (Connection c = open()) {
            assertEquals("it's", c.lookupByName("it's").name());
            assertEquals(ErrorCode.NO_DOMAIN, assertThrows(VirtException.class, () -> c.lookupByName("x' or Name != '")).code());
        }
    }

    // ---------- info, state and lifecycle ----------

    @Test
    void infoComesFromTheSettings() {
        StandInModel.VmState vm = fx.standIn.model.add("sized");
        vm.vcpus = 4;
        vm.memoryMB = 2048;
        try (Connection c = open()) {
            assertEquals(new DomainInfo(DomainState.SHUTOFF, 2048 * 1024, 2048 * 1024, 4, 0), c.lookupByName("sized").info());
        }
    }

    /** Both EnabledState encodings: libvirt's vendor values and a v2 host's CIM values. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aLifecycleGoesThroughLibvirtsStates(boolean cim) {
        fx.standIn.model.cimEncoding = cim;
        fx.standIn.model.add("life");
        try (Connection c = open()) {
            Domain d = c.lookupByName("life");
            assertEquals(new StateReason(DomainState.SHUTOFF, 0), d.state());
            assertFalse(d.isActive());
            assertTrue(d.isPersistent());
            assertEquals(ErrorCode.OPERATION_INVALID, assertThrows(VirtException.class, d::suspend).code());
            assertEquals(ErrorCode.OPERATION_INVALID, assertThrows(VirtException.class, d::destroy).code());
            assertEquals(ErrorCode.OPERATION_INVALID, assertThrows(VirtException.class, () -> d.shutdown()).code());

            d.create();
            assertEquals(new StateReason(DomainState.RUNNING, 0), d.state());
            assertTrue(d.isActive());
            assertTrue(d.id() > 0);
            VirtException again = assertThrows(VirtException.class, () -> d.create());
            assertEquals("Domain is already active or is in state transition", tail(again, "Domain"));

            d.suspend();
            assertEquals(DomainState.PAUSED, d.state().state());
            assertTrue(d.isActive(), "a paused VM is active");
            assertEquals(List.of("life"), c.listAllDomains(ListFilter.PAUSED).stream().map(Domain::name).toList());
            assertEquals("Domain is not active", tail(assertThrows(VirtException.class, d::suspend), "Domain"));
            d.resume();
            assertEquals(DomainState.RUNNING, d.state().state());
            assertEquals("Domain is not paused", tail(assertThrows(VirtException.class, d::resume), "Domain"));

            int id = d.id();
            d.reboot();
            d.reset();
            assertEquals(DomainState.RUNNING, d.state().state());
            assertEquals(id, d.id());

            d.shutdown();
            assertEquals(DomainState.SHUTOFF, d.state().state());
            assertEquals(-1, d.id());

            d.create();
            d.destroy();
            assertEquals(new StateReason(DomainState.SHUTOFF, 0), d.state());
            assertFalse(d.hasManagedSaveImage());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aSavedVmIsShutOffWithAManagedSaveImageInEitherEncoding(boolean cim) {
        fx.standIn.model.cimEncoding = cim;
        StandInModel.VmState vm = fx.standIn.model.add("saved");
        fx.standIn.model.set(vm, StandInModel.Logical.SAVED);
        try (Connection c = open()) {
            Domain d = c.lookupByName("saved");
            assertEquals(DomainState.SHUTOFF, d.state().state());
            assertFalse(d.isActive());
            assertTrue(d.hasManagedSaveImage());
            assertEquals(List.of("saved"), c.listAllDomains(ListFilter.MANAGEDSAVE).stream().map(Domain::name).toList());
            assertEquals(List.of("saved"), c.listAllDomains(ListFilter.INACTIVE).stream().map(Domain::name).toList());
        }
    }

    @Test
    void aVmInTransitionIsNeitherShutDownNorDestroyed() {
        StandInModel.VmState vm = fx.standIn.model.add("busy");
        fx.standIn.model.set(vm, StandInModel.Logical.STOPPING);
        try (Connection c = open()) {
            Domain d = c.lookupByName("busy");
            assertEquals(DomainState.SHUTDOWN, d.state().state());
            assertEquals("Domain is not active or is in state transition", tail(assertThrows(VirtException.class, d::destroy),
                "Domain"));
            assertEquals("Domain is not active or in state transition", tail(assertThrows(VirtException.class,
                () -> d.shutdown()), "Domain"));
        }
    }

    @Test
    void aFailedJobLeavesTheVmAsItWasAndSaysSo() {
        fx.standIn.model.add("stuck");
        fx.standIn.model.failingMethods.add("RequestStateChange");
        try (Connection c = open()) {
            Domain d = c.lookupByName("stuck");
            VirtException e = assertThrows(VirtException.class, () -> d.create());
            assertTrue(e.getMessage().contains("Concrete job for RequestStateChange invocation is in error state"),
                e.getMessage());
            assertEquals(DomainState.SHUTOFF, d.state().state());
        }
    }

    @Test
    void aVmThatVanishedIsNoDomain() {
        StandInModel.VmState vm = fx.standIn.model.add("gone");
        try (Connection c = open()) {
            Domain d = c.lookupByName("gone");
            fx.standIn.withModel(m -> m.vms.remove(vm.uuid));
            assertEquals(ErrorCode.NO_DOMAIN, assertThrows(VirtException.class, () -> d.create()).code());
        }
    }

    @Test
    void eventsComeFromPollingTheHost() throws Exception {
        try (HypervFixture quick = HypervFixture.create(HypervSettings.defaults().withEventPoll(Duration.ofMillis(100)))) {
            Connector conn = StandaloneConnector.create(quick.uri(), quick.driver);
            java.util.concurrent.BlockingQueue<io.jvirt.api.DomainEvent> events = new java.util.concurrent.LinkedBlockingQueue<>();
            StandInModel.VmState before = quick.standIn.withModel(m -> m.add("before"));
            try (Connection c = conn.open(quick.uri());
                 io.jvirt.api.Registration r = c.addDomainEventListener((cc, dom, ev) -> events.add(ev))) {
                // a VM made by another client, then started, paused and destroyed by this one
                StandInModel.VmState other = quick.standIn.withModel(m -> m.add("other"));
                expectEvent(events, "other", io.jvirt.api.DomainEventType.DEFINED, io.jvirt.api.DomainEvent.DEFINED_ADDED);
                Domain d = c.lookupByName("other");
                d.create();
                expectEvent(events, "other", io.jvirt.api.DomainEventType.STARTED, io.jvirt.api.DomainEvent.STARTED_BOOTED);
                d.suspend();
                expectEvent(events, "other", io.jvirt.api.DomainEventType.SUSPENDED, io.jvirt.api.DomainEvent.SUSPENDED_PAUSED);
                d.resume();
                expectEvent(events, "other", io.jvirt.api.DomainEventType.RESUMED, io.jvirt.api.DomainEvent.RESUMED_UNPAUSED);
                d.destroy();
                expectEvent(events, "other", io.jvirt.api.DomainEventType.STOPPED, io.jvirt.api.DomainEvent.STOPPED_DESTROYED);
                // another client starts and stops a VM, then removes it: seen at the interval
                quick.standIn.withModel(m -> {
                    m.set(before, StandInModel.Logical.RUNNING);
                    return null;
                });
                expectEvent(events, "before", io.jvirt.api.DomainEventType.STARTED, io.jvirt.api.DomainEvent.STARTED_BOOTED);
                quick.standIn.withModel(m -> {
                    m.set(before, StandInModel.Logical.OFF);
                    return null;
                });
                expectEvent(events, "before", io.jvirt.api.DomainEventType.STOPPED, io.jvirt.api.DomainEvent.STOPPED_SHUTDOWN);
                quick.standIn.withModel(m -> m.vms.remove(other.uuid));
                expectEvent(events, "other", io.jvirt.api.DomainEventType.UNDEFINED, io.jvirt.api.DomainEvent.UNDEFINED_REMOVED);
            }
        }
    }

    private static void expectEvent(java.util.concurrent.BlockingQueue<io.jvirt.api.DomainEvent> q, String name,
                                    io.jvirt.api.DomainEventType type, int detail) throws InterruptedException {
        io.jvirt.api.DomainEvent e = q.poll(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(name + " " + type + " " + type.detailLabel(detail),
            e == null ? "no event" : e.name() + " " + e.type() + " " + e.type().detailLabel(e.detail()));
    }

    private static String tail(VirtException e, String from) {
        return e.getMessage().substring(e.getMessage().indexOf(from));
    }
}
