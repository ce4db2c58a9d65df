package io.jvirt.driver.storage;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.core.kit.HostCommand;

/**
 * Runs one storage tool (qemu-img, lvm's commands, blkid, fallocate) through the kit's
 * {@link HostCommand}: an argv list, never a shell line, a timeout that holds, and on failure
 * libvirt's virCommandRun error with what the tool said (its stderr) in it.
 */
final class HostTool {

    /** Output kept in an error message: enough for the tool's reason, not a hostile megabyte. */
    private static final int MESSAGE_CAP = 2048;

    private final Map<String, String> env;
    private final long timeoutMs;

    /**
     * @param env       the whole environment of the commands (null: the JVM's)
     * @param timeoutMs how long one command may run
     */
    HostTool(Map<String, String> env, long timeoutMs) {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.env = env == null ? null : Map.copyOf(env);
        this.timeoutMs = timeoutMs;
    }

    long timeoutMs() {
        return timeoutMs;
    }

    /** Runs {@code argv}; any exit status is returned. */
    HostCommand.Result call(List<String> argv) {
        try {
            return HostCommand.run(List.copyOf(argv), env, timeoutMs, ErrorDomain.STORAGE);
        } catch (IOException e) {
            // libvirt: "Cannot find 'qemu-img' in path" / "Cannot run ..."
            throw StorageErrors.system("Cannot run '" + argv.get(0) + "'", e);
        }
    }

    /**
     * Runs {@code argv} and requires exit status 0.
     *
     * @throws io.jvirt.api.VirtException INTERNAL_ERROR, libvirt's "Child process (...) unexpected
     *         exit status N: output" when the command failed
     */
    HostCommand.Result run(List<String> argv) {
        HostCommand.Result r = call(argv);
        if (r.status() != 0) {
            throw failure(argv, r);
        }
        return r;
    }

    static io.jvirt.api.VirtException failure(List<String> argv, HostCommand.Result r) {
        String said = r.text();
        if (said.length() > MESSAGE_CAP) {
            said = said.substring(0, MESSAGE_CAP) + "...";
        }
        return StorageErrors.of(ErrorCode.INTERNAL_ERROR,
            "Child process (" + String.join(" ", argv) + ") unexpected exit status " + r.status()
                + (said.isEmpty() ? "" : ": " + said));
    }
}
