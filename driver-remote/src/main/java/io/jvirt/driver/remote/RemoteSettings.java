package io.jvirt.driver.remote;

import java.nio.file.Path;
import java.time.Duration;

import io.jvirt.core.kit.remote.SshSettings;

/**
 * The remote driver's settings (PID io.jvirt.driver.remote).
 *
 * @param connectTimeout    bound on reaching the server and on each call of the set-up
 * @param callTimeout       bound on waiting for one reply
 * @param keepaliveInterval silence before a PING; zero: no keepalive from this side
 * @param keepaliveCount    unanswered PINGs before the connection is given up
 * @param ssh               the ssh transport's key, known-hosts file and bounds
 * @param authFile          libvirt's auth file when LIBVIRT_AUTH_FILE is not set ("" for none)
 */
public record RemoteSettings(Duration connectTimeout, Duration callTimeout, Duration keepaliveInterval, int keepaliveCount,
                             SshSettings ssh, String authFile) {

    /** Settings with the service user's OpenSSH files for the ssh transport and no auth file. */
    public RemoteSettings(Duration connectTimeout, Duration callTimeout, Duration keepaliveInterval, int keepaliveCount) {
        this(connectTimeout, callTimeout, keepaliveInterval, keepaliveCount, sshDefaults(connectTimeout), "");
    }

    private static SshSettings sshDefaults(Duration connectTimeout) {
        SshSettings d = SshSettings.defaults();
        return new SshSettings(d.knownHosts(), d.privateKey(), connectTimeout, connectTimeout, 64 * 1024);
    }

    public RemoteSettings {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (keepaliveInterval.isNegative() || keepaliveCount < 0) {
            throw new IllegalArgumentException("keepalive interval and count must not be negative");
        }
    }

    /** virsh's keepalive (5 s, 6 PINGs), 30 s to connect, 2 min per call. */
    public static RemoteSettings defaults() {
        return new RemoteSettings(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(5), 6);
    }

    static RemoteSettings from(RemoteConfig c) {
        Duration connect = Duration.ofMillis(Math.max(1, c.connect_timeout_ms()));
        SshSettings d = sshDefaults(connect);
        SshSettings ssh = new SshSettings(c.known_hosts().isBlank() ? d.knownHosts() : Path.of(c.known_hosts().trim()),
            c.ssh_key().isBlank() ? d.privateKey() : Path.of(c.ssh_key().trim()), connect, connect, 64 * 1024);
        return new RemoteSettings(connect, Duration.ofMillis(Math.max(1, c.call_timeout_ms())),
            Duration.ofSeconds(Math.max(0, c.keepalive_interval_s())), Math.max(0, c.keepalive_count()), ssh,
            c.auth_file().trim());
    }

    /** These settings with another ssh transport's files (tests, embedding). */
    public RemoteSettings withSsh(Path knownHosts, Path privateKey) {
        return new RemoteSettings(connectTimeout, callTimeout, keepaliveInterval, keepaliveCount,
            new SshSettings(knownHosts, privateKey, ssh.connectTimeout(), ssh.commandTimeout(), ssh.maxOutput()), authFile);
    }
}
