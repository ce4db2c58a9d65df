package io.jvirt.driver.hyperv;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jvirt.driver.hyperv.ManagementService.Embedded;
import io.jvirt.driver.hyperv.WsmanStandIn.Fault;

/**
 * The stand-in host's rules for the device settings AddResourceSettings adds and for a COM port's
 * ModifyResourceSettings, as a generation 1 VM on a v2 host takes them. Each kind of setting has its
 * class, resource type and subtype, the properties it takes (no more, none missing), and what its
 * references must name: a drive's Parent is an IDE channel or SCSI controller of the same VM with
 * that address free, an image's Parent a drive of the matching kind with no image yet, an adapter
 * connection's Parent a port of the same VM not yet connected and its HostResource an existing
 * switch. Paths are WMI object paths ({@code \\HOST\root\virtualization\v2:Class.Key="..."}) to this
 * host. Anything else is a fault. Nothing changes here: the caller adds the setting when its job completes.
 */
final class Devices {

    private static final String RASD = "Msvm_ResourceAllocationSettingData";
    private static final String SASD = "Msvm_StorageAllocationSettingData";
    private static final String SEPSD = "Msvm_SyntheticEthernetPortSettingData";
    private static final String EPASD = "Msvm_EthernetPortAllocationSettingData";
    private static final Pattern PATH = Pattern.compile("\\\\\\\\([^\\\\]+)\\\\root\\\\virtualization\\\\v2:(\\w+)\\.(.+)",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern KEY = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"(,|$)");

    /** A kind of setting: class, resource type, subtype, and the properties it takes besides type and subtype. */
    private record Kind(String className, int type, String subType, Set<String> props) {
    }

    private static final List<Kind> KINDS = List.of(
        new Kind(RASD, 6, "Microsoft:Hyper-V:Synthetic SCSI Controller", Set.of()),
        new Kind(RASD, 17, "Microsoft:Hyper-V:Synthetic Disk Drive", Set.of("Parent", "AddressOnParent")),
        new Kind(RASD, 16, "Microsoft:Hyper-V:Synthetic DVD Drive", Set.of("Parent", "AddressOnParent")),
        new Kind(SASD, 31, "Microsoft:Hyper-V:Virtual Hard Disk", Set.of("Parent", "HostResource")),
        new Kind(SASD, 31, "Microsoft:Hyper-V:Virtual CD/DVD Disk", Set.of("Parent", "HostResource")),
        new Kind(SASD, 31, "Microsoft:Hyper-V:Virtual Floppy Disk", Set.of("Parent", "HostResource")),
        new Kind(SEPSD, 10, "Microsoft:Hyper-V:Synthetic Ethernet Port",
            Set.of("VirtualSystemIdentifiers", "Address", "StaticMacAddress")),
        new Kind(EPASD, 33, "Microsoft:Hyper-V:Ethernet Connection", Set.of("EnabledState", "HostResource", "Parent")));

    /** The drive type an image's subtype goes on, and the file name endings Hyper-V opens for it. */
    private static final Map<String, Object[]> IMAGES = Map.of(
        "Microsoft:Hyper-V:Virtual Hard Disk", new Object[] {17, List.of(".vhd", ".vhdx")},
        "Microsoft:Hyper-V:Virtual CD/DVD Disk", new Object[] {16, List.of(".iso")},
        "Microsoft:Hyper-V:Virtual Floppy Disk", new Object[] {14, List.of(".vfd")});

    private Devices() {
    }

    private static Fault fault(String why) {
        return new Fault("wsman:InvalidParameter", why);
    }

    /** Checks a setting to add to {@code vm}; returns it as the host will keep it (its InstanceID chosen, paths the host's own). */
    static StandInModel.Resource check(StandInModel model, StandInModel.VmState vm, Embedded rs) {
        if (vm.state != StandInModel.Logical.OFF) {
            throw new Fault("wsman:InvalidParameter", "devices are added to a VM that is off (" + vm.name + " is " + vm.state + ")");
        }
        String typeText = rs.get("ResourceType");
        String subType = rs.get("ResourceSubType");
        Kind kind = null;
        for (Kind k : KINDS) {
            if (k.className().equals(rs.className()) && String.valueOf(k.type()).equals(typeText) && k.subType().equals(subType)) {
                kind = k;
            }
        }
        if (kind == null) {
            throw fault("AddResourceSettings does not add a " + rs.className() + " of type " + typeText + " '" + subType + "'");
        }
        for (String p : rs.values().keySet()) {
            if (!p.equals("ResourceType") && !p.equals("ResourceSubType") && !kind.props().contains(p)) {
                throw fault(rs.className() + " '" + subType + "' does not take " + p);
            }
        }
        for (String p : kind.props()) {
            if (rs.get(p) == null) {
                throw fault(rs.className() + " '" + subType + "' without " + p);
            }
        }
        StandInModel.Resource made = new StandInModel.Resource(rs.className(), StandInModel.newId(vm))
            .with("ElementName", subType.substring(subType.lastIndexOf(':') + 1)).with("ResourceType", typeText)
            .with("ResourceSubType", subType);
        switch (kind.type()) {
            case 6 -> {
                if (vm.resources.stream().filter(r -> r.type() == 6).count() >= 4) {
                    throw fault("a VM has at most 4 SCSI controllers");
                }
            }
            case 16, 17 -> drive(vm, rs, made);
            case 31 -> image(vm, rs, made);
            case 10 -> port(vm, rs, made);
            default -> connection(model, vm, rs, made);
        }
        return made;
    }

    private static void drive(StandInModel.VmState vm, Embedded rs, StandInModel.Resource made) {
        StandInModel.Resource controller = setting(vm, rs.get("Parent"), RASD);
        int max = switch (controller.type()) {
            case 5 -> 1;
            case 6 -> 63;
            default -> throw fault("a drive's Parent is an IDE channel or a SCSI controller, not " + controller.str("ResourceSubType"));
        };
        int address = (int) ManagementService.unsigned(rs.get("AddressOnParent"), max);
        for (StandInModel.Resource r : vm.resources) {
            if (controller.id().equals(parentId(r.str("Parent"))) && String.valueOf(address).equals(r.str("AddressOnParent"))) {
                throw fault("address " + address + " of " + controller.str("ElementName") + " is taken");
            }
        }
        made.with("Parent", StandInModel.path(RASD, controller.id())).with("AddressOnParent", String.valueOf(address));
    }

    private static void image(StandInModel.VmState vm, Embedded rs, StandInModel.Resource made) {
        Object[] rule = IMAGES.get(rs.get("ResourceSubType"));
        StandInModel.Resource drive = setting(vm, rs.get("Parent"), RASD);
        if (drive.type() != (int) rule[0]) {
            throw fault(rs.get("ResourceSubType") + " does not go on a " + drive.str("ResourceSubType"));
        }
        for (StandInModel.Resource r : vm.resources) {
            if (r.type() == 31 && drive.id().equals(parentId(r.str("Parent")))) {
                throw fault(drive.str("ElementName") + " holds an image already");
            }
        }
        List<String> files = rs.values().get("HostResource");
        String file = files.size() == 1 ? files.get(0) : "";
        @SuppressWarnings("unchecked")
        List<String> endings = (List<String>) rule[1];
        String lower = file.toLowerCase(Locale.ROOT);
        if (!(file.matches("[A-Za-z]:\\\\.+") || file.matches("\\\\\\\\[^\\\\]+\\\\.+"))
            || endings.stream().noneMatch(lower::endsWith)) {
            throw fault("'" + file + "' is not a " + endings + " file Hyper-V can open for " + rs.get("ResourceSubType"));
        }
        made.with("Parent", StandInModel.path(RASD, drive.id())).with("HostResource", List.of(file));
    }

    private static void port(StandInModel.VmState vm, Embedded rs, StandInModel.Resource made) {
        if (vm.resources.stream().filter(r -> r.type() == 10).count() >= 8) {
            throw fault("a VM has at most 8 synthetic network adapters");
        }
        String mac = rs.get("Address");
        if (!mac.matches("[0-9A-Fa-f]{12}") || mac.matches("0{12}") || (Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
            throw fault("'" + mac + "' is not a unicast MAC address");
        }
        List<String> ids = rs.values().get("VirtualSystemIdentifiers");
        if (ids.size() != 1 || !ids.get(0).matches("\\{[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\\}")) {
            throw fault("VirtualSystemIdentifiers must be one {GUID}: " + ids);
        }
        // Hyper-V reports the address in capitals
        made.with("Address", mac.toUpperCase(Locale.ROOT)).with("StaticMacAddress", rs.get("StaticMacAddress"))
            .with("VirtualSystemIdentifiers", List.copyOf(ids));
    }

    private static void connection(StandInModel model, StandInModel.VmState vm, Embedded rs, StandInModel.Resource made) {
        StandInModel.Resource port = setting(vm, rs.get("Parent"), SEPSD);
        for (StandInModel.Resource r : vm.resources) {
            if (r.type() == 33 && port.id().equals(parentId(r.str("Parent")))) {
                throw fault(port.str("ElementName") + " is connected already");
            }
        }
        String enabled = rs.get("EnabledState");
        if (!"2".equals(enabled) && !"3".equals(enabled)) {
            throw fault("EnabledState " + enabled);
        }
        List<String> hr = rs.values().get("HostResource");
        Map<String, String> keys = hr.size() == 1 ? keys(hr.get(0), "Msvm_VirtualEthernetSwitch") : null;
        StandInModel.Switch sw = null;
        if (keys != null && "Msvm_VirtualEthernetSwitch".equals(keys.get("CreationClassName"))
            && keys.keySet().equals(Set.of("CreationClassName", "Name"))) {
            sw = model.switches.stream().filter(s -> s.name().equals(keys.get("Name"))).findFirst().orElse(null);
        }
        if (sw == null) {
            throw fault("HostResource does not name a virtual switch of this host: " + hr);
        }
        made.with("Parent", StandInModel.path(SEPSD, port.id())).with("HostResource", List.of(StandInModel.switchPath(sw)))
            .with("EnabledState", enabled);
    }

    /** Checks a COM port's ModifyResourceSettings; returns the change, to run when its job completes. */
    static Runnable serialPort(StandInModel model, Embedded rs) {
        Set<String> props = Set.of("InstanceID", "Connection", "ResourceType", "ResourceSubType");
        if (!rs.values().keySet().equals(props)) {
            throw fault("a COM port's settings are changed with " + props + ", not " + rs.values().keySet());
        }
        StandInModel.Resource port = model.resource(rs.get("InstanceID"));
        if (port == null || !"Msvm_SerialPortSettingData".equals(port.className)) {
            throw fault("no serial port " + rs.get("InstanceID"));
        }
        if (!"21".equals(rs.get("ResourceType")) || !port.str("ResourceSubType").equals(rs.get("ResourceSubType"))) {
            throw fault("ResourceType/ResourceSubType do not match " + port.str("ElementName"));
        }
        List<String> conn = rs.values().get("Connection");
        String pipe = conn.size() == 1 ? conn.get(0) : null;
        if (pipe == null || !pipe.isEmpty() && !pipe.matches("(?i)\\\\\\\\[^\\\\]+\\\\pipe\\\\[^\\\\]+")) {
            throw fault("a COM port connects to a named pipe (\\\\.\\pipe\\NAME) or nothing, not " + conn);
        }
        return () -> port.with("Connection", List.of(pipe));
    }

    /** The setting of {@code vm} of class {@code cls} a path names; a fault for another VM's, another class or another host. */
    private static StandInModel.Resource setting(StandInModel.VmState vm, String path, String cls) {
        Map<String, String> keys = keys(path, cls);
        StandInModel.Resource r = keys == null || !keys.keySet().equals(Set.of("InstanceID")) ? null
            : vm.resources.stream().filter(x -> x.id().equals(keys.get("InstanceID")) && x.className.equals(cls)).findFirst()
                .orElse(null);
        if (r == null) {
            throw fault("'" + path + "' does not name a " + cls + " of " + vm.name);
        }
        return r;
    }

    /** The InstanceID a stored Parent path names, or null. */
    private static String parentId(String path) {
        if (path == null) {
            return null;
        }
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> k = keyValues(m.group(3));
        return k == null ? null : k.get("InstanceID");
    }

    /** The keys of a path to an instance of {@code cls} on this host; null when it is not one. */
    private static Map<String, String> keys(String path, String cls) {
        Matcher m = path == null ? null : PATH.matcher(path);
        if (m == null || !m.matches() || !m.group(2).equals(cls)
            || !(StandInModel.HOST.equalsIgnoreCase(m.group(1)) || "hyperv-host".equalsIgnoreCase(m.group(1)))) {
            return null;
        }
        return keyValues(m.group(3));
    }

    private static Map<String, String> keyValues(String text) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        Matcher k = KEY.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!k.find(at) || k.start() != at) {
                return null;
            }
            out.put(k.group(1), k.group(2).replaceAll("\\\\(.)", "$1"));
            at = k.end();
        }
        return out;
    }
}
