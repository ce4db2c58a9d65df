package io.jvirt.core.kit.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ConnectAuth;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/** The kit's session helpers: the login chain as one call, keep-alive, waiting for server tasks. */
class KitRemoteSessionTest {

    @TempDir
    Path tmp;

    @Test
    void theCredentialChainIsOneCallWithThePolicysRules() throws Exception {
        Path auth = Files.writeString(tmp.resolve("auth.conf"), "[credentials-a]\nusername=admin\npassword=s3cret\n\n"
            + "[auth-hyperv-host.example]\ncredentials=a\n\n[auth-hyperv-default]\ncredentials=a\n");
        RemoteLogin login = new RemoteLogin(RemoteAccessPolicy.STRICT, "", () -> Map.of(AuthFile.ENV, auth.toString()),
            "administrator", ErrorDomain.HYPERV, "io.jvirt.driver.hyperv");
        RemoteCredentials own = login.credentials(new RemoteEndpoint("hyperv", "host.example", 5986), null, ConnectAuth.NONE);
        assertEquals(new RemoteCredentials("admin", "s3cret"), own);
        // [auth-hyperv-default] goes to no host the administrator did not list
        VirtException e = assertThrows(VirtException.class,
            () -> login.credentials(new RemoteEndpoint("hyperv", "other.example", 5986), null, ConnectAuth.NONE));
        assertEquals(ErrorCode.AUTH_FAILED, e.code());
        assertTrue(e.getMessage().contains("no password for 'administrator@other.example'")
            && e.getMessage().contains("auth.file setting of io.jvirt.driver.hyperv (a group [auth-hyperv-other.example])"),
            e.getMessage());
        assertEquals(ErrorDomain.HYPERV, e.errorDomain());
        VirtException denied = assertThrows(VirtException.class,
            () -> login.checkTransport(new RemoteEndpoint("hyperv", "host.example", 5985), true, false));
        assertEquals(ErrorCode.OPERATION_DENIED, denied.code());
        assertTrue(denied.getMessage().contains("plain.http.hosts of io.jvirt.driver.hyperv"), denied.getMessage());
    }

    @Test
    void keepAliveMarksAConnectionDeadAndAliveAgain() {
        AtomicBoolean fail = new AtomicBoolean(true);
        try (KeepAlive k = new KeepAlive("test-keepalive")) {
            KeepAlive.Handle h = k.start("test://x", Duration.ZERO, () -> {
                if (fail.get()) {
                    throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.ESX, "no answer");
                }
            });
            assertTrue(h.isAlive(), "alive until a ping fails");
            h.tick();
            assertFalse(h.isAlive());
            fail.set(false);
            h.tick();
            assertTrue(h.isAlive());
            h.close();
        }
    }

    @Test
    void aScheduledKeepAlivePingsFromItsOwnThread() throws Exception {
        java.util.concurrent.CountDownLatch pinged = new java.util.concurrent.CountDownLatch(2);
        java.util.List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (KeepAlive k = new KeepAlive("test-keepalive")) {
            KeepAlive.Handle h = k.start("test://x", Duration.ofMillis(5), () -> {
                threads.add(Thread.currentThread().getName());
                pinged.countDown();
            });
            assertTrue(pinged.await(30, java.util.concurrent.TimeUnit.SECONDS), "pinged twice");
            h.close();
        }
        assertTrue(threads.stream().allMatch("test-keepalive"::equals), threads.toString());
    }

    @Test
    void backoffPollReturnsTheAnswerOrTimesOut() {
        AtomicInteger probes = new AtomicInteger();
        assertEquals("done", BackoffPoll.until(Duration.ofSeconds(30),
            () -> probes.incrementAndGet() < 3 ? Optional.empty() : Optional.of("done"), ErrorDomain.ESX, "task"));
        assertEquals(3, probes.get());
        VirtException e = assertThrows(VirtException.class,
            () -> BackoffPoll.until(Duration.ZERO, Optional::empty, ErrorDomain.ESX, "Could not start domain: task-1"));
        assertEquals(ErrorCode.OPERATION_TIMEOUT, e.code());
        assertTrue(e.getMessage().contains("Could not start domain: task-1 did not finish within 0 s"), e.getMessage());
    }
}
