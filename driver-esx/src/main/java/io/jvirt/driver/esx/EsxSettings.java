package io.jvirt.driver.esx;

import java.time.Duration;

import io.jvirt.core.kit.remote.RemoteAccessPolicy;

/**
 * The driver's settings, from {@link EsxConfig} in OSGi or {@link #defaults()} elsewhere.
 *
 * @param authFile         the configured auth.conf path, "" for none
 * @param connectTimeout   TCP/TLS connect timeout of every request
 * @param requestTimeout   longest wait for one whole answer (headers and body)
 * @param taskTimeout      longest wait for a vSphere task to finish
 * @param keepalive        how often an idle session is kept alive, zero for never
 * @param maxResponseBytes largest answer kept (a SOAP response; a downloaded .vmx has its own, smaller cap)
 * @param policy           which servers get which auth-file credentials, which may be reached without
 *                         verified TLS ({@link RemoteAccessPolicy#STRICT} by default)
 */
public record EsxSettings(String authFile, Duration connectTimeout, Duration requestTimeout, Duration taskTimeout,
                          Duration keepalive, long maxResponseBytes, RemoteAccessPolicy policy) {

    /** 32 MiB: a vCenter's listing of ten thousand VMs is about half of it. */
    static final long DEFAULT_MAX_RESPONSE_BYTES = 32L << 20;

    public static EsxSettings defaults() {
        return new EsxSettings("", Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(10),
            Duration.ofMinutes(5), DEFAULT_MAX_RESPONSE_BYTES, RemoteAccessPolicy.STRICT);
    }

    static EsxSettings from(EsxConfig c) {
        return new EsxSettings(c.auth_file(), Duration.ofMillis(Math.max(1, c.connect_timeout_ms())),
            Duration.ofMillis(Math.max(1, c.request_timeout_ms())), Duration.ofSeconds(Math.max(1, c.task_timeout_s())),
            Duration.ofSeconds(Math.max(0, c.keepalive_s())), Math.max(4096, c.response_max_bytes()),
            RemoteAccessPolicy.of(c.auth_default_hosts(), c.plain_http_hosts(), c.unverified_tls_hosts(), c.readonly_hosts()));
    }

    public EsxSettings withTimeouts(Duration connect, Duration request) {
        return new EsxSettings(authFile, connect, request, taskTimeout, keepalive, maxResponseBytes, policy);
    }

    public EsxSettings withAuthFile(String file) {
        return new EsxSettings(file, connectTimeout, requestTimeout, taskTimeout, keepalive, maxResponseBytes, policy);
    }

    public EsxSettings withPolicy(RemoteAccessPolicy p) {
        return new EsxSettings(authFile, connectTimeout, requestTimeout, taskTimeout, keepalive, maxResponseBytes, p);
    }

    public EsxSettings withMaxResponseBytes(long max) {
        return new EsxSettings(authFile, connectTimeout, requestTimeout, taskTimeout, keepalive, max, policy);
    }
}
