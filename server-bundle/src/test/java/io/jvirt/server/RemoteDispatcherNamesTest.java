package io.jvirt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.jvirt.api.testing.LibvirtApi;
import io.jvirt.core.kit.rpc.Procedure;
import io.jvirt.core.kit.rpc.ProtocolDescription;

/**
 * The function a NO_SUPPORT answer names is libvirt's own spelling: for every procedure of the
 * protocol description whose name is a public function of libvirt-api.xml (compared without case),
 * the dispatcher's name is that function exactly (a client prints it: "this function is not
 * supported by the connection driver: virNetworkGetDHCPLeases").
 */
class RemoteDispatcherNamesTest {

    @Test
    void everyProcedureOfAPublicFunctionNamesItAsLibvirtSpellsIt() {
        LibvirtApi.require();
        Map<String, String> byLowerCase = LibvirtApi.load().functions().stream()
                .collect(Collectors.toMap(f -> f.toLowerCase(Locale.ROOT), Function.identity(), (a, b) -> a));
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Procedure p : ProtocolDescription.libvirt().program("REMOTE").procedures()) {
            String ours = RemoteDispatcher.apiFunction(p.name());
            String libvirts = byLowerCase.get(ours.toLowerCase(Locale.ROOT));
            if (libvirts == null) {
                continue; // an event, an authentication or migration step: no public function of that name
            }
            checked++;
            if (!libvirts.equals(ours)) {
                wrong.add(p.name() + " -> " + ours + ", libvirt: " + libvirts);
            }
        }
        assertEquals(List.of(), wrong);
        // libvirt 9.0's description: 366 of its 440 procedures are public functions by name
        assertTrue(checked >= 300, "only " + checked + " procedures matched a function of libvirt-api.xml");
    }

    @Test
    void wordsLibvirtSpellsItsOwnWay() {
        assertEquals("virNetworkGetDHCPLeases", RemoteDispatcher.apiFunction("NETWORK_GET_DHCP_LEASES"));
        assertEquals("virDomainGetBlockIoTune", RemoteDispatcher.apiFunction("DOMAIN_GET_BLOCK_IO_TUNE"));
        assertEquals("virDomainGetIOThreadInfo", RemoteDispatcher.apiFunction("DOMAIN_GET_IOTHREAD_INFO"));
        assertEquals("virConnectListAllNWFilters", RemoteDispatcher.apiFunction("CONNECT_LIST_ALL_NWFILTERS"));
    }
}
