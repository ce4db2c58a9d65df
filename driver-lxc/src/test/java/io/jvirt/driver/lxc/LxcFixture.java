package io.jvirt.driver.lxc;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.jvirt.api.testing.Prerequisite;

/**
 * What the container tests need from the host, and the things they make: a busybox root
 * filesystem in a temp directory, a private state directory and a private cgroup parent (so the
 * tests never touch another driver's containers). Everything is removed by {@link #close}, also
 * when a test failed: containers are killed through their cgroups (by pid), cgroups removed.
 */
final class LxcFixture implements AutoCloseable {

    static final List<String> APPLETS = List.of("sh", "hostname", "sleep", "cat", "ls", "ps", "mount", "echo", "true", "false",
        "ip", "ping", "tty", "stty", "mknod", "head", "insmod", "grep", "tr", "touch", "dd", "rm", "reboot", "mkdir", "wc",
        "seq", "umount", "env");

    final Path rootfs;
    final Path stateDir;
    final String cgroupParent;
    final CgroupLayout layout;
    /** The fixture's private temp directory (world-traversable: an idmapped container must reach its root). */
    final Path tmp;

    private LxcFixture(Path tmp, CgroupLayout layout, String cgroupParent) throws IOException {
        this.tmp = tmp;
        this.layout = layout;
        this.cgroupParent = cgroupParent;
        this.rootfs = tmp.resolve("rootfs");
        this.stateDir = tmp.resolve("state");
        Path bin = rootfs.resolve("bin");
        Files.createDirectories(bin);
        for (String d : List.of("proc", "sys", "dev", "tmp", "etc")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.copy(HostTools.find("busybox"), bin.resolve("busybox"));
        for (String a : APPLETS) {
            Files.createSymbolicLink(bin.resolve(a), Path.of("/bin/busybox"));
        }
    }

    /**
     * Checks the prerequisites (root, util-linux, a static busybox, cgroup controllers); a missing
     * one skips the test with a message naming it, or fails it when the environment says CI=true.
     */
    static LxcFixture create() throws IOException {
        List<String> missing = new ArrayList<>();
        if (!HostTools.isRoot()) {
            missing.add("root privileges");
        }
        HostTools tools = HostTools.detect();
        if (tools.problem() != null) {
            missing.add(tools.problem());
        }
        if (HostTools.find("busybox") == null) {
            missing.add("busybox (apt-get install busybox-static)");
        }
        String parent = "jvirt-lxc-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        CgroupLayout layout = CgroupLayout.detect(Path.of("/proc/self/mountinfo"), parent);
        if (layout.problem() != null) {
            missing.add(layout.problem());
        }
        Prerequisite.requireNothingMissing("container tests need", missing);
        Path tmp = Files.createTempDirectory("jvirt-lxc-test");
        // a container with an idmap runs as a mapped root that must still reach its root filesystem
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return new LxcFixture(tmp, layout, parent);
    }

    LxcSettings settings() {
        return new LxcSettings(stateDir, cgroupParent, 10_000, 10_000, 10_000, true);
    }

    /** A busybox container whose init traps SIGTERM (pid 1 ignores signals it has no handler for). */
    String xml(String name, String initScript) {
        return "<domain type='lxc'>\n"
            + "  <name>" + name + "</name>\n"
            + "  <uuid>" + UUID.randomUUID() + "</uuid>\n"
            + "  <memory unit='KiB'>65536</memory>\n"
            + "  <vcpu>1</vcpu>\n"
            + "  <cputune><shares>512</shares></cputune>\n"
            + "  <os>\n    <type>exe</type>\n    <init>/bin/sh</init>\n"
            + "    <initarg>-c</initarg>\n    <initarg>" + initScript.replace("&", "&amp;").replace("<", "&lt;") + "</initarg>\n"
            + "    <initenv name='GREETING'>hello</initenv>\n  </os>\n"
            + "  <devices>\n"
            + "    <filesystem type='mount'><source dir='" + rootfs + "'/><target dir='/'/></filesystem>\n"
            + "  </devices>\n"
            + "</domain>\n";
    }

    static final String LOOP = "trap 'exit 0' TERM; while :; do sleep 1; done";

    /** A domain's cgroup: named by its UUID (never by its name, which a later domain may reuse). */
    Cgroup cgroup(io.jvirt.api.Domain d) {
        return layout.at(cgroupParent + "/" + d.uuidString());
    }

    /** Skips the test (fails it under CI=true) when a host program it needs is missing. */
    static void assumeProgram(String program, String packageName) {
        Prerequisite.require(HostTools.find(program) != null, "this test needs '" + program + "' (apt-get install " + packageName + ")");
    }

    /**
     * Kills the console relays the driver recorded (by pid, when still the same process: they live
     * outside the container's cgroup), every process in the private cgroup parent, removes the
     * cgroups, then the temp files.
     */
    @Override
    public void close() throws IOException {
        Path run = stateDir.resolve("run");
        if (Files.isDirectory(run)) {
            try (var files = Files.list(run)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".relay")).toList()) {
                    java.util.Properties p = new java.util.Properties();
                    try (var in = Files.newInputStream(f)) {
                        p.load(in);
                    }
                    long pid = Long.parseLong(p.getProperty("pid"));
                    if (ProcFs.sameProcess(pid, Long.parseLong(p.getProperty("startTime")))) {
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            }
        }
        Cgroup parent = layout.at(cgroupParent);
        for (Path dir : parent.dirs()) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (var children = Files.list(dir)) {
                for (Path c : children.filter(Files::isDirectory).toList()) {
                    Cgroup cg = layout.at(cgroupParent + "/" + c.getFileName());
                    cg.killAll(10_000);
                    cg.remove();
                }
            }
        }
        parent.remove();
        // a file can appear while the tree is walked (seen once on a loaded machine: a directory was
        // not empty when its turn came); walk again, naming what appeared, rather than leave the tree
        for (int attempt = 1; ; attempt++) {
            try {
                deleteTree();
                return;
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                if (attempt == 3) {
                    throw e;
                }
                try (var left = Files.walk(tmp)) {
                    System.err.println("LxcFixture: appeared during clean-up: " + left.toList());
                }
            }
        }
    }

    private void deleteTree() throws IOException {
        if (!Files.exists(tmp)) {
            return;
        }
        Files.walkFileTree(tmp, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Runs a host command, returning its output (trimmed); fails the test when it fails. */
    static String sh(String... cmd) {
        try {
            return HostTools.run(List.of(cmd)).trim();
        } catch (IOException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
