package io.jvirt.core.kit.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.ListFilter;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.DomainListFilter;
import io.jvirt.core.spi.DomainRef;

/** The lookup half of a remote driver's table over a made-up server's inventory. */
class DomainLookupsTest {

    record Vm(String name, UUID uuid, int id, boolean autostart) {
    }

    /** A server with three VMs that counts what it is asked. */
    static final class Server implements DomainInventory<Vm> {
        final List<Vm> vms = List.of(new Vm("web", UUID.randomUUID(), 3, true), new Vm("db", UUID.randomUUID(), -1, false),
            new Vm("cache", UUID.randomUUID(), 5, false));
        final List<String> calls = new ArrayList<>();

        @Override
        public List<Vm> list(DomainListFilter filter) {
            calls.add("list");
            return vms;
        }

        @Override
        public DomainListFilter.Facts<Vm> facts(DomainListFilter filter) {
            var autostart = new Object() {
                List<Vm> on;
            };
            return DomainListFilter.facts(vm -> vm.id() >= 0, vm -> true,
                vm -> vm.id() >= 0 ? DomainState.RUNNING : DomainState.SHUTOFF, vm -> false, vm -> {
                    if (autostart.on == null) {
                        calls.add("autostart");
                        autostart.on = vms.stream().filter(Vm::autostart).toList();
                    }
                    return autostart.on.contains(vm);
                }, vm -> false);
        }

        @Override
        public Optional<Vm> byUuid(UUID uuid) {
            calls.add("byUuid");
            return vms.stream().filter(v -> v.uuid().equals(uuid)).findFirst();
        }

        @Override
        public DomainRef ref(Vm vm) {
            return new DomainRef(vm.name(), vm.uuid(), vm.id());
        }

        @Override
        public String noSuchName(String name) {
            return "Could not find domain with name '" + name + "'";
        }
    }

    private final Server server = new Server();
    private final DomainLookups<Vm> lookups = new DomainLookups<>(server, ErrorDomain.ESX, "esxConnectListAllDomains");

    @Test
    void listingsFilterOnceWithTheSharedFilterAndCheckTheirFlags() {
        assertEquals(List.of("web", "cache"), lookups.listRefs(ListFilter.ACTIVE.bit()).stream().map(DomainRef::name).toList());
        assertEquals(List.of("list"), server.calls, "no autostart list fetched for a filter that does not ask");
        server.calls.clear();
        assertEquals(List.of("web"), lookups.listRefs(ListFilter.AUTOSTART.bit()).stream().map(DomainRef::name).toList());
        assertEquals(List.of("list", "autostart"), server.calls, "the autostart list once for the whole listing");
        assertEquals(2, lookups.countActive());
        assertEquals(1, lookups.countInactive());
        VirtException e = assertThrows(VirtException.class, () -> lookups.list(1 << 30));
        assertEquals(ErrorCode.INVALID_ARG, e.code());
        assertEquals("unsupported flags (0x40000000) in function esxConnectListAllDomains", e.getMessage());
    }

    @Test
    void lookupsAndTheirErrorsInTheDriversWords() {
        Vm db = server.vms.get(1);
        assertEquals(db.uuid(), lookups.lookupByName("db").uuid());
        assertEquals("cache", lookups.lookupById(5).name());
        server.calls.clear();
        assertEquals("db", lookups.lookupByUuid(db.uuid()).name());
        assertEquals(db, lookups.get(new DomainRef("db", db.uuid(), -1)));
        assertEquals(List.of("byUuid", "byUuid"), server.calls, "a UUID is asked of the server, never found in a listing");

        VirtException name = assertThrows(VirtException.class, () -> lookups.lookupByName("nosuch"));
        assertEquals(ErrorCode.NO_DOMAIN, name.code());
        assertEquals(ErrorDomain.ESX, name.errorDomain());
        assertEquals("Domain not found: Could not find domain with name 'nosuch'", name.getMessage());
        UUID unknown = UUID.randomUUID();
        assertEquals("Domain not found: no domain with matching uuid '" + unknown + "'",
            assertThrows(VirtException.class, () -> lookups.lookupByUuid(unknown)).getMessage());
        assertEquals("Domain not found: no domain with matching id -1",
            assertThrows(VirtException.class, () -> lookups.lookupById(-1)).getMessage(), "a stopped domain has no id");
    }
}
