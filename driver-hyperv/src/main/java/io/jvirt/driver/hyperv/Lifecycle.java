package io.jvirt.driver.hyperv;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * A VM's lifecycle as libvirt's Hyper-V driver drives it: {@code Msvm_ComputerSystem.RequestStateChange}
 * (start 2, destroy 3, suspend 9, reboot 10, reset 11, resume 2) and
 * {@code Msvm_ShutdownComponent.InitiateShutdown}, each after libvirt's state check and with its
 * words; and {@link #info}, read from the VM's settings (processor and memory setting data).
 */
final class Lifecycle {

    private static final String CS = "Msvm_ComputerSystem";
    private final WsmanClient wsman;
    private final VmSettings settings;

    Lifecycle(WsmanClient wsman, VmSettings settings) {
        this.wsman = wsman;
        this.settings = settings;
    }

    void start(Vm vm) {
        if (vm.active()) {
            throw invalid("Domain is already active or is in state transition");
        }
        requestStateChange(vm, EnabledState.REQUEST_ENABLED);
    }

    void destroy(Vm vm) {
        if (!vm.active() || vm.inTransition()) {
            throw invalid("Domain is not active or is in state transition");
        }
        requestStateChange(vm, EnabledState.REQUEST_DISABLED);
    }

    void suspend(Vm vm) {
        requireEnabled(vm);
        requestStateChange(vm, EnabledState.REQUEST_QUIESCE);
    }

    void resume(Vm vm) {
        if (!EnabledState.paused(vm.enabledState())) {
            throw invalid("Domain is not paused");
        }
        requestStateChange(vm, EnabledState.REQUEST_ENABLED);
    }

    /** libvirt's hypervDomainManagedSave: RequestStateChange(6, Offline) of an active VM not in transition. */
    void managedSave(Vm vm) {
        if (!vm.active() || vm.inTransition()) {
            throw invalid("Domain is not active or is in state transition");
        }
        requestStateChange(vm, EnabledState.REQUEST_OFFLINE);
    }

    /** libvirt's hypervDomainManagedSaveRemove: RequestStateChange(3) of a saved VM discards its saved state. */
    void managedSaveRemove(Vm vm) {
        if (!EnabledState.saved(vm.enabledState())) {
            throw invalid("Domain has no managed save image");
        }
        requestStateChange(vm, EnabledState.REQUEST_DISABLED);
    }

    void reboot(Vm vm) {
        requireEnabled(vm);
        requestStateChange(vm, EnabledState.REQUEST_REBOOT);
    }

    void reset(Vm vm) {
        requireEnabled(vm);
        requestStateChange(vm, EnabledState.REQUEST_RESET);
    }

    /** The guest's orderly shutdown through its shutdown integration component. */
    void shutdown(Vm vm) {
        if (!vm.active() || vm.inTransition()) {
            throw invalid("Domain is not active or in state transition");
        }
        String uuid = vm.uuid().toString();
        List<WmiObject> comps = wsman.enumerate("Msvm_ShutdownComponent",
            "SELECT * FROM Msvm_ShutdownComponent WHERE SystemName = '" + Wsman.wqlString(uuid) + "'");
        if (comps.isEmpty() || comps.get(0).str("DeviceID") == null) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.HYPERV,
                "Could not get Msvm_ShutdownComponent for domain with UUID '" + uuid + "'");
        }
        Map<String, String> sel = new LinkedHashMap<>();
        sel.put("CreationClassName", "Msvm_ShutdownComponent");
        sel.put("DeviceID", comps.get(0).str("DeviceID"));
        sel.put("SystemCreationClassName", CS);
        sel.put("SystemName", uuid);
        // "Reason" untranslated, as libvirt: the host's administrator reads it
        wsman.invoke("Msvm_ShutdownComponent", "InitiateShutdown", sel,
            b -> b.text("Force", "False").text("Reason", "Planned shutdown via libvirt"));
    }

    /** libvirt's hypervDomainGetInfo: vCPUs and memory from the VM's settings, cpuTime 0. */
    DomainInfo info(Vm vm) {
        WmiObject vssd = settings.systemSettings(vm);
        WmiObject cpu = settings.component(vssd, "Msvm_ProcessorSettingData");
        WmiObject mem = settings.component(vssd, "Msvm_MemorySettingData");
        return new DomainInfo(vm.state(), mem.number("Limit", 0) * 1024, mem.number("VirtualQuantity", 0) * 1024,
            (int) cpu.number("VirtualQuantity", 0), 0);
    }

    private static void requireEnabled(Vm vm) {
        // libvirt's hypervRequestStateChange: only a running VM (EnabledState 2)
        if (vm.enabledState() != EnabledState.ENABLED) {
            throw invalid("Domain is not active");
        }
    }

    private void requestStateChange(Vm vm, int requested) {
        Map<String, String> sel = new LinkedHashMap<>();
        sel.put("CreationClassName", CS);
        sel.put("Name", vm.uuid().toString());
        wsman.invoke(CS, "RequestStateChange", sel, b -> b.text("RequestedState", requested));
    }

    private static VirtException invalid(String message) {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.HYPERV, message);
    }
}
