package io.jvirt.driver.esx;

import io.jvirt.core.kit.vmx.VmxContext;
import io.jvirt.core.kit.vmx.VmxParser;

/**
 * The ESX driver's file names, as libvirt's {@code esxParseVMXFileName} and
 * {@code esxFormatVMXFileName} map them: a .vmx file names {@code /vmfs/volumes/DATASTORE/path},
 * an absolute path outside any datastore, or a bare file beside the .vmx itself; the domain XML
 * names {@code [DATASTORE] path}. libvirt looks datastores up by their mount directory on the
 * server; this mapping takes the {@code /vmfs/volumes/NAME} form a host also offers, and never
 * reports a file as missing (libvirt's ESX driver does not check that files exist either).
 *
 * @param datastore      the datastore of the .vmx file (bare names live there)
 * @param directory      the .vmx file's directory inside it ("" at its root)
 * @param datacenterPath the inventory path of the VM's datacenter, written as
 *                       {@code <vmware:datacenterpath>}, or null
 */
public record DatastorePaths(String datastore, String directory, String datacenterPath) implements VmxContext {

    /** No VM around: libvirt's domxml-from-native uses "[?] ?" as the .vmx file's directory. */
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

    @Override
    public String parseFileName(String vmxName, boolean allowMissing) {
        if (vmxName.indexOf('/') < 0 && vmxName.indexOf('\\') < 0) {
            // a plain file name: the same directory as the .vmx file
            return "[" + datastore + "]" + (directory.isEmpty() ? "" : " " + directory) + "/" + vmxName;
        }
        if (vmxName.startsWith("/vmfs/volumes/")) {
            String rest = vmxName.substring("/vmfs/volumes/".length());
            int slash = rest.indexOf('/');
            String ds = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash + 1).replaceFirst("^/+", "");
            if (ds.isEmpty() || path.isEmpty()) {
                throw VmxParser.error("File name '" + vmxName + "' doesn't have expected format "
                    + "'/vmfs/volumes/<datastore>/<path>'");
            }
            return "[" + ds + "] " + path;
        }
        if (vmxName.startsWith("/")) {
            // an absolute path outside of a datastore is used as is
            return vmxName;
        }
        throw VmxParser.error("Could not handle file name '" + vmxName + "'");
    }

    @Override
    public String formatFileName(String domainPath) {
        return toVmx(domainPath);
    }

    @Override
    public String datacenterPath() {
        return datacenterPath;
    }

    /** The VMX file name of a domain XML path ("[ds] dir/f" is /vmfs/volumes/ds/dir/f). */
    public static String toVmx(String domainPath) {
        if (domainPath.startsWith("[")) {
            // esxUtil_ParseDatastorePath: "[<datastore>] <path>", the path optional
            int close = domainPath.indexOf(']');
            String ds = close < 0 ? domainPath.substring(1) : domainPath.substring(1, close);
            if (ds.isEmpty()) {
                throw VmxParser.error("Datastore path '" + domainPath + "' doesn't have expected format"
                    + " '[<datastore>] <path>'");
            }
            String path = close < 0 ? "" : domainPath.substring(close + 1).replaceFirst("^ +", "");
            return "/vmfs/volumes/" + ds + "/" + path;
        }
        if (domainPath.startsWith("/")) {
            return domainPath;
        }
        throw VmxParser.error("Could not handle file name '" + domainPath + "'");
    }
}
