package io.jvirt.driver.hyperv;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.ListFilter;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.DomainListFilter;
import io.jvirt.core.kit.remote.DomainInventory;
import io.jvirt.core.spi.DomainRef;

/**
 * The driver's inventory port: the host's virtual machines ({@code Msvm_ComputerSystem} but the
 * host's own), asked on every call with libvirt's WQL. A listing is one paged enumeration of every
 * VM; active and inactive are told apart here ({@link EnabledState}, both encodings) rather than by
 * libvirt's active/inactive WQL clauses, which count a v2 host's saved VM (6) as active. Lookups by
 * UUID, name and id are WQL queries of their own, as libvirt's.
 */
final class HypervInventory implements DomainInventory<Vm> {

    static final String SELECT_VMS = "SELECT * FROM Msvm_ComputerSystem WHERE Name != __SERVER ";
    private static final String CLASS = "Msvm_ComputerSystem";

    private final WsmanClient wsman;

    HypervInventory(WsmanClient wsman) {
        this.wsman = wsman;
    }

    private List<Vm> query(String wql) {
        List<Vm> out = new ArrayList<>();
        for (WmiObject o : wsman.enumerate(CLASS, wql)) {
            out.add(Vm.from(o));
        }
        return out;
    }

    @Override
    public List<Vm> list(DomainListFilter filter) {
        return query(SELECT_VMS);
    }

    @Override
    public DomainListFilter.Facts<Vm> facts(DomainListFilter filter) {
        // every VM is persistent; no snapshot reading yet (none reported). Autostart only when the
        // filter asks, in one enumeration of the realized setting data (libvirt's listing returns
        // nothing for --autostart although its driver sets AutomaticStartupAction: jvirt's filters
        // mean the same on every driver)
        Set<UUID> autostart = filter.asks(ListFilter.AUTOSTART) || filter.asks(ListFilter.NO_AUTOSTART)
            ? autostarted() : Set.of();
        return DomainListFilter.facts(Vm::active, vm -> true, Vm::state, vm -> EnabledState.saved(vm.enabledState()),
            vm -> autostart.contains(vm.uuid()), vm -> false);
    }

    private Set<UUID> autostarted() {
        Set<UUID> out = new HashSet<>();
        for (WmiObject o : wsman.enumerate("Msvm_VirtualSystemSettingData", "SELECT * FROM Msvm_VirtualSystemSettingData "
            + "WHERE VirtualSystemType = 'Microsoft:Hyper-V:System:Realized'")) {
            String id = o.str("VirtualSystemIdentifier");
            if (id != null && o.number("AutomaticStartupAction", VmSettings.STARTUP_NONE) == VmSettings.STARTUP_ALWAYS) {
                try {
                    out.add(UUID.fromString(id.strip()));
                } catch (IllegalArgumentException e) {
                    // not a VM's setting data: no VM of this listing has it
                }
            }
        }
        return out;
    }

    @Override
    public Optional<Vm> byUuid(UUID uuid) {
        return query(SELECT_VMS + "AND Name = '" + Wsman.wqlString(uuid.toString()) + "'").stream().findFirst();
    }

    /** Every VM of that name (ElementName is not unique on a Hyper-V host). */
    List<Vm> sameName(String name) {
        return query(SELECT_VMS + "AND ElementName = '" + Wsman.wqlString(name) + "'");
    }

    @Override
    public Optional<Vm> byName(String name) {
        List<Vm> found = sameName(name);
        if (found.size() > 1) {
            throw new VirtException(ErrorCode.MULTIPLE_DOMAINS, ErrorDomain.HYPERV,
                "Multiple domains exist with the name '" + name + "': repeat the request using a UUID");
        }
        return found.stream().findFirst();
    }

    @Override
    public Optional<Vm> byId(int id) {
        if (id < 0) {
            return Optional.empty();
        }
        return query(SELECT_VMS + "AND ProcessID = " + id).stream().filter(Vm::active).findFirst();
    }

    @Override
    public DomainRef ref(Vm vm) {
        return vm.ref();
    }

    @Override
    public String noSuchName(String name) {
        return "No domain with name " + name;
    }

    @Override
    public String noSuchUuid(UUID uuid) {
        return "No domain with UUID " + uuid;
    }

    @Override
    public String noSuchId(int id) {
        return "No domain with ID " + id;
    }
}
