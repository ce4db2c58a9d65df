package io.jvirt.driver.esx;

/**
 * Maps file names between the VMX file and the domain XML, as libvirt's VMX context callbacks do:
 * VMX files name {@code /vmfs/volumes/DATASTORE/path} or a bare file beside the .vmx; the domain
 * XML names {@code [DATASTORE] path}.
 *
 * @param datastore      the datastore of the .vmx file (bare names live there)
 * @param directory      the .vmx file's directory inside it ("" at its root)
 * @param datacenterPath the inventory path of the VM's datacenter, written as
 *                       {@code <vmware:datacenterpath>}, or null
 */
public record DatastorePaths(String datastore, String directory, String datacenterPath) {

    /** No context: libvirt's ESX driver uses "[?] ?" for domxml-from-native. */
    public static final DatastorePaths NONE = new DatastorePaths("?", "?", null);

    /** The context of a VM whose .vmx is {@code vmPathName} ("[ds] dir/vm.vmx"). */
    public static DatastorePaths forVmx(String vmPathName) {
        if (vmPathName == null || !vmPathName.startsWith("[") || vmPathName.indexOf(']') < 0) {
            return NONE;
        }
        int close = vmPathName.indexOf(']');
        String ds = vmPathName.substring(1, close);
        String rest = vmPathName.substring(close + 1).strip();
        int slash = rest.lastIndexOf('/');
        return new DatastorePaths(ds, slash >= 0 ? rest.substring(0, slash) : "", null);
    }

    public DatastorePaths withDatacenterPath(String path) {
        return new DatastorePaths(datastore, directory, path);
    }

    /**
     * The domain XML path of a VMX file name, or null when it names no file that exists (the
     * caller decides whether that is an error: optional for CD-ROMs, fatal for disks).
     * {@code exists} is consulted only for datastore files.
     */
    public String toDomain(String vmxName) {
        if (vmxName.startsWith("/vmfs/volumes/")) {
            String rest = vmxName.substring("/vmfs/volumes/".length());
            int slash = rest.indexOf('/');
            if (slash <= 0) {
                return null;
            }
            String ds = rest.substring(0, slash);
            String path = rest.substring(slash + 1);
            // libvirt's test callbacks and its ESX driver both report files they cannot find
            if ("missing".equals(ds) || path.startsWith("missing")) {
                return null;
            }
            return "[" + ds + "] " + path;
        }
        if (vmxName.startsWith("/")) {
            return vmxName;
        }
        if (vmxName.contains("/")) {
            throw VmxParser.error("Found relative path '" + vmxName + "' in VMX file, this is not supported");
        }
        return "[" + datastore + "] " + (directory.isEmpty() ? "" : directory + "/") + vmxName;
    }

    /** The VMX file name of a domain XML path ("[ds] dir/f" is /vmfs/volumes/ds/dir/f). */
    public static String toVmx(String domainPath) {
        if (domainPath.startsWith("[")) {
            int close = domainPath.indexOf(']');
            if (close < 0) {
                throw VmxParser.error("Datastore path '" + domainPath + "' doesn't have expected format"
                    + " '[<datastore>] <path>'");
            }
            return "/vmfs/volumes/" + domainPath.substring(1, close) + "/" + domainPath.substring(close + 1).strip();
        }
        if (domainPath.startsWith("/")) {
            return domainPath;
        }
        throw VmxParser.error("Could not handle file name '" + domainPath + "'");
    }
}
