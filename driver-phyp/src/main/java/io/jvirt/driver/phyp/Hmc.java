package io.jvirt.driver.phyp;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.SshConnection;
import io.jvirt.core.kit.remote.SshResult;

/**
 * The HMC or IVM behind one connection: its kind, found as libvirt's phypConnectOpen did
 * ({@code lshmc -V}: exit status 0 is an HMC, 127, command not found, an IVM), and every command
 * sent to it. On an HMC each command names the managed system ({@code -m MS}); on an IVM there is
 * only one. Commands are plain HMC commands, never pipelines: what libvirt's driver filtered
 * remotely with grep, sed and head is filtered here, from the comma-separated {@code -F} output
 * ({@link HmcOutput}). Every argument is either a constant of this driver or a value that passed
 * {@link HmcNames} or is a number, so nothing typed by a client is read by the HMC's shell.
 */
final class Hmc {

    enum Kind { HMC, IVM }

    private static final Logger LOG = LoggerFactory.getLogger(Hmc.class);

    private final SshConnection ssh;
    private final Kind kind;
    private final String system;

    Hmc(SshConnection ssh, Kind kind, String system) {
        this.ssh = ssh;
        this.kind = kind;
        this.system = system;
    }

    /** Asks the server what it is; on an HMC the URI must name the managed system. */
    static Hmc detect(SshConnection ssh, String managedSystem) {
        SshResult r = ssh.exec("lshmc -V");
        Kind kind;
        if (r.exitStatus() == 0) {
            kind = Kind.HMC;
        } else if (r.exitStatus() == 127) {
            kind = Kind.IVM;
        } else {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.PHYP, "cannot tell an HMC from an IVM at "
                + ssh.endpoint().hostPort() + ": 'lshmc -V' exited " + r.exitStatus() + ": " + r.diagnostic());
        }
        if (kind == Kind.HMC && managedSystem == null) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.PHYP,
                "the URI must name the managed system (phyp://user@hmc/MANAGED_SYSTEM) on an HMC");
        }
        LOG.info("{} is an {}", ssh.endpoint().hostPort(), kind);
        return new Hmc(ssh, kind, managedSystem);
    }

    Kind kind() {
        return kind;
    }

    /** The managed system of the URI (null on an IVM whose URI names none). */
    String system() {
        return system;
    }

    SshConnection ssh() {
        return ssh;
    }

    /** Runs {@code command args...} with {@code -m MS} on an HMC and returns its output's rows. */
    List<List<String>> query(String command, String... args) {
        return HmcOutput.rows(run(command, args));
    }

    /** Runs a command that changes something; its output is ignored. */
    void change(String command, String... args) {
        run(command, args);
    }

    private String run(String command, String... args) {
        List<String> words = new ArrayList<>();
        words.add(command);
        if (kind == Kind.HMC) {
            words.add("-m");
            words.add(system);
        }
        words.addAll(List.of(args));
        String line = String.join(" ", words);
        SshResult r = ssh.exec(line);
        if (!r.succeeded()) {
            throw failed(line, r);
        }
        return r.stdout();
    }

    private static VirtException failed(String line, SshResult r) {
        String why = r.diagnostic();
        // an HMC names a missing object with HSCL codes; the driver reports what the HMC said
        return new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.PHYP, "'" + line + "' failed (exit status "
            + r.exitStatus() + ")" + (why.isEmpty() ? "" : ": " + why));
    }
}
