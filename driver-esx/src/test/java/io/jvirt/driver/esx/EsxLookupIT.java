package io.jvirt.driver.esx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.RemoteAccessPolicy;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * How the driver finds a VM: as libvirt's esxVI_LookupVirtualMachineByUuid, every call on a domain
 * asks the server for that one VM (SearchIndex.FindByUuid, then its properties) instead of
 * fetching every VM of the datacenter's folder and searching it. Seen through a recording proxy
 * between the driver and the simulator.
 */
class EsxLookupIT {

    @TempDir
    static Path tmp;
    static Vcsim sim;
    static RecordingProxy proxy;
    static EsxDriver driver;
    static String uri;

    @BeforeAll
    static void start() throws Exception {
        sim = Vcsim.start("-mode", "esx");
        proxy = new RecordingProxy(sim.url);
        Path auth = tmp.resolve("auth.conf");
        Files.writeString(auth, """
            [credentials-vcsim]
            username=user
            password=pass

            [auth-esx-127.0.0.1]
            credentials=vcsim
            """);
        String proxied = "127.0.0.1:" + proxy.port();
        driver = EsxVcsimIT.driver(auth, EsxSettings.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30))
            .withPolicy(RemoteAccessPolicy.of(new String[0], new String[] {proxied}, new String[0])));
        uri = "esx://" + proxied + "/?transport=http";
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    /** The requests that listed every VM of the datacenter (a traversal of the VM folder). */
    private static List<String> folderListings() {
        return proxy.requests().stream()
            .filter(r -> r.contains("<RetrieveProperties") && r.contains("<type>VirtualMachine</type>")
                && r.contains("visitFolders"))
            .toList();
    }

    @Test
    void domainCallsAskTheServerForTheirVmByUuid() {
        DriverConnection c = driver.open(new ConnectRequest(URI.create(uri), false));
        try {
            DomainRef vm = c.listAllDomains(0).get(0);
            proxy.clear();
            assertEquals(DomainState.RUNNING, c.domainState(vm).state());
            c.domainInfo(vm);
            assertTrue(c.domainIsActive(vm));
            assertEquals(vm.name(), c.lookupByUuid(vm.uuid()).name());
            List<String> methods = proxy.methods();
            assertEquals(List.of(), folderListings().stream().map(r -> r.substring(0, Math.min(300, r.length()))).toList(),
                "no call on one domain lists the whole VM folder: " + methods);
            assertEquals(4, methods.stream().filter("FindByUuid"::equals).count(), "one FindByUuid per call: " + methods);
        } finally {
            c.close();
        }
    }

    @Test
    void aUuidTheServerDoesNotKnowIsNoDomainInLibvirtsWords() {
        DriverConnection c = driver.open(new ConnectRequest(URI.create(uri), false));
        try {
            UUID unknown = UUID.fromString("11111111-2222-3333-4444-555555555555");
            proxy.clear();
            VirtException e = assertThrows(VirtException.class, () -> c.lookupByUuid(unknown));
            assertEquals(ErrorCode.NO_DOMAIN, e.code());
            assertEquals("Domain not found: Could not find domain with UUID '" + unknown + "'", e.getMessage());
            VirtException gone = assertThrows(VirtException.class,
                () -> c.domainInfo(new DomainRef("gone", unknown, 7)));
            assertEquals(ErrorCode.NO_DOMAIN, gone.code());
            assertEquals(List.of(), folderListings(), "found out without listing every VM: " + proxy.methods());
        } finally {
            c.close();
        }
    }
}
