package io.jvirt.driver.network;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The network driver's settings (PID {@value LinuxNetworkDriver#PID}).
 *
 * @param stateDir         where persistent definitions (config/), running networks (status/) and
 *                         autostart marks live
 * @param runDir           dnsmasq's files (configuration, hosts, pid, leases)
 * @param netns            the network namespace the bridges and dnsmasq live in (a path such as
 *                         /run/netns/NAME; the QEMU and LXC drivers' guests must be there too), or
 *                         null for the JVM's own
 * @param dnsmasq          the dnsmasq program
 * @param commandTimeoutMs what every host command may take
 * @param autostart        start the autostart networks when the driver starts
 * @param schemes          the URI schemes of the local drivers whose connections use these networks
 */
record NetworkSettings(Path stateDir, Path runDir, String netns, String dnsmasq, long commandTimeoutMs, boolean autostart,
        Set<String> schemes) {

    /** The prefix that runs a command in {@link #netns} ({@code nsenter --net=PATH}), empty for the JVM's. */
    List<String> netnsPrefix() {
        return netns == null || netns.isBlank() ? List.of() : List.of("nsenter", "--net=" + netns.trim());
    }
}
