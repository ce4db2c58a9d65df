package io.jvirt.driver.hyperv;

import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * A VM's settings as libvirt reads and changes them: its {@code Msvm_VirtualSystemSettingData}
 * (through {@code Msvm_SettingsDefineState}) and that setting data's processor and memory
 * settings (through {@code Msvm_VirtualSystemSettingDataComponent}); changes go through the
 * management service's {@code ModifyResourceSettings} / {@code ModifySystemSettings} with an
 * embedded instance naming the setting's InstanceID, as libvirt's hypervDomainSetVcpusFlags,
 * hypervDomainSetMemoryProperty and hypervDomainSetAutostart do.
 */
final class VmSettings {

    /** libvirt's AutomaticStartupAction values (Msvm_VirtualSystemSettingData). */
    static final int STARTUP_NONE = 2;
    static final int STARTUP_ALWAYS = 4;

    private final WsmanClient wsman;

    VmSettings(WsmanClient wsman) {
        this.wsman = wsman;
    }

    WmiObject systemSettings(Vm vm) {
        String uuid = vm.uuid().toString();
        List<WmiObject> vssd = wsman.enumerate("Msvm_VirtualSystemSettingData",
            "ASSOCIATORS OF {Msvm_ComputerSystem.CreationClassName='Msvm_ComputerSystem',Name='" + Wsman.wqlString(uuid)
                + "'} WHERE AssocClass = Msvm_SettingsDefineState ResultClass = Msvm_VirtualSystemSettingData");
        if (vssd.isEmpty()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                "Could not look up virtual system setting data with UUID '" + uuid + "'");
        }
        return vssd.get(0);
    }

    WmiObject component(WmiObject vssd, String resultClass) {
        String id = vssd.required("InstanceID");
        List<WmiObject> l = components(vssd, resultClass);
        if (l.isEmpty()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                "Could not look up " + resultClass + " for virtual system setting data '" + id + "'");
        }
        return l.get(0);
    }

    /**
     * Every setting of {@code resultClass} (and, as WMI answers, of its subclasses) of the VM's
     * setting data: one enumeration, however many devices (libvirt's hypervGetResourceAllocationSD and
     * its siblings).
     */
    List<WmiObject> components(WmiObject vssd, String resultClass) {
        return wsman.enumerate(resultClass, "ASSOCIATORS OF {Msvm_VirtualSystemSettingData.InstanceID='"
            + Wsman.wqlString(vssd.required("InstanceID")) + "'} WHERE AssocClass = Msvm_VirtualSystemSettingDataComponent"
            + " ResultClass = " + resultClass);
    }

    /** libvirt's hypervDomainSetVcpusFlags: the processor setting's VirtualQuantity. */
    void setVcpus(Vm vm, int count) {
        WmiObject cpu = component(systemSettings(vm), "Msvm_ProcessorSettingData");
        modifyResource(new CimInstance("Msvm_ProcessorSettingData").with("VirtualQuantity", "uint64", count)
            .with("InstanceID", "string", cpu.required("InstanceID")));
    }

    /**
     * libvirt's hypervDomainSetMemoryProperty: {@code Limit} (maximum) or {@code VirtualQuantity}
     * (current) in MiB, rounded up to a whole even number of MiB.
     */
    void setMemory(Vm vm, String property, long kib) {
        WmiObject mem = component(systemSettings(vm), "Msvm_MemorySettingData");
        modifyResource(new CimInstance("Msvm_MemorySettingData").with(property, "uint64", evenMiB(kib))
            .with("InstanceID", "string", mem.required("InstanceID")));
    }

    static long evenMiB(long kib) {
        long mib = (kib + 1023) / 1024;
        return (mib + 1) / 2 * 2;
    }

    boolean autostart(Vm vm) {
        // libvirt: autostart only for "always start" (Hyper-V's default 3, "if it was running", is not)
        return systemSettings(vm).number("AutomaticStartupAction", STARTUP_NONE) == STARTUP_ALWAYS;
    }

    /** libvirt's hypervDomainSetAutostart: the VSSD's AutomaticStartupAction (4 always, 2 none) by ModifySystemSettings. */
    void setAutostart(Vm vm, boolean on) {
        WmiObject vssd = systemSettings(vm);
        CimInstance i = new CimInstance("Msvm_VirtualSystemSettingData")
            .with("AutomaticStartupAction", "uint16", on ? STARTUP_ALWAYS : STARTUP_NONE)
            .with("InstanceID", "string", vssd.required("InstanceID"));
        wsman.invokeService("ModifySystemSettings", b -> WsmanClient.embedded(b, "SystemSettings", i));
    }

    private void modifyResource(CimInstance i) {
        wsman.invokeService("ModifyResourceSettings", b -> WsmanClient.embedded(b, "ResourceSettings", i));
    }
}
