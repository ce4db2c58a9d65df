package io.jvirt.driver.vz;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.jvirt.core.kit.DomainListFilter;
import io.jvirt.core.kit.remote.DomainInventory;
import io.jvirt.core.spi.DomainRef;

/**
 * The environments Virtuozzo has, asked on every call ({@code prlctl list -a -i -j}: one call gives
 * every environment with its state and hardware), so another client's changes are seen at once;
 * libvirt's vz driver keeps a copy it refreshes from the SDK's events, which the command line does
 * not have.
 */
final class VzInventory implements DomainInventory<VzEnv> {

    private final VzTools tools;

    VzInventory(VzTools tools) {
        this.tools = tools;
    }

    @Override
    public List<VzEnv> list(DomainListFilter filter) {
        return VzListing.parse(tools.prlctl("list", "-a", "-i", "-j"));
    }

    List<VzEnv> all() {
        return list(DomainListFilter.of(0));
    }

    @Override
    public DomainListFilter.Facts<VzEnv> facts(DomainListFilter filter) {
        // every environment is persistent; a suspended one has libvirt's managed save
        return DomainListFilter.facts(e -> e.state().active(), e -> true, e -> e.state().libvirt(),
            e -> e.state() == VzState.SUSPENDED, e -> false, e -> false);
    }

    @Override
    public Optional<VzEnv> byUuid(UUID uuid) {
        return all().stream().filter(e -> e.uuid().equals(uuid)).findFirst();
    }

    @Override
    public Optional<VzEnv> byName(String name) {
        return all().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    @Override
    public Optional<VzEnv> byId(int id) {
        if (id < 0) {
            return Optional.empty();
        }
        return all().stream().filter(e -> e.id() == id).findFirst();
    }

    @Override
    public DomainRef ref(VzEnv e) {
        return e.ref();
    }

    // libvirt's vz wording of unknown domains (vzDomLookupBy*: "no domain with matching ...")

    @Override
    public String noSuchName(String name) {
        return "no domain with matching name '" + name + "'";
    }

    @Override
    public String noSuchUuid(UUID uuid) {
        return "no domain with matching uuid '" + uuid + "'";
    }

    @Override
    public String noSuchId(int id) {
        return "no domain with matching id " + id;
    }
}
