package io.jvirt.driver.hyperv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.HttpTransport;

/** The WS-Man client against the stand-in: paging, EPRs, invocations, jobs and faults. */
class HypervWsmanClientTest {

    private WsmanStandIn standIn;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        standIn = WsmanStandIn.start("administrator", "s3cret");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    private WsmanClient client(String password, int maxElements, Duration jobTimeout) {
        HttpTransport t = new HttpTransport(http, URI.create(standIn.url()), Duration.ofSeconds(30), 16L << 20, "cap", false,
            ErrorDomain.HYPERV, null);
        t.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("administrator:" + password)
            .getBytes(StandardCharsets.UTF_8)));
        return new WsmanClient(t, maxElements, 100_000, jobTimeout);
    }

    private WsmanClient client() {
        return client("s3cret", 100, Duration.ofSeconds(30));
    }

    /** The check: 1,000 VMs come in pages, the request count follows the pages, not the VMs. */
    @Test
    void aThousandVmsArePulledPageByPage() {
        for (int i = 0; i < 1000; i++) {
            standIn.model.add(String.format("vm-%04d", i));
        }
        standIn.pageSize = 100;
        WsmanClient c = client("s3cret", 100, Duration.ofSeconds(30));
        List<WmiObject> all = c.enumerate("Msvm_ComputerSystem", HypervInventory.SELECT_VMS);
        assertEquals(1000, all.size());
        Set<String> names = new HashSet<>();
        all.forEach(o -> names.add(o.str("ElementName")));
        assertEquals(1000, names.size(), "every VM once");
        // one Enumerate, then ten Pulls of 100: requests grow with pages
        assertEquals(1, standIn.count("Enumerate"));
        assertEquals(10, standIn.count("Pull"));
        assertEquals(11, standIn.total.get());

        // the server's page caps what a client asks: 1000 / 25 pages
        standIn.resetCounts();
        standIn.pageSize = 25;
        assertEquals(1000, c.enumerate("Msvm_ComputerSystem", HypervInventory.SELECT_VMS).size());
        assertEquals(40, standIn.count("Pull"));
        // and the client's MaxElements caps a large page: 1000 / 50
        standIn.resetCounts();
        standIn.pageSize = 500;
        assertEquals(1000, client("s3cret", 50, Duration.ofSeconds(30)).enumerate("Msvm_ComputerSystem",
            HypervInventory.SELECT_VMS).size());
        assertEquals(20, standIn.count("Pull"));
    }

    @Test
    void anEnumerationLargerThanTheCapIsRefused() {
        for (int i = 0; i < 60; i++) {
            standIn.model.add("vm-" + i);
        }
        HttpTransport t = new HttpTransport(http, URI.create(standIn.url()), Duration.ofSeconds(30), 16L << 20, "cap", false,
            ErrorDomain.HYPERV, null);
        t.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("administrator:s3cret")
            .getBytes(StandardCharsets.UTF_8)));
        VirtException e = assertThrows(VirtException.class, () -> new WsmanClient(t, 10, 50, Duration.ofSeconds(5))
            .enumerate("Msvm_ComputerSystem", HypervInventory.SELECT_VMS));
        assertEquals(ErrorCode.OPERATION_FAILED, e.code());
        assertTrue(e.getMessage().contains("returned more than 50 items"), e.getMessage());
    }

    @Test
    void anEmptyResultIsOnePullWithEndOfSequence() {
        assertEquals(List.of(), client().enumerate("Msvm_ComputerSystem", HypervInventory.SELECT_VMS + "AND Name = 'x'"));
        assertEquals(1, standIn.count("Pull"));
    }

    @Test
    void eprEnumerationGivesTheReferenceParameters() {
        StandInModel.VmState vm = standIn.model.add("vm-epr");
        List<Epr> eprs = client().enumerateEpr("Msvm_ComputerSystem",
            "SELECT * FROM Msvm_ComputerSystem WHERE Name = '" + vm.uuid + "'");
        assertEquals(1, eprs.size());
        Epr e = eprs.get(0);
        assertEquals(Wsman.classUri("Msvm_ComputerSystem"), e.resourceUri());
        assertEquals("Msvm_ComputerSystem", e.selectors().get("CreationClassName"));
        assertEquals(vm.uuid.toString(), e.selectors().get("Name").toLowerCase());
    }

    private Map<String, String> selectors(StandInModel.VmState vm) {
        Map<String, String> sel = new LinkedHashMap<>();
        sel.put("CreationClassName", "Msvm_ComputerSystem");
        sel.put("Name", vm.uuid.toString());
        return sel;
    }

    @Test
    void anInvocationWaitsForItsJob() {
        StandInModel.VmState vm = standIn.model.add("vm-job");
        client().invoke("Msvm_ComputerSystem", "RequestStateChange", selectors(vm), b -> b.text("RequestedState", 2));
        assertEquals(StandInModel.Logical.RUNNING, vm.state);
        // the job ran over several polls (each one a paged enumeration of Msvm_ConcreteJob)
        assertTrue(standIn.count("Enumerate") >= 4, "polls: " + standIn.count("Enumerate"));
        assertTrue(standIn.queries.get(0).startsWith("SELECT * FROM Msvm_ConcreteJob WHERE InstanceID = '"));
    }

    @Test
    void aFailedJobIsAnErrorWithTheJobsWords() {
        StandInModel.VmState vm = standIn.model.add("vm-fail");
        standIn.model.failingMethods.add("RequestStateChange");
        VirtException e = assertThrows(VirtException.class, () -> client().invoke("Msvm_ComputerSystem",
            "RequestStateChange", selectors(vm), b -> b.text("RequestedState", 2)));
        assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
        assertTrue(e.getMessage().contains("Concrete job for RequestStateChange invocation is in error state"), e.getMessage());
        assertTrue(e.getMessage().contains("The operation failed (stand-in)"), e.getMessage());
        assertEquals(StandInModel.Logical.OFF, vm.state);
    }

    @Test
    void aJobThatNeverEndsTimesOut() {
        StandInModel.VmState vm = standIn.model.add("vm-hang");
        standIn.model.jobPolls = -1;
        VirtException e = assertThrows(VirtException.class, () -> client("s3cret", 100, Duration.ofMillis(300))
            .invoke("Msvm_ComputerSystem", "RequestStateChange", selectors(vm), b -> b.text("RequestedState", 2)));
        assertEquals(ErrorCode.OPERATION_TIMEOUT, e.code());
        assertTrue(e.getMessage().contains("Timeout waiting for RequestStateChange invocation"), e.getMessage());
    }

    @Test
    void aReturnValueOtherThanZeroOrAJobIsAnError() {
        StandInModel.VmState vm = standIn.model.add("vm-off");
        VirtException e = assertThrows(VirtException.class, () -> client().invoke("Msvm_ComputerSystem",
            "RequestStateChange", selectors(vm), b -> b.text("RequestedState", 3)));
        assertEquals("Invocation of RequestStateChange returned an error: Invalid state transition (4097)",
            e.getMessage().substring(e.getMessage().indexOf("Invocation")));
    }

    @Test
    void aSoapFaultIsAnErrorWithTheFaultsText() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("CreationClassName", "Msvm_ComputerSystem");
        bad.put("Name", "00000000-0000-0000-0000-000000000000");
        VirtException e = assertThrows(VirtException.class, () -> client().invoke("Msvm_ComputerSystem",
            "RequestStateChange", bad, b -> b.text("RequestedState", 2)));
        assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
        assertTrue(e.getMessage().contains("SOAP fault during RequestStateChange_INPUT: code 'w:InvalidSelectors'"),
            e.getMessage());
        assertTrue(e.getMessage().contains("no instance with Name=00000000-0000-0000-0000-000000000000"), e.getMessage());

        VirtException wql = assertThrows(VirtException.class, () -> client().enumerate("Msvm_NoSuchClass",
            "SELECT * FROM Msvm_NoSuchClass"));
        assertTrue(wql.getMessage().contains("Invalid class Msvm_NoSuchClass"), wql.getMessage());
    }

    @Test
    void wrongCredentialsAreAuthFailed() {
        VirtException e = assertThrows(VirtException.class, () -> client("wrong", 100, Duration.ofSeconds(30))
            .enumerate("Win32_OperatingSystem", "SELECT * FROM Win32_OperatingSystem "));
        assertEquals(ErrorCode.AUTH_FAILED, e.code());
        assertTrue(e.getMessage().contains("401"), e.getMessage());
    }
}
