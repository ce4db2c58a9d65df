package io.jvirt.driver.esx;

/**
 * The traversal specs of a property collector walk through the inventory: folders to their
 * children, datacenters to their VM and host folders and datastores, compute resources to their
 * hosts and resource pools (the walk libvirt's {@code esxVI_BuildSelectSetCollection} builds).
 */
final class Traversal {

    private Traversal() {
    }

    static void write(SoapWriter w) {
        spec(w, "visitFolders", "Folder", "childEntity",
            "visitFolders", "datacenterToVmFolder", "datacenterToHostFolder", "datacenterToDatastore",
            "computeResourceToHost", "computeResourceToResourcePool");
        spec(w, "datacenterToVmFolder", "Datacenter", "vmFolder", "visitFolders");
        spec(w, "datacenterToHostFolder", "Datacenter", "hostFolder", "visitFolders");
        spec(w, "datacenterToDatastore", "Datacenter", "datastore");
        spec(w, "computeResourceToHost", "ComputeResource", "host");
        spec(w, "computeResourceToResourcePool", "ComputeResource", "resourcePool");
    }

    private static void spec(SoapWriter w, String name, String type, String path, String... next) {
        w.open("selectSet", "TraversalSpec").text("name", name).text("type", type).text("path", path)
            .text("skip", "false");
        for (String n : next) {
            w.open("selectSet").text("name", n).close("selectSet");
        }
        w.close("selectSet");
    }
}
