package io.jvirt.driver.phyp;

import java.nio.file.Path;
import java.time.Duration;

import io.jvirt.core.kit.remote.RemoteAccessPolicy;
import io.jvirt.core.kit.remote.SshSettings;

/**
 * The driver's settings, from {@link PhypConfig} in OSGi or {@link #defaults()} elsewhere.
 *
 * @param ssh       the SSH connection's key, known-hosts file, timeouts and output cap
 * @param authFile  the configured auth.conf path, "" for none
 * @param eventPoll how often a connection with event listeners lists the LPARs
 * @param policy    which servers get which auth-file credentials, or may be reached unverified
 */
public record PhypSettings(SshSettings ssh, String authFile, Duration eventPoll, RemoteAccessPolicy policy) {

    public static PhypSettings defaults() {
        return new PhypSettings(SshSettings.defaults(), "", Duration.ofSeconds(5), RemoteAccessPolicy.STRICT);
    }

    static PhypSettings from(PhypConfig c) {
        SshSettings d = SshSettings.defaults();
        SshSettings ssh = new SshSettings(
            c.known_hosts().isBlank() ? d.knownHosts() : Path.of(c.known_hosts().strip()),
            c.ssh_key().isBlank() ? d.privateKey() : Path.of(c.ssh_key().strip()),
            Duration.ofMillis(Math.max(1, c.connect_timeout_ms())), Duration.ofMillis(Math.max(1, c.command_timeout_ms())),
            Math.max(4096, c.output_max_bytes()));
        return new PhypSettings(ssh, c.auth_file(), Duration.ofMillis(Math.max(50, c.event_poll_ms())),
            RemoteAccessPolicy.of(c.auth_default_hosts(), null, c.unverified_tls_hosts(), c.readonly_hosts()));
    }

    public PhypSettings withSsh(SshSettings s) {
        return new PhypSettings(s, authFile, eventPoll, policy);
    }

    public PhypSettings withAuthFile(String file) {
        return new PhypSettings(ssh, file, eventPoll, policy);
    }

    public PhypSettings withPolicy(RemoteAccessPolicy p) {
        return new PhypSettings(ssh, authFile, eventPoll, p);
    }

    public PhypSettings withEventPoll(Duration poll) {
        return new PhypSettings(ssh, authFile, poll, policy);
    }
}
