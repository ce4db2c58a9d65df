package io.jvirt.driver.vmware;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.kit.AtomicFiles;
import io.jvirt.core.kit.PolledEventHub;
import io.jvirt.core.kit.local.NodeFacts;
import io.jvirt.core.kit.vmx.DomainToVmx;
import io.jvirt.core.kit.vmx.Vmx;
import io.jvirt.core.kit.vmx.VmxParser;
import io.jvirt.core.kit.vmx.VmxToDomain;

/**
 * One VMware product on this host, shared by every connection to its URI: vmrun for it, its
 * version, jvirt's list of the VMs defined for it, and what vmrun cannot tell and libvirt keeps in
 * memory (which VMs jvirt paused, each running VM's pid). Changes are serialized by
 * {@link #lock}, as libvirt's driver holds its lock around each change.
 */
final class VmwareHost {

    private static final Logger LOG = LoggerFactory.getLogger(VmwareHost.class);
    /** Longest .vmx read (libvirt reads 10000 bytes at most; a Workstation .vmx stays far below this). */
    static final int VMX_MAX = 1 << 20;
    /** Most lines of {@code vmrun list} taken. */
    static final int LIST_MAX = 4096;
    /** libvirt's vmware driver writes virtual hardware version 7. */
    static final int HW_VERSION = 7;

    final Object lock = new Object();
    private final Product product;
    private final VmwareSettings settings;
    private final Vmrun vmrun;
    private final long version;
    private final NodeFacts node;
    private final DefinedVms defined;
    private final Map<Path, Integer> pids = new ConcurrentHashMap<>();
    private final Set<Path> paused = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Integer> stopHints = new ConcurrentHashMap<>();
    private final PolledEventHub events = new PolledEventHub();
    private final Map<Path, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(long modified, long size, Vmx vmx) {
    }

    private VmwareHost(Product product, VmwareSettings settings, Vmrun vmrun, long version) {
        this.product = product;
        this.settings = settings;
        this.vmrun = vmrun;
        this.version = version;
        this.node = NodeFacts.local(ErrorDomain.VMWARE);
        this.defined = new DefinedVms(settings.stateDir().resolve(product.hostType() + ".vms"));
    }

    /** libvirt's vmwareConnectOpen after the URI: the version, then the first {@code vmrun list}. */
    static VmwareHost probe(VmwareSettings settings, Product product) {
        long version = VmwareVersion.probe(settings.versionProgram(product), product, settings.commandTimeout());
        Vmrun vmrun = new Vmrun(settings.vmrun(), product, settings.commandTimeout(), settings.startTimeout());
        VmwareHost host = new VmwareHost(product, settings, vmrun, version);
        host.reading();
        return host;
    }

    Product product() {
        return product;
    }

    VmwareSettings settings() {
        return settings;
    }

    Vmrun vmrun() {
        return vmrun;
    }

    long version() {
        return version;
    }

    NodeFacts node() {
        return node;
    }

    PolledEventHub events() {
        return events;
    }

    Map<UUID, Integer> stopHints() {
        return stopHints;
    }

    // ---------- reading ----------

    /** The absolute .vmx paths {@code vmrun list} names (libvirt skips every other line). */
    static Set<Path> parseList(String output) {
        Set<Path> out = new LinkedHashSet<>();
        for (String line : output.split("\n", LIST_MAX + 1)) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (out.size() >= LIST_MAX || !l.startsWith("/") || l.indexOf('\0') >= 0) {
                continue;
            }
            try {
                out.add(Path.of(l).normalize());
            } catch (IllegalArgumentException e) {
                // not a path
            }
        }
        return out;
    }

    private static boolean listed(Set<Path> running, Path vmx) {
        if (running.contains(vmx)) {
            return true;
        }
        try {
            // libvirt compares with the .vmx's path with every link resolved (virFileResolveAllLinks)
            return Files.exists(vmx) && running.contains(vmx.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Every VM now: jvirt's defined ones, each running if {@code vmrun list} names it, and the VMs
     * it names that jvirt has not defined (libvirt's vmwareLoadDomains takes those in at connect),
     * read from their .vmx; one of those that does not read, or repeats a known UUID, is left out.
     */
    List<Vm> reading() {
        Set<Path> running = parseList(vmrun.list());
        List<Vm> out = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        Set<Path> known = new HashSet<>();
        for (DefinedVms.Entry e : defined.all()) {
            boolean on = listed(running, e.vmx());
            out.add(vm(e.vmx(), e.name(), e.uuid(), true, on));
            seen.add(e.uuid());
            known.add(e.vmx());
            try {
                known.add(e.vmx().toRealPath());
            } catch (IOException x) {
                // gone: only the path as written
            }
        }
        for (Path p : running) {
            if (known.contains(p)) {
                continue;
            }
            try {
                Vmx vmx = vmx(p);
                String name = vmx.string("displayName", true);
                String uuid = vmx.uuid("uuid.bios", true);
                if (name == null || uuid == null || !seen.add(UUID.fromString(uuid))) {
                    continue;
                }
                out.add(vm(p, name, UUID.fromString(uuid), false, true));
            } catch (VirtException | IllegalArgumentException x) {
                LOG.debug("vmrun lists {}, which does not read: {}", p, x.getMessage());
            }
        }
        for (Path p : pids.keySet()) {
            if (out.stream().noneMatch(v -> v.running() && v.vmx().equals(p))) {
                pids.remove(p);
                paused.remove(p);
            }
        }
        return out;
    }

    private Vm vm(Path vmx, String name, UUID uuid, boolean persistent, boolean on) {
        if (!on) {
            pids.remove(vmx);
            paused.remove(vmx);
            return new Vm(vmx, name, uuid, persistent, false, false, -1);
        }
        Integer pid = pids.get(vmx);
        if (pid == null) {
            OptionalInt fromLog = VmwareLog.pid(vmx);
            if (fromLog.isPresent()) {
                pid = fromLog.getAsInt();
                pids.put(vmx, pid);
            }
        }
        return new Vm(vmx, name, uuid, persistent, true, paused.contains(vmx), pid == null ? -1 : pid);
    }

    /** The .vmx, read bounded (no link followed) and parsed, cached while its time and size stay. */
    Vmx vmx(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                throw new IOException("not a regular file");
            }
            if (a.size() > VMX_MAX) {
                throw new IOException("larger than " + VMX_MAX + " bytes");
            }
            Parsed p = parsed.get(path);
            if (p != null && p.modified() == a.lastModifiedTime().toMillis() && p.size() == a.size()) {
                return p.vmx();
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes(VMX_MAX + 1);
            }
            if (bytes.length > VMX_MAX) {
                throw new IOException("larger than " + VMX_MAX + " bytes");
            }
            Vmx vmx = VmxParser.parse(bytes);
            parsed.put(path, new Parsed(a.lastModifiedTime().toMillis(), a.size(), vmx));
            return vmx;
        } catch (IOException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VMWARE,
                "cannot read VMX file '" + path + "': " + e.getMessage(), e);
        }
    }

    DomainDef def(Vm vm) {
        return VmxToDomain.toDef(vmx(vm.vmx()), HostPaths.INSTANCE);
    }

    String xml(Vm vm) {
        return VmxToDomain.toXml(vmx(vm.vmx()), HostPaths.INSTANCE, vm.running() ? vm.id() : -1);
    }

    // ---------- what vmrun cannot tell ----------

    void started(Path vmx, int pid) {
        pids.put(vmx, pid);
        paused.remove(vmx);
    }

    void stopped(Path vmx) {
        pids.remove(vmx);
        paused.remove(vmx);
    }

    void setPaused(Path vmx, boolean p) {
        if (p) {
            paused.add(vmx);
        } else {
            paused.remove(vmx);
        }
    }

    // ---------- definitions ----------

    /**
     * libvirt's vmwareDomainDefineXMLFlags: the VMX text (virtual hardware 7), its path beside the
     * first .vmdk, the file written, the VM added to the list. virDomainObjListAdd's checks come
     * first (a UUID or a name taken by another VM). jvirt refuses every redefine (libvirt replaces
     * a shut-off VM's definition) and never replaces a .vmx that is not this VM's own (another
     * VM's, or any file the definition's disk path points next to): libvirt overwrites it.
     */
    Vm define(DomainDef def) {
        String vmxText = DomainToVmx.toVmx(def, HostPaths.INSTANCE, HW_VERSION);
        Path path = HostPaths.vmxPath(def);
        synchronized (lock) {
            for (Vm v : reading()) {
                if (v.uuid().equals(def.uuid()) && !v.name().equals(def.name())) {
                    throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.VMWARE,
                        "domain '" + v.name() + "' is already defined with uuid " + def.uuid());
                }
                if (v.uuid().equals(def.uuid())) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.VMWARE, v.running()
                        ? "domain '" + v.name() + "' is already active"
                        : "domain '" + v.name() + "' is already defined; jvirt's VMware driver does not edit definitions");
                }
                if (v.name().equals(def.name())) {
                    throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.VMWARE,
                        "domain '" + def.name() + "' already exists with uuid " + v.uuid());
                }
            }
            checkTarget(path, def);
            AtomicFiles.write(path, vmxText.getBytes(StandardCharsets.UTF_8), true);
            defined.add(new DefinedVms.Entry(def.uuid(), def.name(), path));
            return new Vm(path, def.name(), def.uuid(), true, false, false, -1);
        }
    }

    /**
     * The .vmx may be written: its directory exists, and the file is absent or a regular file that
     * is an earlier .vmx of this very VM (its uuid.bios, as after an undefine, which keeps the file).
     */
    private void checkTarget(Path path, DomainDef def) {
        Path dir = path.getParent();
        if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VMWARE,
                "Failed to write vmx file '" + path + "': no directory " + dir);
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String theirs = null;
        try {
            theirs = vmx(path).uuid("uuid.bios", true);
        } catch (VirtException e) {
            // not a .vmx that reads: not this VM's
        }
        if (theirs == null || !UUID.fromString(theirs).equals(def.uuid())) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.VMWARE,
                "Failed to write vmx file '" + path + "': the file exists and is not this domain's");
        }
    }

    /** libvirt's vmwareDomainUndefineFlags: the VM leaves the list, its files stay. */
    void undefine(Vm vm) {
        synchronized (lock) {
            defined.remove(vm.uuid());
        }
    }
}
