package io.jvirt.core.named;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.jvirt.api.CloseListener;
import io.jvirt.api.Credential;
import io.jvirt.api.CredentialType;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * A driver for {@code flaky://HOST/} whose host can go away and come back: while it is away, opens
 * fail as the remote driver's do when nothing listens, and going away reports every open
 * connection lost (EOF), as the remote driver does when its peer hangs up. With
 * {@link #requirePassword} it asks the client's callback for a user name and password, and
 * refuses a wrong one quoting it (as a careless driver might: the core must mask it).
 */
final class SwitchableHost implements HypervisorDriver {

    volatile boolean up = true;
    volatile String requirePassword;
    final AtomicInteger opens = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final List<ConnectRequest> requests = new CopyOnWriteArrayList<>();
    private final Set<Conn> open = ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
        return "flaky";
    }

    @Override
    public DriverConnection open(ConnectRequest request) {
        if (!"flaky".equals(request.scheme())) {
            return null;
        }
        requests.add(request);
        if (!up) {
            refused.incrementAndGet();
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                "Failed to connect socket to '" + request.uri().getHost() + "': Connection refused");
        }
        if (requirePassword != null) {
            Credential user = new Credential(CredentialType.AUTHNAME, "user", null, null);
            Credential pass = new Credential(CredentialType.PASSPHRASE, "password", null, null);
            if (!request.auth().supports(CredentialType.PASSPHRASE) || !request.auth().ask(List.of(user, pass))) {
                throw new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.RPC, "no credentials");
            }
            if (!requirePassword.equals(pass.result())) {
                throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                    "user " + user.result() + " refused with password " + pass.result());
            }
        }
        opens.incrementAndGet();
        Conn c = new Conn(request.uri().toString());
        open.add(c);
        return c;
    }

    /** The host goes away: every open connection is lost. */
    void goAway() {
        up = false;
        for (Conn c : open) {
            c.lose();
        }
    }

    void comeBack() {
        up = true;
    }

    int openConnections() {
        return open.size();
    }

    final class Conn implements DriverConnection {
        private final String uri;
        private final List<Consumer<CloseListener.Reason>> sinks = new CopyOnWriteArrayList<>();
        private volatile boolean lost;

        Conn(String uri) {
            this.uri = uri;
        }

        void lose() {
            lost = true;
            open.remove(this);
            for (Consumer<CloseListener.Reason> s : sinks) {
                s.accept(CloseListener.Reason.EOF);
            }
        }

        @Override
        public AutoCloseable subscribeClose(Consumer<CloseListener.Reason> sink) {
            sinks.add(sink);
            return () -> sinks.remove(sink);
        }

        @Override
        public String type() {
            if (lost) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "client socket is closed");
            }
            return "FLAKY";
        }

        @Override
        public boolean isAlive() {
            return !lost;
        }

        @Override
        public String uri() {
            return uri;
        }

        @Override
        public void close() {
            open.remove(this);
        }
    }
}
