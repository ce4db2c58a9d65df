package io.jvirt.driver.remote;

import java.time.Duration;

/**
 * The remote driver's settings (PID io.jvirt.driver.remote).
 *
 * @param connectTimeout    bound on reaching the server and on each call of the set-up
 * @param callTimeout       bound on waiting for one reply
 * @param keepaliveInterval silence before a PING; zero: no keepalive from this side
 * @param keepaliveCount    unanswered PINGs before the connection is given up
 */
public record RemoteSettings(Duration connectTimeout, Duration callTimeout, Duration keepaliveInterval, int keepaliveCount) {

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
        return new RemoteSettings(Duration.ofMillis(Math.max(1, c.connect_timeout_ms())),
            Duration.ofMillis(Math.max(1, c.call_timeout_ms())), Duration.ofSeconds(Math.max(0, c.keepalive_interval_s())),
            Math.max(0, c.keepalive_count()));
    }
}
