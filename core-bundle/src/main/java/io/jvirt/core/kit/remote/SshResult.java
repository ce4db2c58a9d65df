package io.jvirt.core.kit.remote;

/**
 * What one command run over SSH ({@link SshConnection#exec}) gave back.
 *
 * @param exitStatus the remote command's exit status
 * @param stdout     its standard output (UTF-8)
 * @param stderr     its standard error (UTF-8)
 * @since 1.3.0
 */
public record SshResult(int exitStatus, String stdout, String stderr) {

    /** Whether the command exited with status 0. */
    public boolean succeeded() {
        return exitStatus == 0;
    }

    /** stderr trimmed, else stdout trimmed: what an error message quotes of a failed command. */
    public String diagnostic() {
        String err = stderr.strip();
        return err.isEmpty() ? stdout.strip() : err;
    }
}
