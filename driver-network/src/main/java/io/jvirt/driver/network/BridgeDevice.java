package io.jvirt.driver.network;

import java.util.regex.Pattern;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.network.NetworkDef;

/**
 * A network's bridge as libvirt's networkStartNetworkVirtual makes it: the bridge device with the
 * definition's MAC (or none: the kernel's), MTU and STP settings, its IPv4 and IPv6 addresses, up.
 */
final class BridgeDevice {

    /** What Linux takes as an interface name (IFNAMSIZ 16 with its NUL; no '/', ':' or white space). */
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.+-]{1,15}");

    private final HostNet net;

    BridgeDevice(HostNet net) {
        this.net = net;
    }

    /** Refuses a bridge name Linux (or a command line) cannot take, before anything is made. */
    static String checkName(String name) {
        if (name == null || !IFNAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK,
                    "bridge name '" + name + "' is not a valid interface name");
        }
        return name;
    }

    boolean exists(String name) {
        return net.result("ip", "link", "show", "dev", name).status() == 0;
    }

    /** Creates and configures the bridge; the caller deletes it again when a later step fails. */
    void create(NetworkDef def, String name) {
        net.run("ip", "link", "add", "name", name, "type", "bridge",
                "stp_state", def.bridge().stp() ? "1" : "0",
                // libvirt's delay is in seconds, the kernel's forward_delay in centiseconds
                "forward_delay", Long.toString(def.bridge().delay() * 100));
        if (def.mac() != null) {
            net.run("ip", "link", "set", "dev", name, "address", def.mac());
        }
        if (def.mtu() > 0) {
            net.run("ip", "link", "set", "dev", name, "mtu", Long.toString(def.mtu()));
        }
        for (NetworkDef.Ip ip : def.ips()) {
            String[] argv = ip.isIpv6()
                    // no duplicate address detection: the address is the bridge's own from the start
                    ? new String[] { "ip", "-6", "addr", "add", ip.address() + "/" + ip.effectivePrefix(), "dev", name, "nodad" }
                    : new String[] { "ip", "addr", "add", ip.address() + "/" + ip.effectivePrefix(), "dev", name };
            net.run(argv);
        }
        net.run("ip", "link", "set", "dev", name, "up");
    }

    /** Deletes the bridge; quiet when it is already gone. */
    void delete(String name) {
        if (exists(name)) {
            net.run("ip", "link", "delete", "dev", name, "type", "bridge");
        }
    }
}
