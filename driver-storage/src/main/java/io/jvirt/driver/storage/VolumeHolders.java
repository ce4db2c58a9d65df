package io.jvirt.driver.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;

/**
 * Whether a process holds a volume open: every {@code /proc/PID/fd} link compared with the
 * volume's real path (an LV's /dev/VG/LV is a link to /dev/dm-N, which is what the fd names). A
 * running guest's QEMU holds its disks open, whichever driver started it, so a volume in use by a
 * running domain is found without asking the hypervisor drivers. libvirt's storage driver deletes
 * such a volume under the guest; jvirt refuses (issue 23). This JVM's own descriptors are the
 * kit's business (its open streams mark the volume in use) and are not counted.
 */
final class VolumeHolders {

    private static final Logger LOG = LoggerFactory.getLogger(VolumeHolders.class);
    private static final Path PROC = Path.of("/proc");

    private VolumeHolders() {
    }

    /**
     * @throws io.jvirt.api.VirtException OPERATION_INVALID, libvirt's "volume 'NAME' is still in
     *                                    use." when another process holds it open
     */
    static void refuseIfHeld(String name, String path) {
        if (path == null) {
            return;
        }
        OptionalLong pid = holder(Path.of(path));
        if (pid.isPresent()) {
            LOG.info("volume '{}' ({}) is open in process {}: not deleted", name, path, pid.getAsLong());
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID, "volume '" + name + "' is still in use.");
        }
    }

    /** A process other than this one with {@code volume} open, if any. */
    static OptionalLong holder(Path volume) {
        String real;
        try {
            real = volume.toRealPath().toString();
        } catch (IOException e) {
            return OptionalLong.empty(); // gone: nobody can open it any more
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path p : procs) {
                long pid;
                try {
                    pid = Long.parseLong(p.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != self && holds(p.resolve("fd"), real)) {
                    return OptionalLong.of(pid);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", PROC, e.getMessage());
        }
        return OptionalLong.empty();
    }

    private static boolean holds(Path fdDir, String real) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    if (real.equals(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended, or its fds are not ours to read
        }
        return false;
    }
}
