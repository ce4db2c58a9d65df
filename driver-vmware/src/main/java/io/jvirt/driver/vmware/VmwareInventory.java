package io.jvirt.driver.vmware;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.jvirt.core.kit.DomainListFilter;
import io.jvirt.core.kit.remote.DomainInventory;
import io.jvirt.core.spi.DomainRef;

/**
 * The VMs of one product, read fresh on every call as libvirt's driver refreshes every VM with
 * {@code vmrun list} before it answers (vmwareDomainObjListUpdateAll): jvirt's list of defined VMs
 * and one {@code vmrun list}.
 */
final class VmwareInventory implements DomainInventory<Vm> {

    private final VmwareHost host;

    VmwareInventory(VmwareHost host) {
        this.host = host;
    }

    @Override
    public List<Vm> list(DomainListFilter filter) {
        return host.reading();
    }

    @Override
    public DomainListFilter.Facts<Vm> facts(DomainListFilter filter) {
        return DomainListFilter.facts(Vm::running, Vm::persistent, Vm::state, v -> false, v -> false, v -> false);
    }

    @Override
    public Optional<Vm> byUuid(UUID uuid) {
        return host.reading().stream().filter(v -> v.uuid().equals(uuid)).findFirst();
    }

    @Override
    public Optional<Vm> byId(int id) {
        if (id <= 0) {
            return Optional.empty();
        }
        return host.reading().stream().filter(v -> v.running() && v.id() == id).findFirst();
    }

    @Override
    public DomainRef ref(Vm vm) {
        return vm.ref();
    }

    // libvirt's vmware wording (vmwareDomainLookupByID quotes the id)

    @Override
    public String noSuchId(int id) {
        return "no domain with matching id '" + id + "'";
    }
}
