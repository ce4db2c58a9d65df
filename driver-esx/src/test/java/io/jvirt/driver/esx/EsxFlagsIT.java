package io.jvirt.driver.esx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ListFilter;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * libvirt's ESX driver checks every entry point's flags with virCheckFlags and refuses the bits it
 * does not know (INVALID_ARG "unsupported flags (0x40000000) in function esxDomainDestroyFlags");
 * a function it lacks is NO_SUPPORT (ESX has no virDomainSetMemoryFlags, only virDomainSetMemory).
 * Called through the SPI, as the core calls drivers, against the simulator: a refused call must
 * change nothing on the server.
 */
class EsxFlagsIT {

    private static final int UNKNOWN = 1 << 30;

    @TempDir
    static Path tmp;
    static Vcsim sim;
    static String uri;

    @BeforeAll
    static void start() throws Exception {
        sim = Vcsim.start("-mode", "esx");
        Files.writeString(tmp.resolve("auth.conf"), """
            [credentials-vcsim]
            username=user
            password=pass

            [auth-esx-127.0.0.1]
            credentials=vcsim
            """);
        uri = "esx://127.0.0.1:" + sim.port() + "/?transport=http";
    }

    @AfterAll
    static void stop() throws Exception {
        if (sim != null) {
            sim.close();
        }
    }

    private static DriverConnection open() {
        return EsxVcsimIT.driver(tmp.resolve("auth.conf"), sim.settings()).open(new ConnectRequest(URI.create(uri), false));
    }

    @Test
    void unknownFlagsAreRefusedInLibvirtsWordsAndChangeNothing() {
        DriverConnection c = open();
        try {
            List<DomainRef> vms = c.listAllDomains(0);
            DomainRef running = vms.get(0);
            DomainRef stopped = vms.get(1);
            c.domainDestroy(stopped, 0);
            long memory = c.domainInfo(running).memoryKiB();
            String xml = "<domain type='vmware'><name>flags-never-defined</name><memory unit='KiB'>65536</memory>"
                + "<os><type arch='x86_64'>hvm</type></os></domain>";

            Map<String, Runnable> calls = new LinkedHashMap<>();
            calls.put("esxConnectListAllDomains", () -> c.listAllDomains(UNKNOWN | ListFilter.ACTIVE.bit()));
            calls.put("esxDomainDefineXMLFlags", () -> c.defineXml(xml, UNKNOWN));
            calls.put("esxDomainGetXMLDesc", () -> c.domainXmlDesc(running, UNKNOWN));
            calls.put("esxDomainCreateWithFlags", () -> c.domainCreate(stopped, UNKNOWN));
            calls.put("esxDomainShutdownFlags", () -> c.domainShutdown(running, UNKNOWN));
            calls.put("esxDomainReboot", () -> c.domainReboot(running, UNKNOWN));
            calls.put("esxDomainDestroyFlags", () -> c.domainDestroy(running, UNKNOWN));
            calls.put("esxDomainUndefineFlags", () -> c.domainUndefine(stopped, UNKNOWN));
            calls.put("esxDomainGetHostname", () -> c.domainHostname(running, UNKNOWN));
            List<String> wrong = new ArrayList<>();
            for (Map.Entry<String, Runnable> call : calls.entrySet()) {
                String expected = "unsupported flags (0x40000000) in function " + call.getKey();
                try {
                    call.getValue().run();
                    wrong.add(call.getKey() + ": accepted");
                } catch (VirtException e) {
                    if (e.code() != ErrorCode.INVALID_ARG || !expected.equals(e.getMessage())) {
                        wrong.add(call.getKey() + ": " + e.code() + " " + e.getMessage());
                    }
                }
            }
            // libvirt's ESX driver has virDomainSetMemory only: any flag is the missing virDomainSetMemoryFlags
            try {
                c.domainSetMemory(running, memory / 2, 1);
                wrong.add("setMemory with AFFECT_LIVE: accepted");
            } catch (VirtException e) {
                if (e.code() != ErrorCode.NO_SUPPORT || !e.getMessage().endsWith("virDomainSetMemoryFlags")) {
                    wrong.add("setMemory with AFFECT_LIVE: " + e.code() + " " + e.getMessage());
                }
            }
            assertEquals(List.of(), wrong, "entry points that did not refuse an unknown flag as libvirt's ESX driver");

            assertEquals(DomainState.RUNNING, c.domainState(running).state(), "nothing stopped the running VM");
            assertEquals(memory, c.domainInfo(running).memoryKiB(), "its memory unchanged");
            assertEquals(DomainState.SHUTOFF, c.domainState(stopped).state(), "nothing started the stopped VM");
            assertEquals(2, c.listAllDomains(0).size(), "nothing defined or undefined");
            c.domainCreate(stopped, 0);
        } finally {
            c.close();
        }
    }

    @Test
    void theFlagsLibvirtsEsxDriverKnowsAreAccepted() {
        DriverConnection c = open();
        try {
            DomainRef vm = c.listAllDomains(0).get(0);
            // every listing filter; the XML flags (checked by libvirt's formatter); setvcpus LIVE
            c.listAllDomains((1 << 14) - 1);
            c.domainXmlDesc(vm, 1 | 2 | 4);
            c.domainSetVcpus(vm, 1, 1);
        } finally {
            c.close();
        }
    }
}
