package io.jvirt.driver.hyperv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.w3c.dom.Element;
import org.xml.sax.SAXException;

import io.jvirt.core.kit.remote.XmlDom;
import io.jvirt.driver.hyperv.WsmanStandIn.Fault;

/**
 * The stand-in's {@code Msvm_VirtualSystemManagementService}: DefineSystem, DestroySystem,
 * ModifyResourceSettings and ModifySystemSettings, as a v2 host answers them. Strict: the one
 * selector ({@code CreationClassName}), the parameters each method takes, endpoint references,
 * and each embedded instance's CIM-XML (the class the parameter takes, every property a property
 * of that class with its CIM type, values of that type, arrays only where the class has one) are
 * checked, and anything wrong is a fault. Steps fault on demand ({@link StandInModel#faultingSteps}).
 * Called under the server's lock.
 */
final class ManagementService {

    private static final String CLASS = "Msvm_VirtualSystemManagementService";

    /** A property's CIM type and whether it is an array. */
    private record Type(String cim, boolean array) {
    }

    /** CIM_ResourceAllocationSettingData's properties as Hyper-V's v2 classes have them (libvirt's generator input). */
    private static final String RASD_MOF = "string InstanceID string Caption string Description string ElementName"
        + " uint16 ResourceType string OtherResourceType string ResourceSubType string PoolID uint16 ConsumerVisibility"
        + " string[] HostResource string AllocationUnits uint64 VirtualQuantity uint64 Reservation uint64 Limit"
        + " uint32 Weight boolean AutomaticAllocation boolean AutomaticDeallocation string Parent string[] Connection"
        + " string Address uint16 MappingBehavior string AddressOnParent string VirtualQuantityUnits"
        + " string[] VirtualSystemIdentifiers";

    /** The properties of the classes the driver may embed, with their CIM types (Hyper-V's v2 MOF). */
    private static final Map<String, Map<String, Type>> CLASSES = Map.of(
        "Msvm_VirtualSystemSettingData", Map.of("ElementName", new Type("string", false), "InstanceID",
            new Type("string", false), "VirtualSystemIdentifier", new Type("string", false), "Notes",
            new Type("string", true), "AutomaticStartupAction", new Type("uint16", false)),
        "Msvm_ProcessorSettingData", Map.of("InstanceID", new Type("string", false), "VirtualQuantity",
            new Type("uint64", false)),
        "Msvm_MemorySettingData", Map.of("InstanceID", new Type("string", false), "VirtualQuantity",
            new Type("uint64", false), "Limit", new Type("uint64", false)),
        "Msvm_ResourceAllocationSettingData", types(RASD_MOF),
        "Msvm_SerialPortSettingData", types(RASD_MOF),
        "Msvm_StorageAllocationSettingData", types(RASD_MOF + " uint64 VirtualResourceBlockSize uint16 Access"
            + " uint64 HostResourceBlockSize uint64 HostExtentStartingAddress string HostExtentName uint64 IOPSLimit"
            + " uint64 IOPSReservation boolean PersistentReservationsSupported"),
        "Msvm_SyntheticEthernetPortSettingData", types(RASD_MOF + " uint16 DesiredVLANEndpointMode string OtherEndpointMode"
            + " boolean StaticMacAddress boolean ClusterMonitored"),
        "Msvm_EthernetPortAllocationSettingData", types(RASD_MOF + " uint16 DesiredVLANEndpointMode"
            + " string OtherEndpointMode uint16 EnabledState string[] RequiredFeatures string[] RequiredFeatureHints"
            + " string TestReplicaPoolID string TestReplicaSwitchName"));

    private static Map<String, Type> types(String mof) {
        Map<String, Type> m = new LinkedHashMap<>();
        String[] w = mof.trim().split("\\s+");
        for (int i = 0; i < w.length; i += 2) {
            boolean array = w[i].endsWith("[]");
            m.put(w[i + 1], new Type(array ? w[i].substring(0, w[i].length() - 2) : w[i], array));
        }
        return Map.copyOf(m);
    }

    /** An embedded instance as received: class and values (one per scalar, several for an array). */
    record Embedded(String className, Map<String, List<String>> values) {
        String get(String name) {
            List<String> v = values.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    private final WsmanStandIn server;

    ManagementService(WsmanStandIn server) {
        this.server = server;
    }

    String invoke(String method, Map<String, String> selectors, Map<String, String> params, Map<String, Element> elements) {
        if (!selectors.equals(Map.of("CreationClassName", CLASS))) {
            throw new Fault("wsman:InvalidSelectors", "the management service is selected by CreationClassName="
                + CLASS + " alone, not " + selectors);
        }
        StandInModel model = server.model;
        return switch (method) {
            case "DefineSystem" -> {
                WsmanStandIn.onlyParams(params, Set.of("SystemSettings"), Set.of("ResourceSettings", "ReferenceConfiguration"));
                Embedded vssd = embedded(params.get("SystemSettings"), "Msvm_VirtualSystemSettingData");
                step(model, "DefineSystem");
                yield define(model, vssd);
            }
            case "DestroySystem" -> {
                WsmanStandIn.onlyParams(params, Set.of("AffectedSystem"), Set.of());
                StandInModel.VmState vm = reference(model, elements.get("AffectedSystem"));
                step(model, "DestroySystem");
                if (vm.state != StandInModel.Logical.OFF && vm.state != StandInModel.Logical.SAVED) {
                    yield server.output(CLASS, method, 4097, null);
                }
                StandInModel.Job job = model.startJob("DestroySystem", () -> model.vms.remove(vm.uuid), () -> { });
                yield server.output(CLASS, method, 4096, job);
            }
            case "AddResourceSettings" -> {
                WsmanStandIn.onlyParams(params, Set.of("AffectedConfiguration", "ResourceSettings"), Set.of());
                StandInModel.VmState vm = settingsReference(model, elements.get("AffectedConfiguration"));
                Embedded rs = embedded(params.get("ResourceSettings"), null);
                StandInModel.Resource made = Devices.check(model, vm, rs);
                step(model, "AddResourceSettings:" + rs.get("ResourceSubType"));
                StandInModel.Job job = model.startJob("AddResourceSettings", () -> vm.resources.add(made), () -> { });
                yield added(job, made);
            }
            case "ModifyResourceSettings" -> {
                WsmanStandIn.onlyParams(params, Set.of("ResourceSettings"), Set.of());
                Embedded rs = embedded(params.get("ResourceSettings"), null);
                if ("Msvm_VirtualSystemSettingData".equals(rs.className())) {
                    throw new Fault("wsman:InvalidParameter", "ModifyResourceSettings takes resource settings, not "
                        + rs.className());
                }
                if ("Msvm_SerialPortSettingData".equals(rs.className())) {
                    Runnable apply = Devices.serialPort(model, rs);
                    step(model, "ModifyResourceSettings:" + rs.className());
                    StandInModel.Job job = model.startJob("ModifyResourceSettings", apply, () -> { });
                    yield server.output(CLASS, method, 4096, job);
                }
                step(model, "ModifyResourceSettings:" + rs.className());
                StandInModel.VmState vm = settingOwner(model, rs);
                Runnable apply = modifyResource(vm, rs);
                StandInModel.Job job = model.startJob("ModifyResourceSettings", apply, () -> { });
                yield server.output(CLASS, method, 4096, job);
            }
            case "ModifySystemSettings" -> {
                WsmanStandIn.onlyParams(params, Set.of("SystemSettings"), Set.of());
                Embedded vssd = embedded(params.get("SystemSettings"), "Msvm_VirtualSystemSettingData");
                step(model, "ModifySystemSettings");
                String id = required(vssd, "InstanceID");
                StandInModel.VmState vm = id.startsWith("Microsoft:") ? model.vm(id.substring(10)) : null;
                if (vm == null) {
                    throw new Fault("wsman:InvalidParameter", "no virtual system setting data " + id);
                }
                for (String p : vssd.values().keySet()) {
                    switch (p) {
                        case "InstanceID" -> { }
                        case "AutomaticStartupAction" -> {
                            int a = (int) unsigned(vssd.get(p), 0xffff);
                            if (a < 2 || a > 4) {
                                throw new Fault("wsman:InvalidParameter", "AutomaticStartupAction " + a);
                            }
                            vm.startupAction = a;
                        }
                        case "ElementName" -> vm.name = vssd.get(p);
                        case "Notes" -> vm.notes = List.copyOf(vssd.values().get(p));
                        default -> throw new Fault("wsman:InvalidParameter", p + " cannot be modified");
                    }
                }
                yield server.output(CLASS, method, 0, null);
            }
            default -> throw new Fault("wsa:ActionNotSupported", "unknown method " + CLASS + "." + method);
        };
    }

    private static void step(StandInModel model, String step) {
        model.serviceCalls.add(step);
        if (model.faultingSteps.contains(step) || model.faultingSteps.contains(step.split(":")[0])) {
            throw new Fault("wsman:InternalError", step + " failed (stand-in, on demand)");
        }
    }

    private String define(StandInModel model, Embedded vssd) {
        for (String p : vssd.values().keySet()) {
            if (!Set.of("ElementName", "VirtualSystemIdentifier", "Notes").contains(p)) {
                throw new Fault("wsman:InvalidParameter", "DefineSystem does not take " + p);
            }
        }
        String name = required(vssd, "ElementName");
        UUID uuid = UUID.randomUUID();
        String id = vssd.get("VirtualSystemIdentifier");
        if (id != null) {
            try {
                uuid = UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                throw new Fault("wsman:InvalidParameter", "VirtualSystemIdentifier is not a GUID: " + id);
            }
            if (model.vms.containsKey(uuid)) {
                throw new Fault("wsman:AlreadyExists", "a virtual system with identifier " + id + " exists");
            }
        }
        StandInModel.VmState vm = model.add(uuid, name);
        if (vssd.values().containsKey("Notes")) {
            vm.notes = List.copyOf(vssd.values().get("Notes"));
        }
        String u = vm.uuid.toString().toUpperCase(Locale.ROOT);
        String uri = Wsman.classUri(CLASS);
        return WsmanStandIn.envelope(uri + "/DefineSystemResponse", "<p:DefineSystem_OUTPUT xmlns:p=\"" + uri
            + "\"><p:ResultingSystem><a:Address>" + Wsman.ANONYMOUS + "</a:Address><a:ReferenceParameters><w:ResourceURI>"
            + Wsman.classUri("Msvm_ComputerSystem") + "</w:ResourceURI><w:SelectorSet><w:Selector Name=\"CreationClassName\">"
            + "Msvm_ComputerSystem</w:Selector><w:Selector Name=\"Name\">" + u + "</w:Selector></w:SelectorSet>"
            + "</a:ReferenceParameters></p:ResultingSystem><p:ReturnValue>0</p:ReturnValue></p:DefineSystem_OUTPUT>");
    }

    /**
     * AddResourceSettings' answer: the job and then the reference to the setting it makes (the job's
     * InstanceID selector comes first, so a client that takes the first InstanceID of the answer, as
     * libvirt does, takes the wrong one).
     */
    private static String added(StandInModel.Job job, StandInModel.Resource made) {
        String uri = Wsman.classUri(CLASS);
        StringBuilder id = new StringBuilder();
        io.jvirt.api.domain.XmlEscape.append(id, made.id());
        return WsmanStandIn.envelope(uri + "/AddResourceSettingsResponse", "<p:AddResourceSettings_OUTPUT xmlns:p=\"" + uri
            + "\"><p:Job><a:Address>" + Wsman.ANONYMOUS + "</a:Address><a:ReferenceParameters><w:ResourceURI>"
            + Wsman.classUri("Msvm_ConcreteJob") + "</w:ResourceURI><w:SelectorSet><w:Selector Name=\"InstanceID\">" + job.id
            + "</w:Selector></w:SelectorSet></a:ReferenceParameters></p:Job><p:ResultingResourceSettings><a:Address>"
            + Wsman.ANONYMOUS + "</a:Address><a:ReferenceParameters><w:ResourceURI>" + Wsman.classUri(made.className)
            + "</w:ResourceURI><w:SelectorSet><w:Selector Name=\"InstanceID\">" + id + "</w:Selector></w:SelectorSet>"
            + "</a:ReferenceParameters></p:ResultingResourceSettings><p:ReturnValue>4096</p:ReturnValue>"
            + "</p:AddResourceSettings_OUTPUT>");
    }

    /** The VM whose Msvm_VirtualSystemSettingData an endpoint reference names (InstanceID Microsoft:GUID). */
    private static StandInModel.VmState settingsReference(StandInModel model, Element e) {
        Map<String, String> sel = selectors(e, "Msvm_VirtualSystemSettingData", "AffectedConfiguration");
        String id = sel.get("InstanceID");
        if (!sel.keySet().equals(Set.of("InstanceID")) || id == null || !id.startsWith("Microsoft:")) {
            throw new Fault("wsman:InvalidSelectors", "AffectedConfiguration selectors " + sel);
        }
        StandInModel.VmState vm = model.vm(id.substring("Microsoft:".length()));
        if (vm == null) {
            throw new Fault("wsman:InvalidSelectors", "no virtual system setting data " + id);
        }
        return vm;
    }

    /** The selectors of an endpoint reference to an instance of {@code cls} (anonymous address, its resource URI). */
    private static Map<String, String> selectors(Element e, String cls, String param) {
        Element params = e == null ? null : XmlDom.child(e, "ReferenceParameters");
        if (e == null || !Wsman.ANONYMOUS.equals(XmlDom.text(e, "Address")) || params == null
            || !Wsman.NS_WSA.equals(params.getNamespaceURI()) || !Wsman.classUri(cls).equals(XmlDom.text(params, "ResourceURI"))) {
            throw new Fault("wsman:InvalidParameter", param + " is not a reference to an " + cls);
        }
        Element set = XmlDom.child(params, "SelectorSet");
        if (set == null || !Wsman.NS_WSMAN.equals(set.getNamespaceURI())) {
            throw new Fault("wsman:InvalidParameter", param + " without a selector set");
        }
        Map<String, String> sel = new LinkedHashMap<>();
        for (Element s : XmlDom.children(set, "Selector")) {
            sel.put(s.getAttribute("Name"), s.getTextContent().strip());
        }
        return sel;
    }

    /** The VM an Msvm_ComputerSystem endpoint reference names (address, resource URI, both key selectors). */
    private static StandInModel.VmState reference(StandInModel model, Element e) {
        Element params = XmlDom.child(e, "ReferenceParameters");
        if (!Wsman.ANONYMOUS.equals(XmlDom.text(e, "Address")) || params == null
            || !Wsman.NS_WSA.equals(params.getNamespaceURI())
            || !Wsman.classUri("Msvm_ComputerSystem").equals(XmlDom.text(params, "ResourceURI"))) {
            throw new Fault("wsman:InvalidParameter", "AffectedSystem is not a reference to an Msvm_ComputerSystem");
        }
        Map<String, String> sel = new LinkedHashMap<>();
        Element set = XmlDom.child(params, "SelectorSet");
        if (set == null || !Wsman.NS_WSMAN.equals(set.getNamespaceURI())) {
            throw new Fault("wsman:InvalidParameter", "AffectedSystem without a selector set");
        }
        for (Element s : XmlDom.children(set, "Selector")) {
            sel.put(s.getAttribute("Name"), s.getTextContent().strip());
        }
        if (!sel.keySet().equals(Set.of("CreationClassName", "Name")) || !"Msvm_ComputerSystem".equals(sel.get("CreationClassName"))) {
            throw new Fault("wsman:InvalidSelectors", "AffectedSystem selectors " + sel);
        }
        StandInModel.VmState vm = model.vm(sel.get("Name"));
        if (vm == null) {
            throw new Fault("wsman:InvalidSelectors", "no virtual system " + sel.get("Name"));
        }
        return vm;
    }

    private static StandInModel.VmState settingOwner(StandInModel model, Embedded rs) {
        String id = required(rs, "InstanceID");
        // Microsoft:<VM GUID>\<setting>
        int slash = id.indexOf('\\');
        StandInModel.VmState vm = id.startsWith("Microsoft:") && slash > 10 ? model.vm(id.substring(10, slash)) : null;
        String expectedSuffix = "Msvm_ProcessorSettingData".equals(rs.className())
            ? "\\b637f346-6a0e-4dec-af52-bd70cb80a21d\\0" : "\\4764334d-e001-4176-82ee-5594ec9b530e";
        if (vm == null || !id.substring(slash).equals(expectedSuffix)) {
            throw new Fault("wsman:InvalidParameter", "no " + rs.className() + " " + id);
        }
        return vm;
    }

    private static Runnable modifyResource(StandInModel.VmState vm, Embedded rs) {
        List<Runnable> changes = new ArrayList<>();
        for (String p : rs.values().keySet()) {
            switch (rs.className() + "." + p) {
                case "Msvm_ProcessorSettingData.InstanceID", "Msvm_MemorySettingData.InstanceID" -> { }
                case "Msvm_ProcessorSettingData.VirtualQuantity" -> {
                    int n = (int) unsigned(rs.get(p), 240);
                    if (n < 1) {
                        throw new Fault("wsman:InvalidParameter", "VirtualQuantity " + n);
                    }
                    changes.add(() -> vm.vcpus = n);
                }
                case "Msvm_MemorySettingData.VirtualQuantity", "Msvm_MemorySettingData.Limit" -> {
                    long mb = unsigned(rs.get(p), 12L << 20);
                    if (mb < 32 || mb % 2 != 0) {
                        // Hyper-V: memory in whole, even MiB, at least 32
                        throw new Fault("wsman:InvalidParameter", p + " " + mb + " MB is not an even number of MB >= 32");
                    }
                    if (p.equals("Limit")) {
                        changes.add(() -> vm.limitMB = mb);
                    } else {
                        changes.add(() -> vm.memoryMB = mb);
                    }
                }
                default -> throw new Fault("wsman:InvalidParameter", rs.className() + "." + p + " cannot be modified");
            }
        }
        return () -> changes.forEach(Runnable::run);
    }

    private static String required(Embedded e, String name) {
        String v = e.get(name);
        if (v == null || v.isBlank()) {
            throw new Fault("wsman:InvalidParameter", e.className() + " without " + name);
        }
        return v;
    }

    static long unsigned(String v, long max) {
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > max) {
                throw new Fault("wsman:InvalidParameter", "value " + v + " out of range");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Fault("wsman:InvalidParameter", "not an unsigned integer: " + v);
        }
    }

    /**
     * Reads and checks one embedded CIM-XML instance: {@code <INSTANCE CLASSNAME>} of {@code expected}
     * (any known class when null), each child a PROPERTY (or PROPERTY.ARRAY with a VALUE.ARRAY) of that
     * class with its TYPE and one VALUE (values of that type), no property twice.
     */
    static Embedded embedded(String text, String expected) {
        if (text == null || text.isBlank()) {
            throw new Fault("wsman:InvalidParameter", "an embedded instance is empty");
        }
        Element inst;
        try {
            inst = XmlDom.parse(text.strip().getBytes(StandardCharsets.UTF_8));
        } catch (SAXException e) {
            throw new Fault("wsman:InvalidParameter", "embedded instance is not XML: " + e.getMessage());
        }
        if (!"INSTANCE".equals(inst.getTagName()) || inst.getNamespaceURI() != null) {
            throw new Fault("wsman:InvalidParameter", "embedded object is not a CIM-XML INSTANCE: " + inst.getTagName());
        }
        String cls = inst.getAttribute("CLASSNAME");
        Map<String, Type> props = CLASSES.get(cls);
        if (props == null || expected != null && !expected.equals(cls)) {
            throw new Fault("wsman:InvalidParameter", "embedded instance of " + cls + " where "
                + (expected == null ? "a known class" : expected) + " is expected");
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Element p : XmlDom.children(inst, null)) {
            String name = p.getAttribute("NAME");
            Type t = props.get(name);
            if (t == null) {
                throw new Fault("wsman:InvalidParameter", cls + " has no property '" + name + "'");
            }
            String tag = t.array() ? "PROPERTY.ARRAY" : "PROPERTY";
            if (!tag.equals(p.getTagName()) || !t.cim().equals(p.getAttribute("TYPE"))) {
                throw new Fault("wsman:InvalidParameter", cls + "." + name + " must be " + tag + " TYPE=\"" + t.cim()
                    + "\", not " + p.getTagName() + " TYPE=\"" + p.getAttribute("TYPE") + "\"");
            }
            Element holder = p;
            if (t.array()) {
                List<Element> arr = XmlDom.children(p, null);
                if (arr.size() != 1 || !"VALUE.ARRAY".equals(arr.get(0).getTagName())) {
                    throw new Fault("wsman:InvalidParameter", cls + "." + name + ": PROPERTY.ARRAY without one VALUE.ARRAY");
                }
                holder = arr.get(0);
            }
            List<String> vs = new ArrayList<>();
            for (Element v : XmlDom.children(holder, null)) {
                if (!"VALUE".equals(v.getTagName()) || !XmlDom.children(v, null).isEmpty()) {
                    throw new Fault("wsman:InvalidParameter", cls + "." + name + ": " + v.getTagName() + " is not a VALUE");
                }
                String value = v.getTextContent();
                if (t.cim().startsWith("uint")) {
                    unsigned(value, Long.MAX_VALUE);
                } else if ("boolean".equals(t.cim()) && !"true".equals(value) && !"false".equals(value)) {
                    throw new Fault("wsman:InvalidParameter", cls + "." + name + " is not a CIM boolean: " + value);
                }
                vs.add(value);
            }
            if (vs.isEmpty() || !t.array() && vs.size() != 1) {
                throw new Fault("wsman:InvalidParameter", cls + "." + name + " must have " + (t.array() ? "values" : "one VALUE"));
            }
            if (values.put(name, vs) != null) {
                throw new Fault("wsman:InvalidParameter", cls + "." + name + " given twice");
            }
        }
        return new Embedded(cls, values);
    }
}
