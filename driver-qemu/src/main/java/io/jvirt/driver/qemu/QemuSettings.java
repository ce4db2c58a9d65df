package io.jvirt.driver.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.StateStore;
import io.jvirt.core.kit.local.HostPrograms;

/**
 * The driver's settings (PID {@code io.jvirt.driver.qemu}), as plain values so that tests and
 * embedders need no ConfigAdmin.
 *
 * @param emulator          the QEMU binary; blank: {@code qemu-system-x86_64} found on the PATH
 * @param systemRoot        state root of {@code qemu:///system}
 * @param sessionRoot       state root of {@code qemu:///session}
 * @param monitorTimeoutMs  how long a start waits for QEMU's monitor, and a reconnect for its answer
 * @param commandTimeoutMs  bound on one QMP command
 * @param destroyTimeoutMs  how long destroy waits after SIGTERM before SIGKILL
 * @param probeTimeoutMs    bound on each capability probe run (including the KVM trial)
 * @param autostart         whether to start autostart domains at the first activation after a host boot
 * @param netns             the network namespace (a path such as /run/netns/NAME) QEMU and the taps it
 *                          uses are created in; blank: the driver's own. The bridges must be there too
 * @param userNetwork       the backend of user interfaces: auto, passt or slirp ({@link QemuUserNet})
 */
record QemuSettings(String emulator, Path systemRoot, Path sessionRoot, long monitorTimeoutMs,
                    long commandTimeoutMs, long destroyTimeoutMs, long probeTimeoutMs, boolean autostart, String netns,
                    String userNetwork) {

    /** Settings in the driver's own network namespace, user networking chosen automatically. */
    QemuSettings(String emulator, Path systemRoot, Path sessionRoot, long monitorTimeoutMs, long commandTimeoutMs,
                 long destroyTimeoutMs, long probeTimeoutMs, boolean autostart) {
        this(emulator, systemRoot, sessionRoot, monitorTimeoutMs, commandTimeoutMs, destroyTimeoutMs, probeTimeoutMs, autostart, "", "auto");
    }

    static final String DEFAULT_BINARY = "qemu-system-x86_64";

    /** Defaults under {@code root} (system/ and session/ below it). */
    static QemuSettings defaults(Path root) {
        return new QemuSettings("", root.resolve("system"), root.resolve("session"), 30_000, 30_000, 10_000, 10_000, true);
    }

    /** The default root: {@code ${jvirt.state.dir}/qemu}, else {@code ${karaf.data}/jvirt/qemu}, else {@code ./data/jvirt/qemu}. */
    static Path defaultRoot() {
        return StateStore.defaultRoot("qemu");
    }

    QemuSettings withEmulator(String e) {
        return new QemuSettings(e, systemRoot, sessionRoot, monitorTimeoutMs, commandTimeoutMs, destroyTimeoutMs, probeTimeoutMs, autostart, netns, userNetwork);
    }

    QemuSettings withNetns(String ns) {
        return new QemuSettings(emulator, systemRoot, sessionRoot, monitorTimeoutMs, commandTimeoutMs, destroyTimeoutMs, probeTimeoutMs, autostart, ns, userNetwork);
    }

    QemuSettings withUserNetwork(String backend) {
        return new QemuSettings(emulator, systemRoot, sessionRoot, monitorTimeoutMs, commandTimeoutMs, destroyTimeoutMs, probeTimeoutMs, autostart, netns, backend);
    }

    /**
     * The prefix that runs a command in {@link #netns} ({@code nsenter --net=PATH}, which execs the
     * command in place, so a spawned pid stays the command's), empty for the driver's own namespace.
     */
    java.util.List<String> netnsPrefix() {
        if (netns == null || netns.isBlank()) {
            return java.util.List.of();
        }
        return java.util.List.of("nsenter", "--net=" + netns.trim());
    }

    /** Where the configured or default binary is: the kit's lookup on the PATH, then the system directories. */
    Path findEmulator() {
        if (emulator != null && !emulator.isBlank()) {
            Path p = Path.of(emulator.trim());
            if (Files.isExecutable(p)) {
                return p;
            }
            throw missing(p.toString(), List.of(p));
        }
        return HostPrograms.findOnPath(DEFAULT_BINARY).orElseThrow(() -> missing(DEFAULT_BINARY,
            HostPrograms.searchPath().stream().map(d -> Path.of(d, DEFAULT_BINARY)).toList()));
    }

    private static VirtException missing(String binary, List<Path> tried) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU,
            "Cannot find QEMU binary " + binary + ": No such file or directory (looked for "
                + tried.stream().map(Path::toString).distinct().toList()
                + "; install qemu-system-x86 or set 'emulator' in the configuration io.jvirt.driver.qemu)");
    }
}
