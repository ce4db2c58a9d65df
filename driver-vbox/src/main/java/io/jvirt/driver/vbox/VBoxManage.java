package io.jvirt.driver.vbox;

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
 * Runs VBoxManage: an argv list (never a shell, so a machine's name or a disk path is one argument
 * whatever it holds), bounded in time by the kit's {@link HostCommand}. A failed call (exit status
 * not 0) becomes a {@link VirtException} carrying VirtualBox's own words, the
 * {@code VBoxManage: error: ...} lines without their Details and Context lines; a machine VirtualBox
 * does not know is NO_DOMAIN.
 */
final class VBoxManage {

    static final String ERROR_PREFIX = "VBoxManage: error: ";
    /** Longest error text carried into an exception (the output is VirtualBox's, bounded anyway). */
    private static final int MAX_MESSAGE = 1000;

    private final Path program;
    private final Duration timeout;
    private final Duration longTimeout;

    VBoxManage(Path program, Duration timeout, Duration longTimeout) {
        this.program = program;
        this.timeout = timeout;
        this.longTimeout = longTimeout;
    }

    Path program() {
        return program;
    }

    /** Runs {@code VBoxManage args...}; its output (stdout and stderr) when it succeeded. */
    String run(String... args) {
        return run(timeout, args);
    }

    /** {@link #run} for the calls that wait on VirtualBox's progress (startvm, savestate). */
    String runLong(String... args) {
        return run(longTimeout, args);
    }

    private String run(Duration limit, String... args) {
        List<String> argv = new ArrayList<>(args.length + 1);
        argv.add(program.toString());
        argv.addAll(List.of(args));
        HostCommand.Result r;
        try {
            r = HostCommand.run(argv, limit.toMillis(), ErrorDomain.VBOX);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VBOX,
                "cannot run " + program + ": " + e.getMessage(), e);
        }
        if (r.status() != 0) {
            throw failure(args.length > 0 ? args[0] : "", r);
        }
        return r.output();
    }

    /** The exception of a failed call: VirtualBox's error lines, or the status when it printed none. */
    static VirtException failure(String subcommand, HostCommand.Result r) {
        List<String> lines = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            if (line.startsWith(ERROR_PREFIX)) {
                String text = line.substring(ERROR_PREFIX.length()).strip();
                if (!text.startsWith("Details: ") && !text.startsWith("Context: ") && !text.isEmpty()) {
                    lines.add(text);
                }
            }
        }
        String message = lines.isEmpty() ? "VBoxManage " + subcommand + " failed with status " + r.status()
            : String.join("; ", lines);
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "...";
        }
        message = message.replaceAll("\\p{Cntrl}", " ");
        ErrorCode code = message.startsWith("Could not find a registered machine") ? ErrorCode.NO_DOMAIN
            : ErrorCode.OPERATION_FAILED;
        return new VirtException(code, ErrorDomain.VBOX, message);
    }
}
