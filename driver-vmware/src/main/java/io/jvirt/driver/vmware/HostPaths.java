package io.jvirt.driver.vmware;

import java.nio.file.Path;
import java.util.Locale;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.kit.vmx.VmxContext;

/**
 * The desktop products' file names: a .vmx file names host paths and the domain XML shows them as
 * they are (libvirt's vmwareParseVMXFileName and vmwareFormatVMXFileName copy the name), and the
 * .vmx of a definition goes beside its first file-backed hard disk (vmwareVmxPath).
 */
final class HostPaths implements VmxContext {

    static final HostPaths INSTANCE = new HostPaths();

    private HostPaths() {
    }

    @Override
    public String parseFileName(String vmxFileName, boolean allowMissing) {
        return vmxFileName;
    }

    @Override
    public String formatFileName(String domainFileName) {
        return domainFileName;
    }

    /**
     * libvirt's vmwareVmxPath: {@code DIR/NAME.vmx} where DIR is the directory of the first disk
     * that is a file-backed hard disk, which must be a .vmdk. jvirt runs as root and writes this
     * file, so the disk's path must also be absolute and free of "." and ".." steps (libvirt would
     * write a relative one into its daemon's working directory).
     */
    static Path vmxPath(DomainDef def) {
        if (def.disks().isEmpty()) {
            throw error("Domain XML doesn't contain any disks, cannot deduce datastore and path for VMX file");
        }
        DiskDef disk = null;
        for (DiskDef d : def.disks()) {
            if ("disk".equals(d.device()) && "file".equals(d.type())) {
                disk = d;
                break;
            }
        }
        if (disk == null) {
            throw error("Domain XML doesn't contain any file-based harddisks, cannot deduce datastore and path for VMX file");
        }
        String src = disk.sourcePath();
        if (src == null || src.isEmpty()) {
            throw error("First file-based harddisk has no source, cannot deduce datastore and path for VMX file");
        }
        int slash = src.lastIndexOf('/');
        if (slash >= 0 && slash == src.length() - 1) {
            throw error("path '" + src + "' doesn't reference a file");
        }
        String file = src.substring(slash + 1);
        if (!file.toLowerCase(Locale.ROOT).endsWith(".vmdk")) {
            throw error("Expecting source '" + src + "' of first file-based harddisk to be a VMDK image");
        }
        Path p = Path.of(src);
        if (!p.isAbsolute() || !p.normalize().equals(p) || src.contains("/./") || src.contains("//")) {
            throw error("Expecting source '" + src + "' of first file-based harddisk to be an absolute path");
        }
        return p.getParent().resolve(def.name() + ".vmx");
    }

    private static VirtException error(String message) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VMWARE, message);
    }
}
