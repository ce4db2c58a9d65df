package io.jvirt.driver.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.network.NetworkDef;
import io.jvirt.core.kit.AtomicFiles;
import io.jvirt.core.kit.local.HostProcFs;

/**
 * A network's dnsmasq: its files in the driver's run directory (configuration exact to libvirt's,
 * plus jvirt's pid-file line; hosts files; the lease file dnsmasq keeps itself), started the way
 * libvirt starts it (dnsmasq daemonizes once it is ready, so a configuration error is the start's
 * error), found again after a restart by its pid file and checked by its command line, and stopped
 * by pid only when that pid is still this network's dnsmasq.
 *
 * <p>Files are named after the network's UUID, not its name: a name is any text, the UUID is safe
 * in a path.
 */
final class DnsmasqDaemon {

    private static final long TERM_MILLIS = 5_000;

    private final HostNet net;
    private final Path runDir;
    private final String program;

    DnsmasqDaemon(HostNet net, Path runDir, String program) {
        this.net = net;
        this.runDir = runDir;
        this.program = program;
    }

    Path confFile(NetworkDef def) {
        return runDir.resolve(def.uuid() + ".conf");
    }

    Path pidFile(NetworkDef def) {
        return runDir.resolve(def.uuid() + ".pid");
    }

    Path leaseFile(NetworkDef def) {
        return runDir.resolve(def.uuid() + ".leases");
    }

    /**
     * Whether the network needs a dnsmasq at all, as libvirt's networkStartDhcpDaemon decides: not
     * without an address, nor when no address serves DHCP and DNS is disabled.
     */
    static boolean wanted(NetworkDef def) {
        if (def.ips().isEmpty()) {
            return false;
        }
        boolean dhcp = def.ips().stream().anyMatch(ip -> !ip.ranges().isEmpty() || !ip.hosts().isEmpty());
        return dhcp || !Boolean.FALSE.equals(def.dns().enable());
    }

    /** Writes the files and starts dnsmasq; returns its pid. */
    long start(NetworkDef def, String bridge) {
        DnsmasqConfig.Paths paths = new DnsmasqConfig.Paths(runDir.resolve(def.uuid() + ".hostsfile").toString(),
                runDir.resolve(def.uuid() + ".addnhosts").toString());
        DnsmasqConfig.Files files = DnsmasqConfig.build(def, bridge, paths, pidFile(def).toString());
        AtomicFiles.write(Path.of(paths.hostsFile()), bytes(files.hostsFile() == null ? "" : files.hostsFile()), false);
        AtomicFiles.write(Path.of(paths.addnHostsFile()), bytes(files.addnHosts()), false);
        AtomicFiles.write(confFile(def), bytes(files.conf()), false);
        AtomicFiles.deleteQuietly(pidFile(def));
        net.run(program, "--conf-file=" + confFile(def), "--dhcp-leasefile=" + leaseFile(def));
        OptionalLong pid = find(def);
        if (pid.isEmpty()) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.NETWORK,
                    "dnsmasq for network '" + def.name() + "' did not leave a running process behind " + pidFile(def));
        }
        return pid.getAsLong();
    }

    /** This network's running dnsmasq from its pid file, when the pid is still dnsmasq on our configuration. */
    OptionalLong find(NetworkDef def) {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile(def)).trim());
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        List<String> cmd = HostProcFs.cmdline(pid);
        boolean ours = !cmd.isEmpty() && Path.of(cmd.get(0)).getFileName().toString().equals("dnsmasq")
                && cmd.contains("--conf-file=" + confFile(def));
        return ours ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    /** Stops the network's dnsmasq (if it runs) and removes its files but the lease file. */
    void stop(NetworkDef def) {
        OptionalLong pid = find(def);
        if (pid.isPresent()) {
            OptionalLong started = HostProcFs.startTime(pid.getAsLong());
            if (started.isPresent() && !HostProcFs.terminate(pid.getAsLong(), started.getAsLong(), TERM_MILLIS)) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.NETWORK,
                        "dnsmasq (pid " + pid.getAsLong() + ") of network '" + def.name() + "' did not stop");
            }
        }
        for (String suffix : List.of(".conf", ".pid", ".hostsfile", ".addnhosts")) {
            AtomicFiles.deleteQuietly(runDir.resolve(def.uuid() + suffix));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
