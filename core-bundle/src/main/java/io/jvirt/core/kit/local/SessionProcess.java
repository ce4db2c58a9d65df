package io.jvirt.core.kit.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * A hypervisor process a local driver starts and tracks: in a session of its own ({@code setsid},
 * so that the container's terminal, process group and signals do not reach it and it outlives the
 * JVM), stdin from /dev/null, stdout and stderr appended to the domain's log. {@code setsid} execs
 * in place (a child of the JVM never leads a process group), so the pid is the program's.
 *
 * @since 1.2.0
 */
public final class SessionProcess {

    private static final Logger LOG = LoggerFactory.getLogger(SessionProcess.class);

    private SessionProcess() {
    }

    /** Starts {@code argv} (after writing it to {@code log}); SYSTEM_ERROR "cannot execute binary" when it cannot. */
    public static Process spawn(List<String> argv, DomainLog log, ErrorDomain domain) {
        List<String> cmd = new ArrayList<>();
        String setsid = HostPrograms.find("setsid").map(Path::toString).orElse(null);
        if (setsid != null) {
            cmd.add(setsid);
        } else {
            LOG.warn("setsid not found: {} runs in the container's session and may receive its signals", argv.get(0));
        }
        cmd.addAll(argv);
        log.command(argv);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()))
                .redirectErrorStream(true);
            pb.environment().put("LC_ALL", "C");
            return pb.start();
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, domain, "cannot execute binary " + argv.get(0) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the running process {@code pid} that started at {@code startTime} is the one started
     * with {@code argv}: its command line is {@code argv}, or {@code argv} after an interpreter (a
     * script started through its {@code #!} line shows the interpreter first). A pid the kernel gave
     * to another process since, or a process that is another program, is not.
     */
    public static boolean isRunning(long pid, long startTime, List<String> argv) {
        if (argv.isEmpty() || startTime < 0 || !HostProcFs.sameProcess(pid, startTime)) {
            return false;
        }
        List<String> cmd = HostProcFs.cmdline(pid);
        return cmd.equals(argv) || cmd.size() == argv.size() + 1 && cmd.subList(1, cmd.size()).equals(argv);
    }

    /**
     * What a JVM's {@link Process#exitValue} says about how the process ended: Java reports death by
     * signal N as 128 + N and cannot see whether a core was dumped. A program that itself exits with
     * a status above 128 is read as killed; the hypervisors this serves exit with small statuses.
     *
     * @param status the exit value, null when unknown (a process this JVM did not start)
     */
    public record Ending(Integer status) {

        /** The signal that killed the process, 0 for a normal exit or an unknown ending. */
        public int signal() {
            return status != null && status > 128 && status < 128 + 65 ? status - 128 : 0;
        }

        /** The exit status of a normal exit, -1 for a signal or an unknown ending. */
        public int exitStatus() {
            return status == null || signal() != 0 ? -1 : status;
        }

        /**
         * Whether the signal is one whose default action dumps core (signal(7): SIGQUIT, SIGILL,
         * SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS): libvirt's
         * WCOREDUMP test, decided by the signal because the core flag is out of Java's sight.
         */
        public boolean coreDumpingSignal() {
            return switch (signal()) {
                case 3, 4, 5, 6, 7, 8, 11, 24, 25, 31 -> true;
                default -> false;
            };
        }
    }
}
