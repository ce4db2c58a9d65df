package io.jvirt.driver.esx;

import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.core.kit.DefineRules;
import io.jvirt.core.kit.remote.XmlDom;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.kit.vmx.DomainToVmx;
import io.jvirt.core.kit.vmx.Vmx;
import io.jvirt.core.kit.vmx.VmxParser;
import io.jvirt.core.kit.vmx.VmxToDomain;

/**
 * Lifecycle and configuration calls on a virtual machine, with libvirt's ESX driver's state checks
 * and words ("Domain is not powered on") before the vSphere method, and its "Could not start
 * domain: ..." wording when a task fails.
 */
final class DomainOps {

    private static final Logger LOG = LoggerFactory.getLogger(DomainOps.class);
    private static final int AFFECT_LIVE = 1;

    private final EsxConnection conn;
    private final VimSession s;

    DomainOps(EsxConnection conn) {
        this.conn = conn;
        this.s = conn.session;
    }

    void start(VmInfo vm) {
        if (!vm.poweredOff()) {
            throw invalid("Domain is not powered off");
        }
        s.runTask(new SoapWriter("PowerOnVM_Task", vm.ref()), "Could not start domain");
    }

    void shutdown(VmInfo vm) {
        requireOn(vm);
        s.call(new SoapWriter("ShutdownGuest", vm.ref()));
    }

    void reboot(VmInfo vm) {
        requireOn(vm);
        s.call(new SoapWriter("RebootGuest", vm.ref()));
    }

    void reset(VmInfo vm) {
        requireOn(vm);
        s.runTask(new SoapWriter("ResetVM_Task", vm.ref()), "Could not reset domain");
    }

    void destroy(VmInfo vm) {
        requireOn(vm);
        s.runTask(new SoapWriter("PowerOffVM_Task", vm.ref()), "Could not destroy domain");
    }

    void suspend(VmInfo vm) {
        requireOn(vm);
        s.runTask(new SoapWriter("SuspendVM_Task", vm.ref()), "Could not suspend domain");
    }

    void resume(VmInfo vm) {
        if (!vm.suspended()) {
            throw invalid("Domain is not suspended");
        }
        s.runTask(new SoapWriter("PowerOnVM_Task", vm.ref()), "Could not resume domain");
    }

    void undefine(VmInfo vm) {
        if (!vm.poweredOff() && !vm.suspended()) {
            throw invalid("Domain is not suspended or powered off");
        }
        s.call(new SoapWriter("UnregisterVM", vm.ref()));
    }

    /** virsh setmem: the memory limit ({@code memoryAllocation.limit}), as libvirt sets it. */
    void setMemory(VmInfo vm, long kib) {
        long mb = ceilMb(kib);
        if (mb > vm.memoryMB()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.ESX,
                "cannot set memory higher than max memory");
        }
        reconfig(vm, w -> w.open("memoryAllocation").text("limit", mb).close("memoryAllocation"),
            "Could not set memory to " + kib + " kilobytes");
    }

    /** virsh setmaxmem: {@code memoryMB}; only while powered off. */
    void setMaxMemory(VmInfo vm, long kib) {
        if (!vm.poweredOff()) {
            throw invalid("Domain is not powered off");
        }
        reconfig(vm, w -> w.text("memoryMB", ceilMb(kib)), "Could not set max-memory to " + kib + " kilobytes");
    }

    void setVcpus(VmInfo vm, int count, int flags) {
        // libvirt's esxDomainSetVcpusFlags takes AFFECT_LIVE only, and says so in these words
        // (virDomainSetVcpus, flags 0 here, is its AFFECT_LIVE call)
        if (flags != 0 && flags != AFFECT_LIVE) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.ESX, String.format("unsupported flags: (0x%x)", flags));
        }
        if (count < 1) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.ESX,
                "Requested number of virtual CPUs must at least be 1");
        }
        int max = new HostFacts(s, conn.inventory).maxVcpus();
        if (count > max) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.ESX, "Requested number of virtual CPUs is greater "
                + "than max allowable number of virtual CPUs for the domain: " + count + " > " + max);
        }
        reconfig(vm, w -> w.text("numCPUs", count), "Could not set number of virtual CPUs to " + count);
    }

    /**
     * libvirt's view of the VM: its .vmx file, downloaded from the datastore and converted as
     * libvirt's esxDomainGetXMLDesc does. A server that keeps no usable .vmx (vcsim writes empty
     * ones) gets the same converter over a VMX view of {@code config.hardware.device}.
     */
    String xmlDesc(VmInfo vm) {
        DatastorePaths paths = DatastorePaths.forVmx(vm.vmPathName());
        Vmx vmx = vmxFile(vm);
        if (vmx == null) {
            ObjectContent devs = s.retrieve(vm.ref(), "config.hardware.device");
            vmx = VmConfigVmx.build(vm, devs.get("config.hardware.device"));
        }
        return VmxToDomain.toXml(vmx, paths, vm.id());
    }

    /** The VM's .vmx file, or null when the server has none or an empty one. */
    private Vmx vmxFile(VmInfo vm) {
        String p = vm.vmPathName();
        int close = p == null ? -1 : p.indexOf(']');
        if (p == null || !p.startsWith("[") || close < 2 || !p.toLowerCase(Locale.ROOT).endsWith(".vmx")) {
            return null;
        }
        byte[] file = s.client().download(conn.inventory.datacenterName(), p.substring(1, close),
            p.substring(close + 1).strip());
        if (file == null || new String(file, java.nio.charset.StandardCharsets.ISO_8859_1).isBlank()) {
            LOG.debug("no .vmx content for '{}' at {}; using its configuration", vm.name(), p);
            return null;
        }
        try {
            // as libvirt: the bytes in the character set the file's .encoding names
            return VmxParser.parse(file);
        } catch (VirtException e) {
            LOG.warn("the .vmx file of '{}' at {} does not parse ({}); using its configuration", vm.name(), p,
                e.getMessage());
            return null;
        }
    }

    /**
     * Defines a new VM (CreateVM_Task in the datacenter's VM folder, the compute resource's pool).
     * Like libvirt, editing an existing VM this way is refused.
     */
    DomainRef define(String xml) {
        DomainDef def = DomainXml.parse(xml, true, DomainToVmx.DEFAULTS);
        DefineRules.checkName(def.name());
        if (!"vmware".equals(def.type())) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.ESX,
                "Expecting virt type to be 'vmware' but found '" + def.type() + "'");
        }
        // libvirt's order: the UUID on the server, then the name in the listing
        if (conn.inventoryPort.byUuid(def.uuid()).isPresent() || conn.inventoryPort.byName(def.name()).isPresent()) {
            throw invalid("Domain already exists, editing existing domains is not supported yet");
        }
        String datastore = datastoreFor(def);
        SoapWriter w = new SoapWriter("CreateVM_Task", conn.inventory.vmFolder());
        DefineSpec.write(w, def, guestId(def), datastore);
        w.ref("pool", conn.inventory.resourcePool()).ref("host", conn.inventory.hostSystem());
        MoRef task = MoRef.of(XmlDom.child(s.call(w), "returnval"));
        s.waitForTask(task, "Could not define domain");
        LOG.info("defined domain '{}' on {}", def.name(), conn.uri());
        return conn.lookupByUuid(def.uuid());
    }

    /** The datastore of the first file-based disk ("[ds] dir/disk.vmdk"), else the datacenter's first one the server knows. */
    private String datastoreFor(DomainDef def) {
        for (DiskDef d : def.disks()) {
            String src = d.sourcePath();
            if ("disk".equals(d.device()) && src != null && src.startsWith("[") && src.indexOf(']') > 1) {
                return src.substring(1, src.indexOf(']'));
            }
        }
        for (MoRef ds : conn.inventory.datastores()) {
            try {
                String name = s.retrieve(ds, "name").str("name");
                if (name != null) {
                    return name;
                }
            } catch (VirtException e) {
                if (e.code() != ErrorCode.NO_DOMAIN) {
                    throw e;
                }
                // a datastore the datacenter still lists but the server no longer has (vcsim keeps one)
            }
        }
        throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.ESX,
            "Domain XML doesn't contain any file-based harddisks and the datacenter has no datastore");
    }

    /** The vSphere guest id: the VMX guestOS of the XML's vmware metadata when given, else by arch. */
    private static String guestId(DomainDef def) {
        String guestOs = DomainToVmx.guestOs(def);
        return switch (guestOs.toLowerCase(Locale.ROOT)) {
            case "other" -> "otherGuest";
            case "other-64" -> "otherGuest64";
            default -> guestOs;
        };
    }

    private interface Spec {
        void write(SoapWriter w);
    }

    private void reconfig(VmInfo vm, Spec spec, String what) {
        SoapWriter w = new SoapWriter("ReconfigVM_Task", vm.ref()).open("spec");
        spec.write(w);
        w.close("spec");
        s.runTask(w, what);
    }

    private static long ceilMb(long kib) {
        return (kib + 1023) / 1024;
    }

    private static void requireOn(VmInfo vm) {
        if (!vm.poweredOn()) {
            throw invalid("Domain is not powered on");
        }
    }

    private static VirtException invalid(String message) {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.ESX, message);
    }
}
