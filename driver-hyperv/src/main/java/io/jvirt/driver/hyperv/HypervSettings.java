package io.jvirt.driver.hyperv;

import java.time.Duration;

import io.jvirt.core.kit.remote.RemoteAccessPolicy;

/**
 * The driver's settings, from {@link HypervConfig} in OSGi or {@link #defaults()} elsewhere.
 *
 * @param authFile         the configured auth.conf path, "" for none
 * @param connectTimeout   TCP/TLS connect timeout of every request
 * @param requestTimeout   longest wait for one whole answer
 * @param maxResponseBytes largest answer kept
 * @param pullMaxElements  items asked per Pull
 * @param jobTimeout       longest wait for a WMI job (libvirt's generic invoke waits 5 minutes)
 * @param eventPoll        how often a connection with event listeners polls the host
 * @param policy           which servers get which auth-file credentials, plain HTTP, unverified TLS
 */
public record HypervSettings(String authFile, Duration connectTimeout, Duration requestTimeout, long maxResponseBytes,
                             int pullMaxElements, Duration jobTimeout, Duration eventPoll, RemoteAccessPolicy policy) {

    /** The most items one enumeration may return: far above any Hyper-V host's VM count. */
    static final long MAX_ITEMS = 100_000;

    public static HypervSettings defaults() {
        return new HypervSettings("", Duration.ofSeconds(10), Duration.ofSeconds(60), 16L << 20, 100,
            Duration.ofMinutes(5), Duration.ofSeconds(2), RemoteAccessPolicy.STRICT);
    }

    static HypervSettings from(HypervConfig c) {
        return new HypervSettings(c.auth_file(), Duration.ofMillis(Math.max(1, c.connect_timeout_ms())),
            Duration.ofMillis(Math.max(1, c.request_timeout_ms())), Math.max(4096, c.response_max_bytes()),
            Math.max(1, c.pull_max_elements()), Duration.ofSeconds(Math.max(1, c.job_timeout_s())),
            Duration.ofMillis(Math.max(50, c.event_poll_ms())),
            RemoteAccessPolicy.of(c.auth_default_hosts(), c.plain_http_hosts(), c.unverified_tls_hosts(), c.readonly_hosts()));
    }

    public HypervSettings withAuthFile(String file) {
        return new HypervSettings(file, connectTimeout, requestTimeout, maxResponseBytes, pullMaxElements, jobTimeout,
            eventPoll, policy);
    }

    public HypervSettings withPolicy(RemoteAccessPolicy p) {
        return new HypervSettings(authFile, connectTimeout, requestTimeout, maxResponseBytes, pullMaxElements, jobTimeout,
            eventPoll, p);
    }

    public HypervSettings withTimeouts(Duration connect, Duration request, Duration job) {
        return new HypervSettings(authFile, connect, request, maxResponseBytes, pullMaxElements, job, eventPoll, policy);
    }

    public HypervSettings withPaging(int maxElements) {
        return new HypervSettings(authFile, connectTimeout, requestTimeout, maxResponseBytes, maxElements, jobTimeout,
            eventPoll, policy);
    }

    public HypervSettings withEventPoll(Duration poll) {
        return new HypervSettings(authFile, connectTimeout, requestTimeout, maxResponseBytes, pullMaxElements, jobTimeout,
            poll, policy);
    }
}
