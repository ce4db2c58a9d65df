package io.jvirt.driver.hyperv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The stand-in's Hyper-V host: the host's Win32 classes, its virtual machines with their settings,
 * and the jobs state changes start. Every method is called under the server's lock
 * ({@link WsmanStandIn} serialises requests), so the model needs no locking of its own.
 *
 * <p>A VM's state is kept as a logical state and shown as {@code EnabledState} in the encoding the
 * stand-in is set to: the vendor values libvirt's code knows (paused 32768, saved 32769) or the CIM
 * values a v2 host reports (paused 9, saved 6).
 */
final class StandInModel {

    static final String HOST = "HYPERV-HOST";

    enum Logical { OFF, RUNNING, PAUSED, SAVED, STARTING, STOPPING }

    /** One VM of the host. */
    static final class VmState {
        final UUID uuid;
        String name;
        Logical state = Logical.OFF;
        int pid = -1;
        int vcpus = 1;
        /** Current memory (VirtualQuantity) and, when set apart from it, the maximum (Limit); MiB. */
        long memoryMB = 512;
        Long limitMB;
        /** The setting data's Notes (libvirt's description), null for none. */
        List<String> notes;
        /** Msvm_VirtualSystemSettingData.AutomaticStartupAction: Hyper-V's default 3 (restart if it was running). */
        int startupAction = 3;
        /**
         * The VM's device settings in the host's order: what every generation 1 VM has (two IDE channels,
         * the diskette drive on its controller, COM 1 and COM 2), then what AddResourceSettings added.
         */
        final List<Resource> resources = new ArrayList<>();

        long limit() {
            return limitMB == null ? memoryMB : limitMB;
        }

        VmState(UUID uuid, String name) {
            this.uuid = uuid;
            this.name = name;
        }
    }

    /**
     * One device setting of a VM: its class (Msvm_ResourceAllocationSettingData, ..._StorageAllocation...,
     * ..._SerialPort..., ..._SyntheticEthernetPort..., ..._EthernetPortAllocation...) and properties
     * (String, List of String for arrays), InstanceID {@code Microsoft:<VM>\<GUID>}.
     */
    static final class Resource {
        final String className;
        final Map<String, Object> props = new LinkedHashMap<>();

        Resource(String className, String instanceId) {
            this.className = className;
            props.put("InstanceID", instanceId);
        }

        String id() {
            return (String) props.get("InstanceID");
        }

        int type() {
            return Integer.parseInt((String) props.get("ResourceType"));
        }

        String str(String name) {
            Object v = props.get(name);
            return v instanceof List<?> l ? (l.isEmpty() ? null : String.valueOf(l.get(0))) : (String) v;
        }

        Resource with(String name, Object value) {
            props.put(name, value);
            return this;
        }
    }

    /** A virtual switch: Name (a GUID on Hyper-V, what libvirt's bridge names) and ElementName (its friendly name). */
    record Switch(String name, String elementName) {
    }

    /** The host's virtual switches. */
    final List<Switch> switches = new ArrayList<>(List.of(
        new Switch("C08CB7B8-9B3C-408E-8E30-5E16A3AEB444", "Default Switch"),
        new Switch("6A2F2F9E-4B1A-4D5E-9C3B-0A7E1B2C3D4E", "External")));

    /** A WMI job: running for a number of polls, then completed, or failed when asked to. */
    static final class Job {
        final String id;
        final String method;
        int pollsLeft;
        final boolean fail;
        int state = 2;
        final Runnable onComplete;
        final Runnable onFail;

        Job(String id, String method, int polls, boolean fail, Runnable onComplete, Runnable onFail) {
            this.id = id;
            this.method = method;
            this.pollsLeft = polls;
            this.fail = fail;
            this.onComplete = onComplete;
            this.onFail = onFail;
        }
    }

    /** A WMI instance as the server writes it: class, properties (String, List of String, or null for nil), keys. */
    record Instance(String className, Map<String, Object> props, List<String> keys) {
    }

    final Map<UUID, VmState> vms = new LinkedHashMap<>();
    final Map<String, Job> jobs = new LinkedHashMap<>();
    /** EnabledState in the CIM encoding of a v2 host (9 paused, 6 saved) instead of libvirt's vendor values. */
    boolean cimEncoding;
    /** How many polls a job runs before it ends; -1: never. */
    int jobPolls = 3;
    /** Methods whose jobs fail ("RequestStateChange"). */
    final Set<String> failingMethods = new java.util.HashSet<>();
    /**
     * Management-service steps that fault at once: a method name ("DefineSystem"), or
     * "ModifyResourceSettings:Msvm_MemorySettingData" for that class's settings only.
     */
    final Set<String> faultingSteps = new java.util.HashSet<>();
    /** Every management-service call received, in order ("DefineSystem", "ModifyResourceSettings:Msvm_ProcessorSettingData"). */
    final List<String> serviceCalls = new ArrayList<>();
    String osVersion = "10.0.17763";
    /** Win32_ComputerSystemProduct.UUID, the host's BIOS UUID (libvirt's capabilities host uuid). */
    String productUuid = "4C4C4544-0038-4A10-8048-B4C04F4E3132";
    int maxVcpus = 240;
    private int nextPid = 1000;
    private int nextJob = 1;

    VmState add(String name) {
        return add(UUID.randomUUID(), name);
    }

    VmState add(UUID uuid, String name) {
        VmState vm = new VmState(uuid, name);
        vms.put(uuid, vm);
        String rasd = "Msvm_ResourceAllocationSettingData";
        for (int channel = 0; channel < 2; channel++) {
            vm.resources.add(new Resource(rasd, newId(vm)).with("ElementName", "IDE Controller " + channel)
                .with("ResourceType", "5").with("ResourceSubType", "Microsoft:Hyper-V:Emulated IDE Controller")
                .with("Address", String.valueOf(channel)));
        }
        Resource floppyController = new Resource(rasd, newId(vm)).with("ElementName", "Diskette Controller")
            .with("ResourceType", "1").with("ResourceSubType", "Microsoft:Hyper-V:Emulated Floppy Controller");
        vm.resources.add(floppyController);
        vm.resources.add(new Resource(rasd, newId(vm)).with("ElementName", "Diskette Drive").with("ResourceType", "14")
            .with("ResourceSubType", "Microsoft:Hyper-V:Synthetic Diskette Drive")
            .with("Parent", path(rasd, floppyController.id())).with("AddressOnParent", "0"));
        for (int com = 1; com <= 2; com++) {
            vm.resources.add(new Resource("Msvm_SerialPortSettingData", newId(vm)).with("ElementName", "COM " + com)
                .with("ResourceType", "21").with("ResourceSubType", "Microsoft:Hyper-V:Serial Port")
                .with("Connection", List.of("")));
        }
        return vm;
    }

    /** A new setting's InstanceID on {@code vm}: {@code Microsoft:<VM>\<GUID>} (the backslash is what paths escape). */
    static String newId(VmState vm) {
        return "Microsoft:" + vm.uuid.toString().toUpperCase(java.util.Locale.ROOT) + "\\"
            + UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
    }

    /** The host's own path of a setting ({@code \\HYPERV-HOST\root\virtualization\v2:Class.InstanceID="..."}). */
    static String path(String className, String instanceId) {
        return "\\\\" + HOST + "\\root\\virtualization\\v2:" + className + ".InstanceID=\""
            + instanceId.replace("\\", "\\\\") + "\"";
    }

    /** The host's own path of a switch. */
    static String switchPath(Switch s) {
        return "\\\\" + HOST + "\\root\\virtualization\\v2:Msvm_VirtualEthernetSwitch.CreationClassName=\""
            + "Msvm_VirtualEthernetSwitch\",Name=\"" + s.name() + "\"";
    }

    /** The setting with this InstanceID on any VM, or null. */
    Resource resource(String instanceId) {
        for (VmState vm : vms.values()) {
            for (Resource r : vm.resources) {
                if (r.id().equals(instanceId)) {
                    return r;
                }
            }
        }
        return null;
    }

    private static final List<String> RESOURCE_CLASSES = List.of("Msvm_ResourceAllocationSettingData",
        "Msvm_StorageAllocationSettingData", "Msvm_SerialPortSettingData", "Msvm_SyntheticEthernetPortSettingData",
        "Msvm_EthernetPortAllocationSettingData");

    /** Whether a setting of class {@code actual} is one of {@code asked} (WMI answers subclasses too: serial ports are RASDs). */
    private static boolean isA(String actual, String asked) {
        return actual.equals(asked) || "Msvm_ResourceAllocationSettingData".equals(asked)
            && "Msvm_SerialPortSettingData".equals(actual);
    }

    private List<Instance> resources(VmState only, String className) {
        List<Instance> out = new ArrayList<>();
        for (VmState vm : vms.values()) {
            if (only != null && vm != only) {
                continue;
            }
            for (Resource r : vm.resources) {
                if (isA(r.className, className)) {
                    Map<String, Object> props = new LinkedHashMap<>(r.props);
                    out.add(new Instance(r.className, props, List.of("InstanceID")));
                }
            }
        }
        return out;
    }

    int enabledState(Logical l) {
        return switch (l) {
            case OFF -> 3;
            case RUNNING -> 2;
            case PAUSED -> cimEncoding ? 9 : 32768;
            case SAVED -> cimEncoding ? 6 : 32769;
            case STARTING -> cimEncoding ? 10 : 32770;
            case STOPPING -> cimEncoding ? 4 : 32774;
        };
    }

    void set(VmState vm, Logical l) {
        boolean wasActive = vm.pid > 0;
        vm.state = l;
        boolean active = l != Logical.OFF && l != Logical.SAVED;
        if (active && !wasActive) {
            vm.pid = nextPid++;
        } else if (!active) {
            vm.pid = -1;
        }
    }

    // ---------- instances ----------

    /** Every instance of {@code className}, or null for a class the host does not have. */
    List<Instance> instances(String className) {
        List<Instance> out = new ArrayList<>();
        switch (className) {
            case "Msvm_ComputerSystem" -> {
                out.add(hostSystem());
                vms.values().forEach(vm -> out.add(computerSystem(vm)));
            }
            case "Msvm_ShutdownComponent" -> vms.values().stream().filter(vm -> vm.state == Logical.RUNNING)
                .forEach(vm -> out.add(shutdownComponent(vm)));
            case "Msvm_VirtualSystemSettingData" -> vms.values().forEach(vm -> out.add(vssd(vm)));
            case "Msvm_ProcessorSettingData" -> {
                // the host's processor definitions (the allocation capabilities' minimum, maximum, default)
                for (String[] def : new String[][] {{"Minimum", "1"}, {"Maximum", String.valueOf(maxVcpus)}, {"Default", "1"}}) {
                    out.add(inst("Msvm_ProcessorSettingData", List.of("InstanceID"), "InstanceID",
                        "Microsoft:Definition\\B637F346-6A0E-4DEC-AF52-BD70CB80A21D\\" + def[0], "VirtualQuantity", def[1]));
                }
                vms.values().forEach(vm -> out.add(processor(vm)));
            }
            case "Msvm_MemorySettingData" -> vms.values().forEach(vm -> out.add(memory(vm)));
            case "Msvm_ResourceAllocationSettingData", "Msvm_StorageAllocationSettingData", "Msvm_SerialPortSettingData",
                 "Msvm_SyntheticEthernetPortSettingData", "Msvm_EthernetPortAllocationSettingData" ->
                out.addAll(resources(null, className));
            case "Msvm_VirtualEthernetSwitch" -> switches.forEach(sw -> out.add(inst("Msvm_VirtualEthernetSwitch",
                List.of("CreationClassName", "Name"), "CreationClassName", "Msvm_VirtualEthernetSwitch", "ElementName",
                sw.elementName(), "EnabledState", "2", "Name", sw.name())));
            case "Msvm_ConcreteJob" -> jobs.values().forEach(j -> out.add(job(j)));
            case "Msvm_VirtualSystemManagementService" -> out.add(inst("Msvm_VirtualSystemManagementService",
                List.of("CreationClassName", "Name", "SystemCreationClassName", "SystemName"), "CreationClassName",
                "Msvm_VirtualSystemManagementService", "Name", "vmms", "SystemCreationClassName", "Msvm_ComputerSystem",
                "SystemName", HOST));
            case "Win32_ComputerSystem" -> out.add(win32ComputerSystem());
            case "Win32_OperatingSystem" -> out.add(inst("Win32_OperatingSystem", List.of("Name"), "Name",
                "Microsoft Windows Server 2019 Datacenter", "Caption", "Microsoft Windows Server 2019 Datacenter",
                "Version", osVersion, "BuildNumber", "17763"));
            case "Win32_Processor" -> out.addAll(processors());
            case "Win32_ComputerSystemProduct" -> out.add(inst("Win32_ComputerSystemProduct",
                List.of("IdentifyingNumber", "Name", "Version"), "Caption", "Computer System Product", "IdentifyingNumber",
                "8J1NB12", "Name", "PowerEdge R640", "UUID", productUuid, "Vendor", "Dell Inc.", "Version", ""));
            default -> {
                return null;
            }
        }
        return out;
    }

    /** The instances an ASSOCIATORS OF query names; IllegalArgumentException for an association the host lacks. */
    List<Instance> associators(Wql.Query q) {
        String key = q.sourceClass() + "/" + q.sourceKeys().keySet() + "/" + q.assocClass() + "/" + q.resultClass();
        switch (key) {
            case "Msvm_ComputerSystem/[CreationClassName, Name]/Msvm_SettingsDefineState/Msvm_VirtualSystemSettingData" -> {
                requireValue(q, "CreationClassName", "Msvm_ComputerSystem");
                VmState vm = vm(q.sourceKeys().get("Name"));
                return vm == null ? List.of() : List.of(vssd(vm));
            }
            case "Msvm_VirtualSystemSettingData/[InstanceID]/Msvm_VirtualSystemSettingDataComponent/Msvm_ProcessorSettingData",
                 "Msvm_VirtualSystemSettingData/[InstanceID]/Msvm_VirtualSystemSettingDataComponent/Msvm_MemorySettingData" -> {
                String id = q.sourceKeys().get("InstanceID");
                VmState vm = id.startsWith("Microsoft:") ? vm(id.substring("Microsoft:".length())) : null;
                if (vm == null) {
                    return List.of();
                }
                return List.of("Msvm_ProcessorSettingData".equals(q.resultClass()) ? processor(vm) : memory(vm));
            }
            case "Msvm_VirtualSystemSettingData/[InstanceID]/Msvm_VirtualSystemSettingDataComponent/Msvm_ResourceAllocationSettingData",
                 "Msvm_VirtualSystemSettingData/[InstanceID]/Msvm_VirtualSystemSettingDataComponent/Msvm_StorageAllocationSettingData",
                 "Msvm_VirtualSystemSettingData/[InstanceID]/Msvm_VirtualSystemSettingDataComponent/Msvm_SerialPortSettingData",
                 "Msvm_VirtualSystemSettingData/[InstanceID]/Msvm_VirtualSystemSettingDataComponent/Msvm_SyntheticEthernetPortSettingData",
                 "Msvm_VirtualSystemSettingData/[InstanceID]/Msvm_VirtualSystemSettingDataComponent/Msvm_EthernetPortAllocationSettingData" -> {
                String id = q.sourceKeys().get("InstanceID");
                VmState vm = id.startsWith("Microsoft:") ? vm(id.substring("Microsoft:".length())) : null;
                return vm == null ? List.of() : resources(vm, q.resultClass());
            }
            case "Win32_ComputerSystem/[Name]/Win32_ComputerSystemProcessor/Win32_Processor" ->
                {
                    return HOST.equalsIgnoreCase(q.sourceKeys().get("Name")) ? processors() : List.of();
                }
            default -> throw new IllegalArgumentException("unsupported association: " + key);
        }
    }

    private static void requireValue(Wql.Query q, String key, String value) {
        if (!value.equals(q.sourceKeys().get(key))) {
            throw new IllegalArgumentException("bad key " + key + "='" + q.sourceKeys().get(key) + "'");
        }
    }

    VmState vm(String uuid) {
        try {
            return vms.get(UUID.fromString(uuid));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Instance hostSystem() {
        return inst("Msvm_ComputerSystem", List.of("CreationClassName", "Name"), "Caption", "Hosting Computer System",
            "CreationClassName", "Msvm_ComputerSystem", "ElementName", HOST, "EnabledState", "2", "Name", HOST,
            "ProcessID", null);
    }

    private Instance computerSystem(VmState vm) {
        return inst("Msvm_ComputerSystem", List.of("CreationClassName", "Name"), "Caption", "Virtual Machine",
            "CreationClassName", "Msvm_ComputerSystem", "ElementName", vm.name,
            "EnabledState", String.valueOf(enabledState(vm.state)), "HealthState", "5",
            "Name", vm.uuid.toString().toUpperCase(java.util.Locale.ROOT),
            "ProcessID", vm.pid > 0 ? String.valueOf(vm.pid) : null);
    }

    private Instance shutdownComponent(VmState vm) {
        String u = vm.uuid.toString().toUpperCase(java.util.Locale.ROOT);
        return inst("Msvm_ShutdownComponent", List.of("CreationClassName", "DeviceID", "SystemCreationClassName", "SystemName"),
            "CreationClassName", "Msvm_ShutdownComponent", "DeviceID", "Microsoft:" + u + "\\9F8233AC-BE49-4C79-8EE3-E7E1985B2077",
            "ElementName", "Shutdown", "SystemCreationClassName", "Msvm_ComputerSystem", "SystemName", u);
    }

    private Instance vssd(VmState vm) {
        String u = vm.uuid.toString().toUpperCase(java.util.Locale.ROOT);
        return inst("Msvm_VirtualSystemSettingData", List.of("InstanceID"), "AutomaticStartupAction",
            String.valueOf(vm.startupAction), "ElementName", vm.name, "InstanceID", "Microsoft:" + u, "Notes", vm.notes,
            "VirtualSystemIdentifier", u, "VirtualSystemType", "Microsoft:Hyper-V:System:Realized");
    }

    private Instance processor(VmState vm) {
        String u = vm.uuid.toString().toUpperCase(java.util.Locale.ROOT);
        return inst("Msvm_ProcessorSettingData", List.of("InstanceID"), "InstanceID",
            "Microsoft:" + u + "\\b637f346-6a0e-4dec-af52-bd70cb80a21d\\0", "VirtualQuantity", String.valueOf(vm.vcpus));
    }

    private Instance memory(VmState vm) {
        String u = vm.uuid.toString().toUpperCase(java.util.Locale.ROOT);
        return inst("Msvm_MemorySettingData", List.of("InstanceID"), "InstanceID",
            "Microsoft:" + u + "\\4764334d-e001-4176-82ee-5594ec9b530e", "Limit", String.valueOf(vm.limit()),
            "VirtualQuantity", String.valueOf(vm.memoryMB));
    }

    private Instance win32ComputerSystem() {
        return inst("Win32_ComputerSystem", List.of("Name"), "DNSHostName", "hyperv-host", "Domain", "example.test",
            "Name", HOST, "NumberOfLogicalProcessors", "16", "NumberOfProcessors", "2",
            "TotalPhysicalMemory", String.valueOf(64L << 30));
    }

    private List<Instance> processors() {
        List<Instance> l = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            l.add(inst("Win32_Processor", List.of("DeviceID"), "DeviceID", "CPU" + i, "MaxClockSpeed", "2400",
                "Name", "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz", "NumberOfCores", "4",
                "NumberOfLogicalProcessors", "8"));
        }
        return l;
    }

    /** A job's instance; reading it is one poll, which moves it on. */
    private Instance job(Job j) {
        if (j.state < 7 && jobPolls >= 0) {
            if (j.pollsLeft > 0) {
                j.pollsLeft--;
                j.state = 4;
            } else if (j.fail) {
                j.state = 10;
                j.onFail.run();
            } else {
                j.state = 7;
                j.onComplete.run();
            }
        }
        return inst("Msvm_ConcreteJob", List.of("InstanceID"), "InstanceID", j.id, "JobState", String.valueOf(j.state),
            "ElementName", j.method, "ErrorDescription", j.state == 10 ? "The operation failed (stand-in)" : null);
    }

    Job startJob(String method, Runnable onComplete, Runnable onFail) {
        String id = String.format("%08X-0000-4000-8000-%012X", nextJob, nextJob);
        nextJob++;
        Job j = new Job(id, method, Math.max(0, jobPolls), failingMethods.contains(method), onComplete, onFail);
        jobs.put(id, j);
        return j;
    }

    private static Instance inst(String cls, List<String> keys, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return new Instance(cls, m, keys);
    }
}
