package io.jvirt.driver.esx;

import java.time.Duration;

/**
 * The driver's settings, from {@link EsxConfig} in OSGi or {@link #defaults()} elsewhere.
 *
 * @param authFile       the configured auth.conf path, "" for none
 * @param connectTimeout TCP/TLS connect timeout of every request
 * @param requestTimeout longest wait for one SOAP answer
 * @param taskTimeout    longest wait for a vSphere task to finish
 * @param keepalive      how often an idle session is kept alive, zero for never
 */
public record EsxSettings(String authFile, Duration connectTimeout, Duration requestTimeout, Duration taskTimeout,
                          Duration keepalive) {

    public static EsxSettings defaults() {
        return new EsxSettings("", Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(10),
            Duration.ofMinutes(5));
    }

    static EsxSettings from(EsxConfig c) {
        return new EsxSettings(c.auth_file(), Duration.ofMillis(Math.max(1, c.connect_timeout_ms())),
            Duration.ofMillis(Math.max(1, c.request_timeout_ms())), Duration.ofSeconds(Math.max(1, c.task_timeout_s())),
            Duration.ofSeconds(Math.max(0, c.keepalive_s())));
    }

    public EsxSettings withTimeouts(Duration connect, Duration request) {
        return new EsxSettings(authFile, connect, request, taskTimeout, keepalive);
    }

    public EsxSettings withAuthFile(String file) {
        return new EsxSettings(file, connectTimeout, requestTimeout, taskTimeout, keepalive);
    }
}
