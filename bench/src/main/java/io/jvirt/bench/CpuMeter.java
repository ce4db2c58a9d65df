package io.jvirt.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time of processes and of this JVM's threads, in nanoseconds, from the kernel's per-thread
 * {@code /proc/PID/task/TID/schedstat} (its first field: the time the thread ran, to the
 * nanosecond; {@code /proc/PID/stat}'s utime and stime count 10 ms ticks, too coarse for a listing of
 * a few ms). A thread's time counts while it is alive: the processes measured keep their threads
 * (libvirtd's workers, the fleet listing's shared threads, the RPC clients' shared selector), and
 * this JVM's own thread, the one that takes the snapshots, is read through
 * {@link ThreadMXBean#getCurrentThreadCpuTime} (its reading of /proc would count itself).
 */
final class CpuMeter {

    /**
     * CPU so far: of the daemons; of this JVM's client threads (the calling thread and those named
     * {@link #CLIENT_THREADS}); of this JVM's other threads (JIT compilers, GC, the JVM's own); of its
     * relay threads.
     */
    record Snapshot(long daemons, long client, long jvm, long relays) {
        /** What ran since {@code before}, in ms: {daemons, client, jvm, relays}. */
        double[] since(Snapshot before) {
            return new double[] {(daemons - before.daemons) / 1e6, (client - before.client) / 1e6, (jvm - before.jvm) / 1e6,
                (relays - before.relays) / 1e6};
        }
    }

    /**
     * The kernel's names of jvirt's client threads: the fleet listing's ({@code virt-list-N}) and every
     * thread of jvirt's (the RPC clients' shared selector {@code jvirt-rpc-client-io}, the named
     * connections', keepalive's ticker...).
     */
    static final List<String> CLIENT_THREADS = List.of("virt-list-", "jvirt-");

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Path SELF = Path.of("/proc/thread-self");

    private final List<Long> daemons;
    private final String relayThreads;
    private final String ownTask;

    /**
     * @param daemons      the processes whose every thread counts
     * @param relayThreads the name of this JVM's threads counted apart (the kernel's name: 15 characters at most)
     */
    CpuMeter(List<Long> daemons, String relayThreads) throws IOException {
        this.daemons = List.copyOf(daemons);
        this.relayThreads = relayThreads;
        // "PID/task/TID" of the thread that builds the meter: the one that takes the snapshots
        this.ownTask = Files.readSymbolicLink(SELF).getFileName().toString();
    }

    /** Null when this machine has the kernel's per-thread schedstat, else why not. */
    static String unavailable() {
        return Files.isReadable(SELF.resolve("schedstat")) ? null : "no /proc/thread-self/schedstat (kernel without CONFIG_SCHED_INFO)";
    }

    /** Before what is measured: the calling thread's own time read last, so that the reading is not counted. */
    Snapshot before() throws IOException {
        long[] rest = rest();
        return new Snapshot(rest[0], rest[1] + THREADS.getCurrentThreadCpuTime(), rest[2], rest[3]);
    }

    /** After what is measured: the calling thread's own time read first. */
    Snapshot after() throws IOException {
        long own = THREADS.getCurrentThreadCpuTime();
        long[] rest = rest();
        return new Snapshot(rest[0], rest[1] + own, rest[2], rest[3]);
    }

    /** {daemons, client threads but the calling one, the JVM's other threads, the relays}. */
    private long[] rest() throws IOException {
        long d = 0;
        for (long pid : daemons) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path t : tasks) {
                    d += ran(t);
                }
            }
        }
        long[] self = new long[3];
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                if (t.getFileName().toString().equals(ownTask)) {
                    continue;
                }
                try {
                    String name = Files.readString(t.resolve("comm")).strip();
                    int kind = name.equals(relayThreads) ? 2 : CLIENT_THREADS.stream().anyMatch(name::startsWith) ? 0 : 1;
                    self[kind] += ran(t);
                } catch (NoSuchFileException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return new long[] {d, self[0], self[1], self[2]};
    }

    /** The task's time on a CPU (ns), 0 when it ended meanwhile. */
    private static long ran(Path task) throws IOException {
        try {
            String stat = Files.readString(task.resolve("schedstat"));
            return Long.parseLong(stat.substring(0, stat.indexOf(' ')));
        } catch (NoSuchFileException e) {
            return 0;
        }
    }
}
