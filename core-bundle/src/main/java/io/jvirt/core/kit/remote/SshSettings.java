package io.jvirt.core.kit.remote;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a driver's SSH connections log in and how long they wait, from its settings.
 *
 * @param knownHosts     the known-hosts file server keys are checked against (OpenSSH's format);
 *                       a server whose key it does not list is refused unless the URI says
 *                       {@code no_verify=1} and the administrator allows that for the server
 * @param privateKey     the private key tried first (libvirt's {@code ~/.ssh/id_rsa}); a missing,
 *                       unreadable or passphrase-protected file is skipped and the password is used
 * @param connectTimeout bound on connecting, the key exchange and authentication together
 * @param commandTimeout bound on one command, from opening its channel to its exit status
 * @param maxOutput      bound on the bytes one command may write to stdout and to stderr each;
 *                       more fails the command (a cut listing would be misread)
 * @since 1.3.0
 */
public record SshSettings(Path knownHosts, Path privateKey, Duration connectTimeout, Duration commandTimeout,
                          int maxOutput) {

    public SshSettings {
        Objects.requireNonNull(knownHosts, "knownHosts");
        Objects.requireNonNull(privateKey, "privateKey");
        if (connectTimeout.isNegative() || connectTimeout.isZero()
            || commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxOutput < 1) {
            throw new IllegalArgumentException("maxOutput " + maxOutput);
        }
    }

    /** The user's OpenSSH files ({@code ~/.ssh/known_hosts}, {@code ~/.ssh/id_rsa}), 30 s, 60 s, 16 MiB. */
    public static SshSettings defaults() {
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        return new SshSettings(ssh.resolve("known_hosts"), ssh.resolve("id_rsa"), Duration.ofSeconds(30),
            Duration.ofSeconds(60), 16 << 20);
    }
}
