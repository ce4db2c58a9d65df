package io.jvirt.core.kit.local;

import io.jvirt.core.kit.HostCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.InterfaceDef;

/**
 * The host side of bridge, network and ethernet interfaces, as libvirt makes it
 * (virNetDevTapCreateInBridgePort, virNetDevTapDelete): a tap device per interface ({@code vnetN},
 * or the interface's target dev), created by the driver before its hypervisor starts and handed to
 * it by name (QEMU's {@code -netdev tap,ifname=...}, bhyve's {@code virtio-net,vnetN}); for type
 * bridge attached to the
 * bridge, for type network to the bridge the network name was resolved to (already in the live
 * source, see {@link io.jvirt.core.kit.NetworkBridges}).
 * Its MAC is the guest's with the first byte 0xFE, so the bridge never takes the guest's address
 * as its own. The taps the driver made are deleted when the domain stops; a tap the definition
 * marks {@code managed='no'} is the administrator's: it must exist and is left alone.
 * The JDK cannot issue TUNSETIFF, so this runs iproute2's {@code ip}, inside the driver's configured
 * network namespace when there is one (the hypervisor runs there too, so it finds its taps by name).
 * Moved here from driver-qemu (QemuTaps) for the second driver that needs it (bhyve).
 *
 * @since 1.2.0
 */
public final class TapDevices {

    private static final Logger LOG = LoggerFactory.getLogger(TapDevices.class);
    private static final int NAME_ATTEMPTS = 16;
    private static final long IP_TIMEOUT_MS = 30_000;
    /** One name picker at a time per JVM: two starts must not both pick vnetN. */
    private static final Object NAMES = new Object();

    /** What runs {@code ip} in the namespace ({@code nsenter --net=...}), empty for the driver's own. */
    private final List<String> netnsPrefix;
    private final ErrorDomain domain;

    /**
     * @param netnsPrefix what runs {@code ip} in the driver's network namespace ({@code nsenter --net=PATH}), empty for the JVM's
     * @param domain      the driver's error domain
     */
    public TapDevices(List<String> netnsPrefix, ErrorDomain domain) {
        this.netnsPrefix = List.copyOf(netnsPrefix);
        this.domain = domain;
    }

    /**
     * Creates the taps of {@code live}'s bridge, network and ethernet interfaces and records their names as
     * the interfaces' target devs. On failure the taps made so far are deleted again.
     */
    public void create(DomainDef live) {
        List<String> made = new ArrayList<>();
        try {
            for (InterfaceDef nic : live.interfaces()) {
                if (!onBridge(nic) && !"ethernet".equals(nic.type())) {
                    continue;
                }
                if ("ethernet".equals(nic.type()) && "no".equals(nic.targetManaged())) {
                    if (nic.targetDev() == null || !exists(nic.targetDev())) {
                        throw new VirtException(ErrorCode.OPERATION_FAILED, domain,
                            "target managed='no' but specified dev '" + nic.targetDev() + "' doesn't exist");
                    }
                    continue;
                }
                String tap = add(nic.targetDev());
                made.add(tap);
                nic.targetDev(tap);
                if (nic.mac() != null) {
                    ip("link", "set", "dev", tap, "address", "fe" + nic.mac().substring(2));
                }
                if (onBridge(nic)) {
                    try {
                        ip("link", "set", "dev", tap, "master", nic.sourceBridge());
                    } catch (VirtException e) {
                        throw new VirtException(ErrorCode.SYSTEM_ERROR, domain,
                            "Unable to add bridge " + nic.sourceBridge() + " port " + tap + ": " + e.getMessage(), e);
                    }
                }
                ip("link", "set", "dev", tap, "up");
            }
        } catch (RuntimeException e) {
            made.forEach(this::deleteQuietly);
            throw e;
        }
    }

    /** Deletes the taps of {@code live} the driver made (libvirt's {@code virNetDevTapDelete} at stop). */
    public void delete(DomainDef live) {
        for (InterfaceDef nic : live.interfaces()) {
            boolean ours = onBridge(nic) || ("ethernet".equals(nic.type()) && !"no".equals(nic.targetManaged()));
            if (ours && nic.targetDev() != null) {
                deleteQuietly(nic.targetDev());
            }
        }
    }

    /** Type bridge, or type network (whose live source names the network's bridge). */
    private static boolean onBridge(InterfaceDef nic) {
        return "bridge".equals(nic.type()) || "network".equals(nic.type());
    }

    /** Adds a tap named {@code wanted}, or the first free vnetN (retried: another host process may take it first). */
    private String add(String wanted) {
        if (wanted != null && !wanted.startsWith("vnet")) {
            ip("tuntap", "add", "dev", wanted, "mode", "tap");
            return wanted;
        }
        VirtException last = null;
        for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
            String name = freeName();
            try {
                ip("tuntap", "add", "dev", name, "mode", "tap");
                return name;
            } catch (VirtException e) {
                last = e;
            }
        }
        throw last;
    }

    private String freeName() {
        synchronized (NAMES) {
            for (int i = 0; ; i++) {
                if (!exists("vnet" + i)) {
                    return "vnet" + i;
                }
            }
        }
    }

    /** Whether {@code dev} exists in the namespace (/sys/class/net shows only the JVM's own). */
    public boolean exists(String dev) {
        if (netnsPrefix.isEmpty()) {
            return Files.exists(Path.of("/sys/class/net", dev));
        }
        try {
            return HostCommand.run(command("link", "show", "dev", dev), IP_TIMEOUT_MS, domain).status() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(netnsPrefix);
        cmd.add("ip");
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void deleteQuietly(String tap) {
        if (!exists(tap)) {
            return;
        }
        try {
            ip("link", "del", "dev", tap);
        } catch (VirtException e) {
            LOG.warn("cannot delete tap device {}: {}", tap, e.getMessage());
        }
    }

    private void ip(String... args) {
        List<String> cmd = command(args);
        HostCommand.Result out;
        try {
            out = HostCommand.run(cmd, IP_TIMEOUT_MS, domain);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, domain,
                "cannot run 'ip' (iproute2) for a tap device: " + e.getMessage(), e);
        }
        if (out.status() != 0) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, domain, String.join(" ", cmd) + ": " + out.text());
        }
    }
}
