package io.jvirt.driver.network;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.network.NetworkDef;

/**
 * What starting and destroying a network does on the host, as libvirt's networkStartNetwork /
 * networkShutdownNetwork: for nat, route, open and isolated networks the bridge (with its
 * addresses), the firewall table (nat and route) and dnsmasq, each step undone when a later one
 * fails, so a failed start leaves nothing behind and says which step failed; for bridge and the
 * macvtap modes nothing, as the bridge or devices are the host's. {@link #recover} checks a network
 * that was running before a restart: its bridge and dnsmasq are found again (not restarted), a
 * vanished dnsmasq or firewall table is put back.
 */
final class NetworkPlumbing {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkPlumbing.class);

    /** What a running network holds on the host: its bridge and its dnsmasq's pid (0 when none). */
    record Running(String bridge, long dnsmasqPid) {
    }

    private final BridgeDevice bridges;
    private final DnsmasqDaemon dnsmasq;
    private final NftForwarding firewall;

    NetworkPlumbing(HostNet net, Path runDir, String dnsmasqProgram) {
        this.bridges = new BridgeDevice(net);
        this.dnsmasq = new DnsmasqDaemon(net, runDir, dnsmasqProgram);
        this.firewall = new NftForwarding(net, runDir);
    }

    /** Whether the driver makes a bridge for this network (the virtual modes). */
    static boolean virtual(NetworkDef def) {
        return def.forwardMode().hasBridge() || def.forwardMode() == NetworkDef.ForwardMode.NONE;
    }

    DnsmasqDaemon dnsmasq() {
        return dnsmasq;
    }

    Running start(NetworkDef def) {
        if (!virtual(def)) {
            return new Running(def.bridge().name(), 0);
        }
        String bridge = BridgeDevice.checkName(def.bridge().name());
        if (bridges.exists(bridge)) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.NETWORK,
                    "Unable to create bridge " + bridge + ": a device of that name already exists");
        }
        Deque<Runnable> undo = new ArrayDeque<>();
        try {
            step("create bridge " + bridge, () -> bridges.create(def, bridge));
            undo.push(() -> bridges.delete(bridge));
            if (NftForwarding.wanted(def)) {
                step("set up forwarding", () -> firewall.apply(def, bridge));
                undo.push(() -> firewall.remove(def));
            }
            long pid = 0;
            if (DnsmasqDaemon.wanted(def)) {
                undo.push(() -> dnsmasq.stop(def));
                pid = step("start dnsmasq", () -> dnsmasq.start(def, bridge));
            }
            return new Running(bridge, pid);
        } catch (RuntimeException e) {
            while (!undo.isEmpty()) {
                try {
                    undo.pop().run();
                } catch (RuntimeException u) {
                    e.addSuppressed(u);
                    LOG.warn("network '{}': undoing a failed start: {}", def.name(), u.getMessage());
                }
            }
            throw e;
        }
    }

    /** Undoes everything {@link #start} made; goes on past a failing step and reports the first. */
    void stop(NetworkDef def, String bridge) {
        if (!virtual(def)) {
            return;
        }
        VirtException first = null;
        for (Runnable r : new Runnable[] { () -> dnsmasq.stop(def), () -> firewall.remove(def), () -> bridges.delete(bridge) }) {
            try {
                r.run();
            } catch (VirtException e) {
                LOG.warn("network '{}': {}", def.name(), e.getMessage());
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * A network that ran before the driver restarted: null when its bridge is gone (it is no
     * longer running); otherwise its dnsmasq, found again or restarted, and its firewall table,
     * put back when missing.
     */
    Running recover(NetworkDef def, String bridge) {
        if (!virtual(def)) {
            return new Running(bridge, 0);
        }
        if (!bridges.exists(bridge)) {
            dnsmasq.stop(def);
            firewall.remove(def);
            return null;
        }
        if (NftForwarding.wanted(def) && !firewall.present(def)) {
            LOG.info("network '{}': its firewall table was gone, putting it back", def.name());
            firewall.apply(def, bridge);
        }
        long pid = 0;
        if (DnsmasqDaemon.wanted(def)) {
            OptionalLong found = dnsmasq.find(def);
            if (found.isPresent()) {
                pid = found.getAsLong();
            } else {
                LOG.info("network '{}': its dnsmasq was gone, starting it again", def.name());
                pid = dnsmasq.start(def, bridge);
            }
        }
        return new Running(bridge, pid);
    }

    private static <T> T step(String what, java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (VirtException e) {
            String prefix = e.code().format("");
            String detail = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            throw new VirtException(e.code(), ErrorDomain.NETWORK, "failed to " + what + ": " + detail, e);
        }
    }

    private static void step(String what, Runnable r) {
        step(what, () -> {
            r.run();
            return null;
        });
    }
}
