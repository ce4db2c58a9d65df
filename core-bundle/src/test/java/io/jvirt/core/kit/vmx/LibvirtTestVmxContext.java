package io.jvirt.core.kit.vmx;

import io.jvirt.api.domain.DiskDef;

/**
 * The VMX context of libvirt's own test programs: {@code testParseVMXFileName} of
 * tests/vmx2xmltest.c ("[datastore] directory/" for bare names, datastores and files named
 * "missing..." do not exist, relative paths fail), {@code testFormatVMXFileName} and
 * {@code testAutodetectSCSIControllerModel} (always lsilogic) of tests/xml2vmxtest.c.
 */
record LibvirtTestVmxContext(String datacenterPath) implements VmxContext {

    static final LibvirtTestVmxContext PLAIN = new LibvirtTestVmxContext(null);

    @Override
    public String parseFileName(String fileName, boolean allowMissing) {
        if (fileName.startsWith("/vmfs/volumes/")) {
            String rest = fileName.substring("/vmfs/volumes/".length()).replaceFirst("^/+", "");
            int slash = rest.indexOf('/');
            String datastore = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash + 1).replaceFirst("^/+", "");
            if (datastore.isEmpty() || path.isEmpty()) {
                throw VmxParser.error("test callback: cannot parse '" + fileName + "'");
            }
            if (datastore.equals("missing") || path.startsWith("missing")) {
                if (allowMissing) {
                    return null;
                }
                throw VmxParser.error("Referenced missing file '" + fileName + "'");
            }
            return "[" + datastore + "] " + path;
        }
        if (fileName.startsWith("/")) {
            return fileName;
        }
        if (fileName.contains("/")) {
            throw VmxParser.error("test callback: relative path '" + fileName + "'");
        }
        return "[datastore] directory/" + fileName;
    }

    @Override
    public String formatFileName(String src) {
        if (src.startsWith("[")) {
            int close = src.indexOf(']');
            String datastore = close < 0 ? src.substring(1) : src.substring(1, close);
            if (datastore.isEmpty()) {
                throw VmxParser.error("test callback: cannot format '" + src + "'");
            }
            String path = close < 0 ? "" : src.substring(close + 1).replaceFirst("^ +", "");
            return "/vmfs/volumes/" + datastore + "/" + path;
        }
        if (src.startsWith("/")) {
            return src;
        }
        throw VmxParser.error("test callback: cannot format '" + src + "'");
    }

    @Override
    public boolean autodetectsScsiControllerModel() {
        return true;
    }

    @Override
    public String autodetectScsiControllerModel(DiskDef disk) {
        return "lsilogic";
    }
}
