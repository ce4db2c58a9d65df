package io.jvirt.driver.lxc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;

/**
 * Spawns a container through {@link LauncherScript}, detached from the JVM ({@code setsid}, stdin
 * a pipe used only for the start handshake, stdout and stderr appended to the domain's log file),
 * and follows its handshake: {@code waiting} (namespaces and mounts ready, init pid known),
 * then, after {@link #release}, {@code exec} and the init's own command line.
 */
final class ContainerLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerLauncher.class);

    /** A launched container waiting for the go. */
    record Launch(Process launcher, long initPid, long initStartTime, Path handshake, OutputStream go, String launcherCmdline) {
    }

    private final HostTools tools;
    private final Path runDir;
    private final Path logDir;
    private final long timeoutMs;

    ContainerLauncher(HostTools tools, Path runDir, Path logDir, long timeoutMs) {
        this.tools = tools;
        this.runDir = runDir;
        this.logDir = logDir;
        this.timeoutMs = timeoutMs;
    }

    Path logFile(String name) {
        return logDir.resolve(name + ".log");
    }

    /**
     * Checks what can be checked on the host, then spawns the container into {@code cgroup}
     * (created by the caller) and waits until it is ready for its network.
     */
    Launch launch(DomainDef def, Cgroup cgroup, LauncherScript.Console console) {
        Path rootfs = LxcDomainRules.checkStartable(def);
        if (rootfs != null && !executableInRoot(rootfs, def.os().init())) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.LXC,
                "cannot find init path '" + def.os().init() + "' relative to container root, or it is not executable");
        }
        Path script = runDir.resolve(def.name() + ".sh");
        Path handshake = runDir.resolve(def.name() + ".start");
        Process p;
        try {
            Files.createDirectories(runDir);
            Files.createDirectories(logDir);
            Files.deleteIfExists(handshake);
            Path helpers = runDir.resolve("bin");
            if (IdMap.of(def) != null) {
                IdMap.writeMapHelpers(helpers);
            }
            Files.writeString(script, LauncherScript.build(def, rootfs, handshake, cgroup.procsFiles(), helpers, tools, console));
            ProcessBuilder pb = new ProcessBuilder(tools.setsid.toString(), tools.sh.toString(), script.toString(), "outer");
            LauncherScript.environment(def, pb.environment());
            pb.directory(Path.of("/").toFile());
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(def.name()).toFile()));
            pb.redirectErrorStream(true);
            Files.writeString(logFile(def.name()), "jvirt: starting container " + def.name() + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            p = pb.start();
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LXC, "cannot launch container " + def.name() + ": " + e, e);
        }
        long initPid;
        try {
            waitFor(def.name(), p, handshake, "waiting");
            initPid = findInit(def.name(), p);
        } catch (RuntimeException e) {
            closeQuietly(p);
            throw e;
        }
        OptionalLong start = ProcFs.startTime(initPid);
        if (start.isEmpty()) {
            closeQuietly(p);
            throw failed(def.name(), "the container's init went away");
        }
        LOG.debug("container {}: launcher {} init {}", def.name(), p.pid(), initPid);
        // the init's command line until it execs the domain's init: how unshare ran the inner stage
        String launcherCmdline = LauncherScript.launcherCmdline(def, script, tools);
        return new Launch(p, initPid, start.getAsLong(), handshake, p.getOutputStream(), launcherCmdline);
    }

    /** unshare forked the container's init (pid 1 inside): the launcher's only child. */
    private long findInit(String name, Process p) {
        long[] init = new long[1];
        Cgroup.await(() -> {
            List<Long> c = ProcFs.children(p.pid());
            if (c.size() == 1) {
                init[0] = c.get(0);
                return true;
            }
            return !p.isAlive();
        }, timeoutMs);
        if (init[0] <= 0) {
            throw failed(name, "cannot find the container's init process");
        }
        return init[0];
    }

    private static void closeQuietly(Process p) {
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // gone already
        }
    }

    /** Lets the container go on to pivot into its root and exec its init; returns once init runs. */
    void release(String name, Launch l) {
        try {
            l.go().write("go\n".getBytes(StandardCharsets.US_ASCII));
            l.go().close();
        } catch (IOException e) {
            throw failed(name, "the launcher went away: " + e.getMessage());
        }
        waitFor(name, l.launcher(), l.handshake(), "exec");
        // between "exec" and the exec itself the init's command line is still the launcher's
        // (an exiting process shows an empty command line before it turns zombie: that is no exec)
        boolean execd = Cgroup.await(() -> {
            if (!ProcFs.alive(l.initPid())) {
                return true;
            }
            String cmdline = ProcFs.cmdline(l.initPid());
            return cmdline != null && !cmdline.isEmpty() && !l.launcherCmdline().equals(cmdline);
        }, timeoutMs);
        if (!ProcFs.sameProcess(l.initPid(), l.initStartTime())) {
            throw failed(name, "init exited at once" + logTail(name));
        }
        if (!execd) {
            throw failed(name, "init did not start in " + timeoutMs + " ms");
        }
        try {
            // the old root's empty mount point, seen through the init's root
            Files.deleteIfExists(Path.of("/proc", Long.toString(l.initPid()), "root").resolve(LauncherScript.OLD_ROOT.substring(1)));
        } catch (IOException e) {
            LOG.debug("cannot remove the old root mount point of {}", name, e);
        }
        try {
            Files.deleteIfExists(l.handshake());
        } catch (IOException e) {
            LOG.debug("cannot remove {}", l.handshake(), e);
        }
    }

    /** Ends a launch that will not be released (the caller kills the cgroup). */
    void abandon(Launch l) {
        try {
            l.go().close();
        } catch (IOException e) {
            // gone already
        }
    }

    private void waitFor(String name, Process p, Path handshake, String word) {
        String[] last = {""};
        boolean ok = Cgroup.await(() -> {
            last[0] = readQuietly(handshake);
            return last[0].contains(word + "\n") || last[0].contains("error: ") || !p.isAlive() && !last[0].contains(word);
        }, timeoutMs);
        last[0] = readQuietly(handshake);
        int err = last[0].indexOf("error: ");
        if (err >= 0) {
            throw failed(name, last[0].substring(err + 7).trim());
        }
        if (!last[0].contains(word + "\n")) {
            throw failed(name, (ok ? "the launcher exited" : "no answer from the launcher in " + timeoutMs + " ms") + logTail(name));
        }
    }

    private String logTail(String name) {
        String log = readQuietly(logFile(name));
        String[] lines = log.split("\n");
        String tail = String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 5), lines.length)).trim();
        return tail.isEmpty() ? "" : ": " + tail;
    }

    private static String readQuietly(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static VirtException failed(String name, String why) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LXC, "guest failed to start: " + why);
    }

    /**
     * Whether {@code path} names an executable regular file inside {@code root}, following
     * symbolic links as the container will see them (absolute targets restart at the root,
     * ".." stops at it).
     */
    static boolean executableInRoot(Path root, String path) {
        Deque<String> todo = new ArrayDeque<>(Arrays.asList(path.split("/")));
        Path cur = root;
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pollFirst();
            if (part.isEmpty() || ".".equals(part)) {
                continue;
            }
            if ("..".equals(part)) {
                cur = cur.equals(root) ? root : cur.getParent();
                continue;
            }
            Path next = cur.resolve(part);
            if (Files.isSymbolicLink(next)) {
                if (++links > 40) {
                    return false;
                }
                String target;
                try {
                    target = Files.readSymbolicLink(next).toString();
                } catch (IOException e) {
                    return false;
                }
                if (target.startsWith("/")) {
                    cur = root;
                }
                List<String> parts = Arrays.asList(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
            } else {
                cur = next;
            }
        }
        return Files.isRegularFile(cur, LinkOption.NOFOLLOW_LINKS) && Files.isExecutable(cur);
    }
}
