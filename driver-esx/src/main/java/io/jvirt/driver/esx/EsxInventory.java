package io.jvirt.driver.esx;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.w3c.dom.Element;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.ListFilter;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.DomainListFilter;
import io.jvirt.core.kit.remote.DomainInventory;
import io.jvirt.core.kit.remote.XmlDom;
import io.jvirt.core.spi.DomainRef;

/**
 * The ESX driver's inventory port: the virtual machines of the connection's datacenter, asked of
 * the server on every call as libvirt's ESX driver asks. A listing is one {@code RetrieveProperties}
 * over the datacenter's VM folder ({@code esxVI_LookupVirtualMachineList}); a domain's UUID is
 * looked up on the server ({@code SearchIndex.FindByUuid}, then that VM's properties:
 * {@code esxVI_LookupVirtualMachineByUuid}), so a call on one domain never fetches them all; names
 * and ids are found in the listing, as libvirt finds them.
 *
 * <p>Every ESX domain is persistent and none has a managed save image; autostart is the host's
 * autostart list (read once per listing, and only for a listing that filters on it), a snapshot
 * is a root snapshot tree (read only then too).
 */
final class EsxInventory implements DomainInventory<VmInfo> {

    private final VimSession s;
    private final Inventory inventory;
    private final HostAutostart autostart;

    EsxInventory(VimSession s, Inventory inventory, HostAutostart autostart) {
        this.s = s;
        this.inventory = inventory;
        this.autostart = autostart;
    }

    @Override
    public List<VmInfo> list(DomainListFilter filter) {
        String[] props = filter.asks(ListFilter.HAS_SNAPSHOT) ? VmInfo.PROPS_AND_SNAPSHOTS : VmInfo.PROPS;
        List<VmInfo> out = new ArrayList<>();
        for (ObjectContent o : s.retrieve(inventory.vmFolder(), "VirtualMachine", true, props)) {
            VmInfo vm = VmInfo.from(o);
            if (vm != null) {
                out.add(vm);
            }
        }
        return out;
    }

    @Override
    public DomainListFilter.Facts<VmInfo> facts(DomainListFilter filter) {
        var listing = new Object() {
            Set<MoRef> autostarted;
        };
        return DomainListFilter.facts(vm -> !vm.poweredOff(), vm -> true, VmInfo::state, vm -> false, vm -> {
            if (listing.autostarted == null) {
                // once for the whole listing, as libvirt's esxConnectListAllDomains reads it
                listing.autostarted = autostart.autostarted();
            }
            return listing.autostarted.contains(vm.ref());
        }, VmInfo::hasSnapshot);
    }

    @Override
    public Optional<VmInfo> byUuid(UUID uuid) {
        MoRef searchIndex = s.content().searchIndex();
        if (searchIndex == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.ESX,
                "'" + s.client().url() + "' names no SearchIndex in its service content");
        }
        Element found = s.call(new SoapWriter("FindByUuid", searchIndex).ref("datacenter", inventory.datacenter())
            .text("uuid", uuid.toString()).text("vmSearch", true));
        MoRef ref = MoRef.of(XmlDom.child(found, "returnval"));
        if (ref == null) {
            return Optional.empty();
        }
        try {
            // a VM the server found but cannot read (inaccessible, half created) is none, as in a listing
            return Optional.ofNullable(VmInfo.from(s.retrieve(ref, VmInfo.PROPS))).filter(vm -> vm.uuid().equals(uuid));
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_DOMAIN) {
                // ManagedObjectNotFound: gone between the two calls
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public DomainRef ref(VmInfo vm) {
        return vm.domainRef();
    }

    @Override
    public String noSuchName(String name) {
        return "Could not find domain with name '" + name + "'";
    }

    @Override
    public String noSuchUuid(UUID uuid) {
        return "Could not find domain with UUID '" + uuid + "'";
    }

    @Override
    public String noSuchId(int id) {
        return "No domain with ID " + id;
    }
}
