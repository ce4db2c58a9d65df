package io.jvirt.driver.lxc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.AtomicFiles;

/**
 * The host side of a {@code <console type='pty'>}, as libvirt's LXC controller provides it: two
 * pseudo-terminals and a relay between their masters. The container's init gets the slave of one
 * as its stdin, stdout, stderr and /dev/console; the slave of the other is the {@code /dev/pts/N}
 * the live XML shows, which a user opens (libvirt's {@code virsh console}) and closes as often as
 * they like.
 *
 * <p>The JDK cannot allocate ptys (no ioctl), so the relay is socat ({@code PTY,link=...} twice),
 * started through {@code setsid} so that, like the container, it belongs to no JVM session and
 * survives driver restarts. The host side is raw and ignores the hang-up of a departing user
 * ({@code ignoreeof}); the container side keeps its default line discipline and ends the relay when
 * the last process of the container closes it. The relay's pid and start time are kept in
 * {@code run/<name>.relay}, so a restarted driver finds it again and ends it with the container.
 */
final class ConsoleRelay {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRelay.class);

    /** A running relay: its process and the two slave paths. */
    record Relay(long pid, long startTime, String hostTty, String containerTty) {
        boolean alive() {
            return ProcFs.sameProcess(pid, startTime);
        }
    }

    private final HostTools tools;
    private final Path runDir;
    private final Path logDir;
    private final long timeoutMs;

    ConsoleRelay(HostTools tools, Path runDir, Path logDir, long timeoutMs) {
        this.tools = tools;
        this.runDir = runDir;
        this.logDir = logDir;
        this.timeoutMs = timeoutMs;
    }

    /** Starts the relay of container {@code name} and returns once both ptys exist. */
    Relay start(String name) {
        if (tools.socat == null) {
            throw LxcDomainRules.unsupported("a pty console needs the host program 'socat' (apt-get install socat)");
        }
        Path hostLink = runDir.resolve(name + ".pty");
        Path containerLink = runDir.resolve(name + ".pty-container");
        Process p;
        try {
            Files.createDirectories(runDir);
            Files.createDirectories(logDir);
            Files.deleteIfExists(hostLink);
            Files.deleteIfExists(containerLink);
            Files.deleteIfExists(stateFile(name));
            ProcessBuilder pb = new ProcessBuilder(tools.setsid.toString(), tools.socat.toString(),
                "PTY,link=" + socatValue(hostLink.toString()) + ",rawer,ignoreeof",
                "PTY,link=" + socatValue(containerLink.toString()) + ",wait-slave");
            pb.environment().clear(); // nothing of the JVM's environment is the relay's business
            pb.environment().put("PATH", HostTools.LAUNCHER_PATH);
            pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(name + ".log").toFile()));
            pb.redirectErrorStream(true);
            p = pb.start();
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LXC, "cannot start the console relay of " + name + ": " + e, e);
        }
        // setsid execs in place (a child of the JVM never leads a process group): the pid is socat's
        boolean ready = Cgroup.await(() -> Files.isSymbolicLink(hostLink) && Files.isSymbolicLink(containerLink) || !p.isAlive(), timeoutMs);
        OptionalLong start = ProcFs.startTime(p.pid());
        if (!ready || !p.isAlive() || start.isEmpty()) {
            p.destroy();
            throw ContainerLauncher.failed(name, "the console relay (socat) did not create its ptys"
                + (ready ? ": it exited, see " + logDir.resolve(name + ".log") : " in " + timeoutMs + " ms"));
        }
        Relay r;
        try {
            r = new Relay(p.pid(), start.getAsLong(), Files.readSymbolicLink(hostLink).toString(),
                Files.readSymbolicLink(containerLink).toString());
            save(name, r);
        } catch (IOException | RuntimeException e) {
            stop(name, new Relay(p.pid(), start.getAsLong(), "", ""));
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LXC, "cannot record the console relay of " + name + ": " + e, e);
        }
        LOG.debug("console of {}: {} (container side {}), relay {}", name, r.hostTty(), r.containerTty(), r.pid());
        return r;
    }

    /** The relay a previous driver started for {@code name}, if it still runs; else null. */
    Relay find(String name) {
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(Files.readString(stateFile(name), StandardCharsets.UTF_8)));
            Relay r = new Relay(Long.parseLong(p.getProperty("pid")), Long.parseLong(p.getProperty("startTime")),
                p.getProperty("hostTty", ""), p.getProperty("containerTty", ""));
            return r.alive() ? r : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Ends the relay (only if it is still the same process) and forgets it. */
    void stop(String name, Relay r) {
        if (r != null && r.alive()) {
            ProcessHandle.of(r.pid()).ifPresent(ProcessHandle::destroy);
            if (!Cgroup.await(() -> !r.alive(), timeoutMs)) {
                ProcessHandle.of(r.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        for (Path f : List.of(stateFile(name), runDir.resolve(name + ".pty"), runDir.resolve(name + ".pty-container"))) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                LOG.debug("cannot remove {}", f, e);
            }
        }
    }

    /**
     * A value inside a socat address: socat splits addresses at ':', ',' and "!!" and reads quotes
     * and brackets, so every character but letters, digits and {@code / . _ -} is escaped with a
     * backslash (socat 1.7.4's address lexer takes the next character literally). A domain name or a
     * state directory then stays one path, never more options.
     */
    static String socatValue(String value) {
        StringBuilder b = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '.' || c == '_'
                || c == '-')) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    private Path stateFile(String name) {
        return runDir.resolve(name + ".relay");
    }

    /** Atomic, so a reader never sees half of it; not forced to disk, like the status files it sits beside. */
    private void save(String name, Relay r) {
        String text = "pid=" + r.pid() + "\nstartTime=" + r.startTime() + "\nhostTty=" + r.hostTty()
            + "\ncontainerTty=" + r.containerTty() + "\n";
        AtomicFiles.write(stateFile(name), text.getBytes(StandardCharsets.UTF_8), false);
    }
}
