package io.jvirt.driver.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A block device of this machine that the host can read: a loop device over a small file full of
 * a marker (this machine's own disk cannot be opened even by the host's root). Detached again, by
 * its device path, by {@link #close}.
 */
final class LoopDisk implements AutoCloseable {

    static final String MARKER = "JVIRT-HOST-DISK-MARKER";

    final String device;
    final String major;
    final String minor;
    private final Path backing;

    LoopDisk(Path dir) throws IOException {
        LxcFixture.assumeProgram("losetup", "mount");
        backing = dir.resolve("disk.img");
        Files.writeString(backing, MARKER.repeat(4096 / MARKER.length() + 1).substring(0, 4096));
        device = LxcFixture.sh("losetup", "--find", "--show", backing.toString());
        String[] mm = LxcFixture.sh("stat", "-c", "%t %T", device).split(" ");
        major = Integer.toString(Integer.parseInt(mm[0], 16));
        minor = Integer.toString(Integer.parseInt(mm[1], 16));
        if (!LxcFixture.sh("dd", "if=" + device, "bs=" + MARKER.length(), "count=1", "status=none").equals(MARKER)) {
            throw new AssertionError("the host cannot read its own loop device " + device);
        }
    }

    String name() {
        return Path.of(device).getFileName().toString();
    }

    @Override
    public void close() throws IOException {
        LxcFixture.sh("losetup", "--detach", device);
    }
}
