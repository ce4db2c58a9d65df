package io.jvirt.driver.vmware;

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
 * Runs {@code vmrun -T TYPE VERB ARGS...} for one product: an argv list (never a shell: a .vmx
 * path is one argument whatever it holds), bounded in time by the kit's {@link HostCommand}. A
 * failed call becomes libvirt's virCommandRun error, "Child process (CMD) unexpected exit status
 * N: OUTPUT", with vmrun's own words (vmrun prints its "Error: ..." on stdout), bounded and with
 * control characters blanked, since the output is another program's.
 */
final class Vmrun {

    /** Longest text of vmrun's carried into an exception. */
    static final int MAX_MESSAGE = 1000;

    private final Path program;
    private final Product product;
    private final Duration timeout;
    private final Duration startTimeout;

    Vmrun(Path program, Product product, Duration timeout, Duration startTimeout) {
        this.program = program;
        this.product = product;
        this.timeout = timeout;
        this.startTimeout = startTimeout;
    }

    Product product() {
        return product;
    }

    /** {@code vmrun -T TYPE list}: its output. */
    String list() {
        return run(timeout, "list");
    }

    /** {@code vmrun -T TYPE start VMX [nogui]}. */
    void start(Path vmx, boolean gui) {
        if (gui) {
            run(startTimeout, "start", vmx.toString());
        } else {
            run(startTimeout, "start", vmx.toString(), "nogui");
        }
    }

    /** {@code vmrun -T TYPE stop VMX soft|hard}. */
    void stop(Path vmx, boolean hard) {
        run(startTimeout, "stop", vmx.toString(), hard ? "hard" : "soft");
    }

    void pause(Path vmx) {
        run(timeout, "pause", vmx.toString());
    }

    void unpause(Path vmx) {
        run(timeout, "unpause", vmx.toString());
    }

    /** {@code vmrun -T TYPE reset VMX soft} (libvirt's reboot). */
    void resetSoft(Path vmx) {
        run(startTimeout, "reset", vmx.toString(), "soft");
    }

    private String run(Duration limit, String... args) {
        List<String> argv = new ArrayList<>(args.length + 3);
        argv.add(program.toString());
        argv.add("-T");
        argv.add(product.hostType());
        argv.addAll(List.of(args));
        return runArgv(argv, limit);
    }

    /** Runs {@code argv}; its output (stdout and stderr) when its status is 0. */
    static String runArgv(List<String> argv, Duration limit) {
        HostCommand.Result r;
        try {
            r = HostCommand.run(argv, limit.toMillis(), ErrorDomain.VMWARE);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VMWARE,
                "Cannot run program '" + argv.get(0) + "': " + e.getMessage(), e);
        }
        if (r.status() != 0) {
            throw failure(argv, r);
        }
        return r.output();
    }

    /** libvirt's virCommandRun wording of a command that exited with a status other than 0. */
    static VirtException failure(List<String> argv, HostCommand.Result r) {
        String out = clean(r.output().strip());
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VMWARE,
            "Child process (" + clean(String.join(" ", argv)) + ") unexpected exit status " + r.status()
                + (out.isEmpty() ? "" : ": " + out));
    }

    /** Bounded, one line: another program's text in a message. */
    static String clean(String s) {
        String t = s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", " ");
    }
}
