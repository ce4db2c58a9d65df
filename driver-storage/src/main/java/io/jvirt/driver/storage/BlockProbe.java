package io.jvirt.driver.storage;

import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.core.kit.HostCommand;

/**
 * libvirt's virStorageBackendDeviceIsEmpty for a device about to be labelled (writelabel): blkid's
 * low-level probe ({@code blkid -p -o export}: exit 2 when it finds nothing) decides whether the
 * device may be formatted without OVERWRITE.
 */
final class BlockProbe {

    private final HostTool tool;

    BlockProbe(HostTool tool) {
        this.tool = tool;
    }

    /**
     * Requires that {@code device} holds nothing blkid knows, with libvirt's errors: the expected
     * format found, or another one (a file system, a partition table).
     *
     * @param format the format the build would write (LVM2_member)
     */
    void requireEmpty(String device, String format) {
        HostCommand.Result r = tool.call(List.of(SystemPrograms.find("blkid"), "-p", "-o", "export", "--", device));
        if (r.status() == 2) {
            return; // nothing found
        }
        if (r.status() != 0) {
            throw StorageErrors.of(ErrorCode.STORAGE_PROBE_FAILED, "Failed to probe for format type '" + format + "'");
        }
        String found = null;
        for (String line : r.output().split("\n")) {
            if (line.startsWith("TYPE=")) {
                found = line.substring(5).strip();
            } else if (found == null && line.startsWith("PTTYPE=")) {
                found = line.substring(7).strip();
            }
        }
        if (format.equals(found)) {
            throw StorageErrors.of(ErrorCode.STORAGE_POOL_BUILT, "Device '" + device + "' already formatted using '" + format + "'");
        }
        throw StorageErrors.of(ErrorCode.STORAGE_POOL_BUILT, "Format of device '" + device
            + "' does not match the expected format '" + format + "', forced overwrite is necessary");
    }
}
