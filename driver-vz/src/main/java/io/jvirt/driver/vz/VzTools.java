package io.jvirt.driver.vz;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.HostCommand;

/**
 * Runs prlctl and prlsrvctl: argv lists (never a shell, so a container's name or an image path is
 * one argument whatever it holds), bounded in time by the kit's {@link HostCommand}. A failed call
 * (exit status not 0) becomes a {@link VirtException} carrying the tool's own last words (its error
 * line), bounded and stripped of control characters; an environment the tool does not know is
 * NO_DOMAIN.
 */
final class VzTools {

    /** Longest error text carried into an exception. */
    private static final int MAX_MESSAGE = 500;

    private final Path prlctl;
    private final Path prlsrvctl;
    private final Duration timeout;

    VzTools(VzSettings settings) {
        this.prlctl = settings.prlctl();
        this.prlsrvctl = settings.prlsrvctl();
        this.timeout = settings.commandTimeout();
    }

    /** {@code prlctl args...}: its output when it succeeded. */
    String prlctl(String... args) {
        return run(prlctl, args);
    }

    /** {@code prlsrvctl args...}: its output when it succeeded. */
    String prlsrvctl(String... args) {
        return run(prlsrvctl, args);
    }

    private String run(Path program, String... args) {
        List<String> argv = new ArrayList<>(args.length + 1);
        argv.add(program.toString());
        argv.addAll(List.of(args));
        HostCommand.Result r;
        try {
            r = HostCommand.run(argv, timeout.toMillis(), ErrorDomain.PARALLELS);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.PARALLELS,
                "cannot run " + program + ": " + e.getMessage(), e);
        }
        if (r.status() != 0) {
            throw failure(program.getFileName() + " " + (args.length > 0 ? args[0] : ""), r);
        }
        if (r.truncated()) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.PARALLELS,
                program.getFileName() + " printed more than " + HostCommand.OUTPUT_CAP + " bytes");
        }
        return r.output();
    }

    /** The exception of a failed call: the tool's last non-empty line, or the status when it printed none. */
    static VirtException failure(String what, HostCommand.Result r) {
        String last = "";
        for (String line : r.output().split("\n")) {
            if (!line.isBlank()) {
                last = line.strip();
            }
        }
        String message = last.isEmpty() ? what + " failed with status " + r.status() : last;
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "...";
        }
        message = message.replaceAll("\\p{Cntrl}", " ");
        ErrorCode code = message.contains("does not exist") ? ErrorCode.NO_DOMAIN : ErrorCode.OPERATION_FAILED;
        return new VirtException(code, ErrorDomain.PARALLELS, message);
    }
}
