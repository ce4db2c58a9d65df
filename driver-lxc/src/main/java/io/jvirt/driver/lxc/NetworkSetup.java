package io.jvirt.driver.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.InterfaceDef;
import io.jvirt.api.domain.XmlElement;

/**
 * The container's network, as libvirt's LXC driver builds it: its own network namespace with the
 * loopback up and, per {@code <interface>}, a veth pair whose host end ({@code vnetN}, or the
 * interface's target dev) is attached to the bridge (type bridge, or type network through the
 * bridge the network names) or left to the administrator (type ethernet), and whose other end is moved into the container and renamed (eth0, eth1, ...
 * or {@code <guest dev>}). The host ends vanish with the namespace when the container dies.
 */
final class NetworkSetup {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkSetup.class);

    private final HostTools tools;
    /** What runs {@code ip} in the namespace of the host ends ({@code nsenter --net=PATH}), empty for the driver's own. */
    private final List<String> netnsPrefix;

    NetworkSetup(HostTools tools, List<String> netnsPrefix) {
        this.tools = tools;
        this.netnsPrefix = List.copyOf(netnsPrefix);
    }

    /** Sets up the interfaces of {@code nets} (live definitions: their target dev is filled in). */
    void attach(List<InterfaceDef> nets, long initPid) {
        if (tools.ip == null || tools.nsenter == null) {
            if (!nets.isEmpty()) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LXC,
                    "network interfaces need the host programs 'ip' and 'nsenter'");
            }
            return;
        }
        List<String> created = new ArrayList<>();
        try {
            inContainer(initPid, "link", "set", "dev", "lo", "up");
            for (int i = 0; i < nets.size(); i++) {
                InterfaceDef net = nets.get(i);
                String host = net.targetDev() != null ? net.targetDev() : freeName();
                // created where the host ends live; "netns PID" then moves the peer into the
                // container from there (a pid names its namespace whichever namespace asks)
                String peer = "jvp" + Long.toHexString(ThreadLocalRandom.current().nextLong(0x10000000L, 0xffffffffL));
                ip("link", "add", host, "type", "veth", "peer", "name", peer);
                created.add(host);
                net.targetDev(host);
                ip("link", "set", "dev", peer, "netns", Long.toString(initPid));
                List<String> guest = new ArrayList<>(List.of("link", "set", "dev", peer, "name", guestName(net, i)));
                if (net.mac() != null) {
                    guest.add("address");
                    guest.add(net.mac());
                }
                inContainer(initPid, guest.toArray(String[]::new));
                if (!"down".equals(net.linkState())) {
                    inContainer(initPid, "link", "set", "dev", guestName(net, i), "up");
                }
                if ("bridge".equals(net.type()) || "network".equals(net.type())) {
                    // a network's bridge was resolved into the live source before the start
                    ip("link", "set", "dev", host, "master", net.sourceBridge());
                }
                ip("link", "set", "dev", host, "up");
            }
        } catch (VirtException e) {
            for (String h : created) {
                try {
                    ip("link", "del", h);
                } catch (VirtException ignored) {
                    // gone with its peer already
                }
            }
            throw e;
        }
    }

    private static String guestName(InterfaceDef net, int index) {
        for (XmlElement k : net.kept()) {
            if ("guest".equals(k.name()) && k.attributes().get("dev") != null) {
                return k.attributes().get("dev");
            }
        }
        return "eth" + index;
    }

    /** The first vnetN not in use in the host ends' namespace. */
    private synchronized String freeName() {
        for (int i = 0; ; i++) {
            if (!exists("vnet" + i)) {
                return "vnet" + i;
            }
        }
    }

    /** Whether a device of that name exists where the host ends live. */
    boolean exists(String dev) {
        if (netnsPrefix.isEmpty()) {
            return Files.exists(Path.of("/sys/class/net", dev));
        }
        List<String> cmd = new ArrayList<>(netnsPrefix);
        cmd.addAll(List.of(tools.ip.toString(), "link", "show", "dev", dev));
        try {
            return io.jvirt.core.kit.HostCommand.run(cmd, 30_000, ErrorDomain.LXC).status() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private void ip(String... args) {
        List<String> cmd = new ArrayList<>(netnsPrefix);
        cmd.add(tools.ip.toString());
        cmd.addAll(List.of(args));
        exec(cmd);
    }

    private void inContainer(long pid, String... args) {
        List<String> cmd = new ArrayList<>(List.of(tools.nsenter.toString(), "-t", Long.toString(pid), "-n", tools.ip.toString()));
        cmd.addAll(List.of(args));
        exec(cmd);
    }

    private static void exec(List<String> cmd) {
        try {
            HostTools.run(cmd);
        } catch (IOException e) {
            LOG.debug("network setup failed", e);
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LXC, "failed to set up the container network: " + e.getMessage(), e);
        }
    }
}
