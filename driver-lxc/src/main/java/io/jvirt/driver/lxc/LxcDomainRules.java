package io.jvirt.driver.lxc;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CharDeviceDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainDefDefaults;
import io.jvirt.api.domain.FilesystemDef;
import io.jvirt.api.domain.HostdevDef;
import io.jvirt.api.domain.InterfaceDef;
import io.jvirt.core.kit.StateStore;

/**
 * What the LXC driver accepts in a definition (libvirt's lxc_domain.c post-parse and
 * lxc_process.c start checks) and its defaults: the init defaults to /sbin/init.
 */
final class LxcDomainRules implements DomainDefDefaults {

    static final LxcDomainRules INSTANCE = new LxcDomainRules();

    @Override
    public void apply(DomainDef def) {
        if (!"lxc".equals(def.type())) {
            throw unsupported("domain type '" + def.type() + "' is not supported by the LXC driver (use <domain type='lxc'>)");
        }
        if (!"exe".equals(def.osType())) {
            throw unsupported("OS type '" + def.osType() + "' is not supported by the LXC driver (use <type>exe</type>)");
        }
        if (def.os().init() == null || def.os().init().isBlank()) {
            def.os().init("/sbin/init");
        }
        int port = 0;
        for (CharDeviceDef c : def.charDevices()) {
            if ("console".equals(c.kind())) {
                // libvirt's LXC post-parse: consoles are the container's, <target type='lxc' port='N'/>
                if (c.targetType() == null) {
                    c.targetType("lxc");
                }
                if (c.targetPort() == null) {
                    c.targetPort(port);
                }
                port++;
            }
        }
        StateStore.checkName(def.name());
    }

    /** The filesystem mounted at '/', or null (the container then shares the host's root: see ContainerControl.ensureRootFilesystem). */
    static FilesystemDef rootFilesystem(DomainDef def) {
        for (FilesystemDef fs : def.filesystems()) {
            if ("/".equals(fs.target())) {
                return fs;
            }
        }
        return null;
    }

    /** libvirt's schema for an initenv name (domaincommon.rng): {@code [a-zA-Z_]+[a-zA-Z0-9_]*}. */
    private static final java.util.regex.Pattern INITENV_NAME = java.util.regex.Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /**
     * What a new definition (define, create) must be beyond parsing: initenv names a shell and
     * libvirt's schema accept, capability switches libvirt knows. Not applied to the configs loaded
     * at driver start (a stricter rule must not quarantine what was accepted before); a start
     * checks them again.
     */
    static void checkNew(DomainDef def) {
        checkInitEnv(def);
        LxcCapabilities.of(def);
    }

    /** Every initenv name matches libvirt's schema: it can only ever be a variable name. */
    static void checkInitEnv(DomainDef def) {
        for (String name : def.os().initEnv().keySet()) {
            if (!INITENV_NAME.matcher(name).matches()) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                    "invalid initenv name '" + name + "': it must match [a-zA-Z_]+[a-zA-Z0-9_]*");
            }
        }
    }

    /**
     * The checks made before anything is created for a start: the init path is absolute, initenv
     * names and capability switches are valid, the root filesystem and every mount source exist,
     * the features this milestone does not run are refused with a clear message rather than
     * silently ignored. Returns the root filesystem's host directory ("/" when the host's is shared).
     */
    static Path checkStartable(DomainDef def) {
        String init = def.os().init();
        if (!init.startsWith("/")) {
            throw unsupported("init path '" + init + "' must be absolute");
        }
        checkNew(def);
        IdMap.of(def); // validates
        Path rootfs = null;
        for (FilesystemDef fs : def.filesystems()) {
            if (fs.target() == null || !fs.target().startsWith("/")) {
                throw unsupported("filesystem target '" + fs.target() + "' must be an absolute path");
            }
            if ("ram".equals(fs.type())) {
                continue;
            }
            if (!"mount".equals(fs.type()) && !"bind".equals(fs.type())) {
                throw unsupported("filesystem type '" + fs.type() + "' is not supported by the LXC driver");
            }
            if (fs.source() == null || !fs.source().startsWith("/")) {
                throw unsupported("filesystem source '" + fs.source() + "' must be an absolute path");
            }
            Path src = Path.of(fs.source());
            if (!Files.exists(src)) {
                throw new VirtException(ErrorCode.NO_SOURCE, ErrorDomain.LXC,
                    "Failed to access '" + fs.source() + "': No such file or directory");
            }
            if ("/".equals(fs.target())) {
                if (!Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
                    throw new VirtException(ErrorCode.NO_SOURCE, ErrorDomain.LXC,
                        "root filesystem '" + fs.source() + "' is not a directory");
                }
                rootfs = src.toAbsolutePath().normalize();
            }
        }
        console(def);
        for (InterfaceDef net : def.interfaces()) {
            if (!"bridge".equals(net.type()) && !"ethernet".equals(net.type()) && !"network".equals(net.type())) {
                throw unsupported("network interface type '" + net.type()
                    + "' is not supported by jvirt's LXC driver yet (use 'network', 'bridge' or 'ethernet')");
            }
        }
        if (!def.devices(HostdevDef.class).isEmpty()) {
            // libvirt moves a host interface (lxc-tools phys/vlan networks) or device node into the
            // container; starting without it would be a container on another network than it asked for
            throw unsupported("host devices (<hostdev>) are not supported by jvirt's LXC driver yet");
        }
        return rootfs;
    }

    /**
     * The container's console: null (none: init's output goes to the domain log), or the one
     * {@code <console>}, of type pty (a relayed pseudo-terminal) or file (init's output to the
     * file). Other types, and more than one console, are refused rather than ignored.
     */
    static CharDeviceDef console(DomainDef def) {
        CharDeviceDef found = null;
        for (CharDeviceDef c : def.charDevices()) {
            if (!"console".equals(c.kind())) {
                continue;
            }
            if (found != null) {
                throw unsupported("jvirt's LXC driver supports one console only");
            }
            if (!"pty".equals(c.type()) && !"file".equals(c.type())) {
                throw unsupported("console type '" + c.type() + "' is not supported by the LXC driver (use 'pty' or 'file')");
            }
            if ("file".equals(c.type())) {
                String path = c.sources().isEmpty() ? null : c.sources().get(0).path();
                if (path == null || !path.startsWith("/")) {
                    throw unsupported("a file console needs an absolute <source path='...'/>");
                }
            }
            found = c;
        }
        return found;
    }

    static VirtException unsupported(String msg) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LXC, msg); // the code adds "unsupported configuration: "
    }
}
