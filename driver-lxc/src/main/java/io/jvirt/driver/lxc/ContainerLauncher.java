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
 * a pipe used only for the start handshake, stderr appended to the domain's log file, stdout the
 * file console when there is one), with a fixed environment of its own (nothing of the JVM's or
 * the domain's), and follows its handshake: {@code waiting} (namespaces and mounts ready, init pid
 * known), then, after {@link #release}, {@code exec} and the init's own command line.
 */
final class ContainerLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerLauncher.class);

    /** A launched container waiting for the go. */
    record Launch(Process launcher, long initPid, long initStartTime, Path handshake, OutputStream go, String launcherCmdline,
                  Cgroup cgroup) {
    }

    private final HostTools tools;
    private final Path runDir;
    private final Path logDir;
    private final long timeoutMs;
    private final long logMaxBytes;

    ContainerLauncher(HostTools tools, Path runDir, Path logDir, long timeoutMs, long logMaxBytes) {
        this.tools = tools;
        this.runDir = runDir;
        this.logDir = logDir;
        this.timeoutMs = timeoutMs;
        this.logMaxBytes = logMaxBytes;
    }

    Path logFile(String name) {
        return logDir.resolve(name + ".log");
    }

    /** The empty directory the host's root is bound on for a container that shares it. */
    Path stageDir(String name) {
        return runDir.resolve(name + ".root");
    }

    private Path fifo(String name) {
        return runDir.resolve(name + ".out");
    }

    /**
     * Checks what can be checked on the host, then spawns the container into {@code cgroup}
     * (created by the caller, its limits and device rules set) and waits until it is ready for its
     * network.
     *
     * @param def     the live definition (with its root filesystem)
     * @param console a pty console's container side ({@code pty}), a file console ({@code file},
     *                opened here without following links), or null (the domain log)
     */
    Launch launch(DomainDef def, Cgroup cgroup, LauncherScript.Console console, List<String> caps) {
        Path rootfs = LxcDomainRules.checkStartable(def);
        if (!executableInRoot(rootfs, def.os().init())) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.LXC,
                "cannot find init path '" + def.os().init() + "' relative to container root, or it is not executable");
        }
        String name = def.name();
        Path script = runDir.resolve(name + ".sh");
        Path handshake = runDir.resolve(name + ".start");
        Process p;
        ConsoleFile consoleFile = null;
        try {
            Files.createDirectories(runDir);
            Files.createDirectories(logDir);
            Files.deleteIfExists(handshake);
            Path helpers = runDir.resolve("bin");
            if (IdMap.of(def) != null) {
                IdMap.writeMapHelpers(helpers);
            }
            LauncherScript.Plan plan = new LauncherScript.Plan(def, rootfs, stageDir(name), handshake, cgroup.procsFiles(),
                helpers, console, fifo(name), logFile(name), logMaxBytes, caps);
            if (plan.sharedRoot()) {
                Files.createDirectories(stageDir(name));
            }
            Files.writeString(script, LauncherScript.build(plan, tools));
            ProcessBuilder pb = new ProcessBuilder(tools.setsid.toString(), tools.sh.toString(), script.toString(), "outer");
            // the launcher runs as root on the host: a fixed environment, never the domain's initenv
            pb.environment().clear();
            pb.environment().put("PATH", HostTools.LAUNCHER_PATH);
            pb.directory(Path.of("/").toFile());
            rotate(logFile(name));
            Files.writeString(logFile(name), "jvirt: starting container " + name + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile(name).toFile());
            if (console != null && console.file()) {
                consoleFile = ConsoleFile.open(console.path(), console.append());
                pb.redirectOutput(ProcessBuilder.Redirect.appendTo(consoleFile.descriptor().toFile()));
            } else {
                pb.redirectOutput(log);
            }
            pb.redirectError(log);
            p = pb.start();
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LXC, "cannot launch container " + name + ": " + e, e);
        } finally {
            if (consoleFile != null) {
                consoleFile.close(); // the launcher has its own descriptor of the file now
            }
        }
        long initPid;
        try {
            waitFor(name, p, handshake, "waiting", cgroup);
            initPid = findInit(name, p);
        } catch (RuntimeException e) {
            closeQuietly(p);
            throw e;
        }
        OptionalLong start = ProcFs.startTime(initPid);
        if (start.isEmpty()) {
            closeQuietly(p);
            throw failed(name, "the container's init went away");
        }
        LOG.debug("container {}: launcher {} init {}", name, p.pid(), initPid);
        // the init's command line until it execs the domain's init: how unshare ran the inner stage
        return new Launch(p, initPid, start.getAsLong(), handshake, p.getOutputStream(), LauncherScript.launcherCmdline(tools),
            cgroup);
    }

    /**
     * The driver's own lines go straight into the log, the container's through the capped relay:
     * a log that reached the cap before a start becomes {@code .1} first, so neither grows without bound.
     */
    private void rotate(Path log) throws IOException {
        if (Files.isRegularFile(log, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.size(log) >= logMaxBytes) {
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
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
        waitFor(name, l.launcher(), l.handshake(), "exec", l.cgroup());
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
            throw failed(name, "init exited at once" + logTail(name, l.cgroup()));
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

    /** Removes what a run left in the run directory (the caller has ended its processes). */
    void removeRunFiles(String name) {
        for (Path f : List.of(fifo(name), runDir.resolve(name + ".start"), stageDir(name))) {
            try {
                Files.deleteIfExists(f); // the stage is an empty directory on the host (the bind was the container's)
            } catch (IOException e) {
                LOG.debug("cannot remove {}", f, e);
            }
        }
    }

    private void waitFor(String name, Process p, Path handshake, String word, Cgroup cgroup) {
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
            throw failed(name, (ok ? "the launcher exited" : "no answer from the launcher in " + timeoutMs + " ms")
                + (ok ? logTail(name, cgroup) : ""));
        }
    }

    /**
     * The last lines of the log. The container's output reaches it through the relay, which ends
     * once nothing of the container is left to write: waited for (briefly) so the lines are there.
     */
    private String logTail(String name, Cgroup cgroup) {
        Cgroup.await(() -> cgroup.pids().isEmpty(), 2_000);
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
