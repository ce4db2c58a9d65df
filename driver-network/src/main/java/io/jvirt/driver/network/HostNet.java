package io.jvirt.driver.network;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.HostCommand;

/**
 * Runs the network driver's host commands ({@code ip}, {@code nft}, {@code sysctl}, {@code dnsmasq})
 * as argv lists, never through a shell, bounded in time, inside the driver's network namespace when
 * one is configured ({@code nsenter --net=PATH}, the same prefix the QEMU driver uses for its taps,
 * so that guests and networks meet in one namespace).
 */
final class HostNet {

    private final List<String> netnsPrefix;
    private final long timeoutMs;

    HostNet(List<String> netnsPrefix, long timeoutMs) {
        this.netnsPrefix = List.copyOf(netnsPrefix);
        this.timeoutMs = timeoutMs;
    }

    /** Runs the command; a non-zero exit becomes OPERATION_FAILED naming the command and its output. */
    String run(String... argv) {
        HostCommand.Result r = result(argv);
        if (r.status() != 0) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.NETWORK,
                    String.join(" ", argv) + " failed (exit " + r.status() + "): " + r.text());
        }
        return r.output();
    }

    /** Runs the command and returns its result whatever the exit status (for probes and undo). */
    HostCommand.Result result(String... argv) {
        List<String> cmd = new ArrayList<>(netnsPrefix);
        cmd.addAll(List.of(argv));
        try {
            return HostCommand.run(cmd, timeoutMs, ErrorDomain.NETWORK);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.NETWORK,
                    "cannot run " + argv[0] + ": " + e.getMessage());
        }
    }
}
