package io.jvirt.driver.esx;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.w3c.dom.Element;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.XmlDom;

/**
 * A VM's autostart through its host's HostAutoStartManager, as libvirt's esxDomainGetAutostart and
 * esxDomainSetAutostart do it. Autostart has two switches on ESX: the host's
 * {@code config.defaults.enabled}, without which no VM starts with the host, and the VM's entry in
 * {@code config.powerInfo} with start action powerOn.
 */
final class HostAutostart {

    private final VimSession s;
    private final Inventory inventory;

    HostAutostart(VimSession s, Inventory inventory) {
        this.s = s;
        this.inventory = inventory;
    }

    /** On when the host's autostart is enabled and the VM's start action is powerOn. */
    boolean get(VmInfo vm) {
        return autostarted().contains(vm.ref());
    }

    /**
     * The VMs that start with the host, from one read of the manager's configuration: none while
     * the host's autostart is off, else those whose (first) entry has start action powerOn. What
     * libvirt's esxConnectListAllDomains reads once per listing for its autostart filter.
     */
    Set<MoRef> autostarted() {
        Element config = config();
        Set<MoRef> on = new HashSet<>();
        if (hostEnabled(config)) {
            Set<MoRef> seen = new HashSet<>();
            for (Element pi : XmlDom.children(config, "powerInfo")) {
                MoRef key = MoRef.of(XmlDom.child(pi, "key"));
                if (seen.add(key) && "powerOn".equalsIgnoreCase(XmlDom.text(pi, "startAction"))) {
                    on.add(key);
                }
            }
        }
        return on;
    }

    /**
     * ReconfigureAutostart with the VM's entry (no start order, the system's delays, start action
     * powerOn or none, stop action none: an entry whose actions are both none leaves the list).
     * Enabling also enables the host's autostart when it is off, as libvirt does, but only when no
     * other VM is in the list: switching the host on would start those too.
     *
     * @throws VirtException OPERATION_INVALID "Cannot enable general autostart option without
     *                       affecting other domains"
     */
    void set(VmInfo vm, boolean on) {
        Element config = config();
        boolean enableHost = false;
        if (on && !hostEnabled(config)) {
            for (Element pi : XmlDom.children(config, "powerInfo")) {
                if (!vm.ref().equals(MoRef.of(XmlDom.child(pi, "key")))) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.ESX,
                        "Cannot enable general autostart option without affecting other domains");
                }
            }
            enableHost = true;
        }
        SoapWriter w = new SoapWriter("ReconfigureAutostart", manager()).open("spec");
        if (enableHost) {
            w.open("defaults").text("enabled", "true").close("defaults");
        }
        w.open("powerInfo").ref("key", vm.ref()).text("startOrder", -1).text("startDelay", -1)
            .text("waitForHeartbeat", "systemDefault").text("startAction", on ? "powerOn" : "none")
            .text("stopDelay", -1).text("stopAction", "none").close("powerInfo").close("spec");
        s.call(w);
    }

    private static boolean hostEnabled(Element config) {
        return "true".equals(XmlDom.text(XmlDom.child(config, "defaults"), "enabled"));
    }

    /**
     * The manager's {@code config}. vcsim names a manager that it does not serve
     * (ManagedObjectNotFound): that host has no autostart either.
     */
    private Element config() {
        MoRef m = manager();
        try {
            return s.retrieve(m, "config").get("config");
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_DOMAIN) {
                throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.ESX, "autostart: the autostart manager of host '"
                    + inventory.hostName() + "' is not available: " + e.getMessage());
            }
            throw e;
        }
    }

    /** The host's HostAutoStartManager; NO_SUPPORT where the host names none. */
    private MoRef manager() {
        ObjectContent h = s.retrieve(inventory.hostSystem(), "configManager.autoStartManager");
        MoRef m = h.ref("configManager.autoStartManager");
        if (m == null) {
            throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.ESX,
                "autostart: host '" + inventory.hostName() + "' has no autostart manager");
        }
        return m;
    }

    /** The VMs in the host's autostart list, in its order (for tests and diagnostics). */
    List<MoRef> listed() {
        return XmlDom.children(config(), "powerInfo").stream().map(pi -> MoRef.of(XmlDom.child(pi, "key"))).toList();
    }
}
