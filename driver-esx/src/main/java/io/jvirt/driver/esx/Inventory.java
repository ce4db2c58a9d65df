package io.jvirt.driver.esx;

import java.util.List;
import java.util.Optional;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * Where a connection works in the inventory, resolved once at open (libvirt's
 * {@code esxVI_Context_LookupManagedObjects} / {@code ...ByPath}): the datacenter, its VM folder,
 * the compute resource with its root resource pool, and the host system. ESX hosts have exactly
 * one of each; a {@code vpx://} URI names them: {@code /datacenter/[cluster/]host}.
 */
record Inventory(MoRef datacenter, String datacenterName, MoRef vmFolder, MoRef computeResource,
                 MoRef resourcePool, MoRef hostSystem, String hostName, List<MoRef> datastores) {

    static Inventory resolve(VimSession s, EsxUri uri) {
        MoRef root = s.content().rootFolder();
        List<ObjectContent> dcs = s.retrieve(root, "Datacenter", true, "name", "vmFolder", "hostFolder", "datastore");
        ObjectContent dc = pick(dcs, uri.datacenter(), "datacenter");
        MoRef hostFolder = dc.ref("hostFolder");
        List<ObjectContent> crs = s.retrieve(hostFolder, "ComputeResource", true, "name", "host", "resourcePool");
        ObjectContent cr = pick(crs, uri.cluster(), "compute resource");
        List<ObjectContent> hosts = s.retrieve(cr.obj(), "HostSystem", true, "name");
        ObjectContent host;
        if (uri.hostSystem() == null && uri.cluster() != null && hosts.size() > 1) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.ESX, "Path has to specify the host system"
                + " in cluster '" + uri.cluster() + "'");
        }
        host = pick(hosts, uri.hostSystem(), "host system");
        return new Inventory(dc.obj(), dc.str("name"), dc.ref("vmFolder"), cr.obj(), cr.ref("resourcePool"),
            host.obj(), host.str("name"), dc.refs("datastore"));
    }

    /** The one named {@code name}, or the only one when {@code name} is null. */
    private static ObjectContent pick(List<ObjectContent> all, String name, String what) {
        if (name == null) {
            if (all.isEmpty()) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.ESX, "Could not find a " + what);
            }
            // ESX: one datacenter ("ha-datacenter"), one compute resource, one host
            return all.get(0);
        }
        Optional<ObjectContent> hit = all.stream().filter(o -> name.equals(o.str("name"))).findFirst();
        return hit.orElseThrow(() -> new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.ESX,
            "Could not find " + what + " specified in '" + name + "'"));
    }
}
