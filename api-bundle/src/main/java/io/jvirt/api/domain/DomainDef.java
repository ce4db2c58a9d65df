package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A domain definition: what libvirt's domain XML says about one guest. Mutable, with fluent
 * setters; drivers copy a definition ({@link #copy()}, a deep copy) before they change one that
 * others may read. Embedders build one in code with {@link #builder()} or the fluent setters and
 * {@link DomainXml#format(DomainDef)} it.
 *
 * <p>The typed parts are {@link MemoryDef memory}, {@link VcpuDef vcpu}, {@link OsDef os},
 * {@link CpuDef cpu}, {@link FeaturesDef features}, {@link ClockDef clock}, {@link PmDef pm},
 * {@link IdMapDef idmap}, {@link MemoryBackingDef memoryBacking} and the {@link #devices() devices}.
 * Top-level elements libvirt knows but this model does not interpret (cputune, numatune, sysinfo,
 * seclabel, ...) are {@link #kept() kept as parsed} and written back at libvirt's position.
 */
public final class DomainDef {

    private String type = "test";
    private String name;
    private UUID uuid;
    private String title;
    private String description;
    private XmlElement metadata;
    private MemoryDef memory = new MemoryDef();
    private VcpuDef vcpu = new VcpuDef();
    private Integer iothreads;
    private OsDef os = new OsDef();
    private CpuDef cpu;
    private FeaturesDef features;
    private ClockDef clock;
    private PmDef pm;
    private IdMapDef idmap;
    private MemoryBackingDef memoryBacking;
    private String onPoweroff;
    private String onReboot;
    private String onCrash;
    private String emulator;
    // null while empty, behind modifiable views (LazyList, LazyMap): an empty list or map per
    // domain and field was memory each defined domain held for nothing (issue 27)
    private List<DeviceDef> devices;
    private List<XmlElement> kept;
    private Map<String, String> rootNamespaces;

    /** A builder for definitions made in code; see {@link DomainDefBuilder}. */
    public static DomainDefBuilder builder() {
        return new DomainDefBuilder();
    }

    /** A deep copy: changing the copy (or anything reachable from it) never changes this one. */
    public DomainDef copy() {
        DomainDef c = new DomainDef();
        c.type = type;
        c.name = name;
        c.uuid = uuid;
        c.title = title;
        c.description = description;
        c.metadata = metadata == null ? null : metadata.copy();
        c.memory = memory.copy();
        c.vcpu = vcpu.copy();
        c.iothreads = iothreads;
        c.os = os.copy();
        c.cpu = cpu == null ? null : cpu.copy();
        c.features = features == null ? null : features.copy();
        c.clock = clock == null ? null : clock.copy();
        c.pm = pm == null ? null : pm.copy();
        c.idmap = idmap == null ? null : idmap.copy();
        c.memoryBacking = memoryBacking == null ? null : memoryBacking.copy();
        c.onPoweroff = onPoweroff;
        c.onReboot = onReboot;
        c.onCrash = onCrash;
        c.emulator = emulator;
        if (devices != null && !devices.isEmpty()) {
            c.devices = new ArrayList<>(devices.size());
            devices.forEach(d -> c.devices.add(d.copy()));
        }
        if (kept != null && !kept.isEmpty()) {
            c.kept = new ArrayList<>(kept.size());
            kept.forEach(e -> c.kept.add(e.copy()));
        }
        if (rootNamespaces != null && !rootNamespaces.isEmpty()) {
            c.rootNamespaces = new LinkedHashMap<>(rootNamespaces);
        }
        return c;
    }

    /** The {@code domain@type} attribute: the hypervisor type ("qemu", "kvm", "lxc", "test", ...). */
    public String type() {
        return type;
    }

    public DomainDef type(String type) {
        this.type = type;
        return this;
    }

    /** The domain name: not empty, no '/'. */
    public String name() {
        return name;
    }

    public DomainDef name(String name) {
        this.name = name;
        return this;
    }

    public UUID uuid() {
        return uuid;
    }

    public DomainDef uuid(UUID uuid) {
        this.uuid = uuid;
        return this;
    }

    public String title() {
        return title;
    }

    public DomainDef title(String title) {
        this.title = title;
        return this;
    }

    public String description() {
        return description;
    }

    public DomainDef description(String description) {
        this.description = description;
        return this;
    }

    /** The {@code <metadata>} element kept verbatim with its namespaces, or null. */
    public XmlElement metadata() {
        return metadata;
    }

    public DomainDef metadata(XmlElement metadata) {
        this.metadata = metadata;
        return this;
    }

    /** Memory sizes. */
    public MemoryDef memory() {
        return memory;
    }

    public DomainDef memory(MemoryDef memory) {
        this.memory = Objects.requireNonNull(memory, "memory");
        return this;
    }

    /** The maximum memory at boot ({@code <memory>}) in KiB. */
    public long memoryKiB() {
        return memory.memoryKiB();
    }

    public DomainDef memoryKiB(long kib) {
        memory.memoryKiB(kib);
        return this;
    }

    /** The current memory ({@code <currentMemory>}) in KiB; equals {@link #memoryKiB()} when absent. */
    public long currentMemoryKiB() {
        Long c = memory.currentMemoryKiB();
        return c == null || c == 0 ? memory.memoryKiB() : c;
    }

    public DomainDef currentMemoryKiB(long kib) {
        memory.currentMemoryKiB(kib == 0 ? null : kib);
        return this;
    }

    /** The {@code <vcpu>} element. */
    public VcpuDef vcpu() {
        return vcpu;
    }

    public DomainDef vcpu(VcpuDef vcpu) {
        this.vcpu = Objects.requireNonNull(vcpu, "vcpu");
        return this;
    }

    /** The maximum number of virtual CPUs ({@code <vcpu>}). */
    public int vcpus() {
        return vcpu.max();
    }

    public DomainDef vcpus(int vcpus) {
        vcpu.max(vcpus);
        return this;
    }

    /** The number of virtual CPUs online at boot ({@code vcpu@current}); {@link #vcpus()} when absent. */
    public int currentVcpus() {
        Integer c = vcpu.current();
        return c == null || c == 0 ? vcpu.max() : c;
    }

    public DomainDef currentVcpus(int current) {
        vcpu.current(current == 0 ? null : current);
        return this;
    }

    /** {@code <iothreads>}: the number of I/O threads, or null. */
    public Integer iothreads() {
        return iothreads;
    }

    public DomainDef iothreads(Integer iothreads) {
        this.iothreads = iothreads;
        return this;
    }

    /** The {@code <os>} element. */
    public OsDef os() {
        return os;
    }

    public DomainDef os(OsDef os) {
        this.os = Objects.requireNonNull(os, "os");
        return this;
    }

    public String osType() {
        return os.type();
    }

    public DomainDef osType(String osType) {
        os.type(osType);
        return this;
    }

    public String arch() {
        return os.arch();
    }

    public DomainDef arch(String arch) {
        os.arch(arch);
        return this;
    }

    public String machine() {
        return os.machine();
    }

    public DomainDef machine(String machine) {
        os.machine(machine);
        return this;
    }

    /** The {@code <cpu>} element, or null. */
    public CpuDef cpu() {
        return cpu;
    }

    public DomainDef cpu(CpuDef cpu) {
        this.cpu = cpu;
        return this;
    }

    /** The {@code <features>} element, or null. */
    public FeaturesDef features() {
        return features;
    }

    public DomainDef features(FeaturesDef features) {
        this.features = features;
        return this;
    }

    /** The {@code <clock>} element, or null (formatted as libvirt's default, {@code offset='utc'}). */
    public ClockDef clock() {
        return clock;
    }

    public DomainDef clock(ClockDef clock) {
        this.clock = clock;
        return this;
    }

    /** The {@code <pm>} element, or null. */
    public PmDef pm() {
        return pm;
    }

    public DomainDef pm(PmDef pm) {
        this.pm = pm;
        return this;
    }

    /** The {@code <idmap>} element (container user namespace), or null. */
    public IdMapDef idmap() {
        return idmap;
    }

    public DomainDef idmap(IdMapDef idmap) {
        this.idmap = idmap;
        return this;
    }

    /** The {@code <memoryBacking>} element, or null. */
    public MemoryBackingDef memoryBacking() {
        return memoryBacking;
    }

    public DomainDef memoryBacking(MemoryBackingDef memoryBacking) {
        this.memoryBacking = memoryBacking;
        return this;
    }

    /** {@code <on_poweroff>}: destroy, restart, preserve, rename-restart (null: destroy). */
    public String onPoweroff() {
        return onPoweroff;
    }

    public DomainDef onPoweroff(String action) {
        this.onPoweroff = action;
        return this;
    }

    /** {@code <on_reboot>} (null: restart). */
    public String onReboot() {
        return onReboot;
    }

    public DomainDef onReboot(String action) {
        this.onReboot = action;
        return this;
    }

    /** {@code <on_crash>}: also coredump-destroy, coredump-restart (null: destroy). */
    public String onCrash() {
        return onCrash;
    }

    public DomainDef onCrash(String action) {
        this.onCrash = action;
        return this;
    }

    /** {@code <devices><emulator>}, or null. */
    public String emulator() {
        return emulator;
    }

    public DomainDef emulator(String emulator) {
        this.emulator = emulator;
        return this;
    }

    /** All devices in definition order (modifiable); the formatter groups them by kind as libvirt does. */
    public List<DeviceDef> devices() {
        return devices != null ? devices : new LazyList<>(this::devices);
    }

    private List<DeviceDef> devices(boolean make) {
        if (devices == null && make) {
            devices = new ArrayList<>();
        }
        return devices;
    }

    /** The devices of one class, in order (a snapshot). */
    public <T extends DeviceDef> List<T> devices(Class<T> kind) {
        List<T> out = new ArrayList<>();
        if (devices == null) {
            return out;
        }
        for (DeviceDef d : devices) {
            if (kind.isInstance(d)) {
                out.add(kind.cast(d));
            }
        }
        return out;
    }

    public List<DiskDef> disks() {
        return devices(DiskDef.class);
    }

    public List<InterfaceDef> interfaces() {
        return devices(InterfaceDef.class);
    }

    public List<GraphicsDef> graphics() {
        return devices(GraphicsDef.class);
    }

    public List<ControllerDef> controllers() {
        return devices(ControllerDef.class);
    }

    public List<FilesystemDef> filesystems() {
        return devices(FilesystemDef.class);
    }

    /** Serials, parallels, consoles and channels. */
    public List<CharDeviceDef> charDevices() {
        return devices(CharDeviceDef.class);
    }

    public DomainDef addDevice(DeviceDef device) {
        devices(true).add(Objects.requireNonNull(device, "device"));
        return this;
    }

    /** Top-level elements known to libvirt but not interpreted here, as parsed (modifiable). */
    public List<XmlElement> kept() {
        return kept != null ? kept : new LazyList<>(this::kept);
    }

    private List<XmlElement> kept(boolean make) {
        if (kept == null && make) {
            kept = new ArrayList<>(1);
        }
        return kept;
    }

    /** The kept top-level element with this name, or null. */
    public XmlElement kept(String elementName) {
        if (kept == null) {
            return null;
        }
        for (XmlElement e : kept) {
            if (e.name().equals(elementName)) {
                return e;
            }
        }
        return null;
    }

    /** Namespace declarations written on {@code <domain>} for hypervisor extension elements. */
    public Map<String, String> rootNamespaces() {
        return rootNamespaces != null ? rootNamespaces : new LazyMap<>(this::rootNamespaces);
    }

    private Map<String, String> rootNamespaces(boolean make) {
        if (rootNamespaces == null && make) {
            rootNamespaces = new LinkedHashMap<>(2);
        }
        return rootNamespaces;
    }
}
