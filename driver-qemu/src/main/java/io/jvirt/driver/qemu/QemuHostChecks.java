package io.jvirt.driver.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.RngDef;

/**
 * What a start checks on the host before QEMU opens files for the guest (the command-line
 * builder stays free of side effects): a qcow2 image must not name a backing file (the driver
 * gives QEMU {@code "backing":null}, so the image's header cannot make it open another host file;
 * an overlay whose backing file were silently left out would read zeros instead of its data, so
 * it is refused until backing chains are supported), and an RNG backend must be a character device
 * (a regular file there would be streamed into the guest).
 */
final class QemuHostChecks {

    private static final int QCOW2_MAGIC = 0x514649fb;
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    private QemuHostChecks() {
    }

    static void check(DomainDef def) {
        for (DiskDef d : def.disks()) {
            if (d.hasSource() && d.sourcePath() != null && "qcow2".equals(d.driverType())) {
                String backing = qcow2Backing(Path.of(d.sourcePath()));
                if (backing != null) {
                    throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                        "disk '" + d.targetDev() + "': image '" + d.sourcePath() + "' has a backing file; backing chains are not supported by the QEMU driver yet");
                }
            }
        }
        for (RngDef r : def.devices(RngDef.class)) {
            Path source = Path.of(r.backendPath() == null ? "/dev/urandom" : r.backendPath());
            if (!isCharacterDevice(source)) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                    "rng backend '" + source + "' is not a character device");
            }
        }
    }

    /** A qcow2 image's backing file offset as non-null marker, null when it has none or is no qcow2 (QEMU will say). */
    static String qcow2Backing(Path image) {
        try (InputStream in = Files.newInputStream(image)) {
            byte[] h = in.readNBytes(16);
            if (h.length < 16) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(h);
            if (b.getInt(0) != QCOW2_MAGIC) {
                return null;
            }
            long offset = b.getLong(8);
            return offset == 0 ? null : "at offset " + offset;
        } catch (IOException e) {
            return null; // QEMU reports an image it cannot open
        }
    }

    static boolean isCharacterDevice(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & S_IFMT) == 0120000) { // a symlink: judge its target (/dev/random may be one)
                mode = (Integer) Files.getAttribute(p, "unix:mode");
            }
            return (mode & S_IFMT) == S_IFCHR;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
