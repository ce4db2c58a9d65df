package io.jvirt.driver.remote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.jvirt.core.kit.DomainEventObservers;
import io.jvirt.core.kit.NetworkEventObservers;
import io.jvirt.core.kit.StorageEventObservers;
import io.jvirt.core.spi.DomainEventObserver;
import io.jvirt.core.spi.NetworkEventObserver;
import io.jvirt.core.spi.StorageEventObserver;

/**
 * The remote driver's host-wide events (what the core's EventAdmin bridges observe through
 * {@link io.jvirt.core.spi.HypervisorDriver#observeDomainEvents} and its network and pool
 * siblings): every remote host that has an open connection is followed through ONE of its
 * connections, the oldest, which registers domain, network and pool callbacks on the far side for
 * the observers; when it closes or drops, the next one to the same URI takes over (events in that
 * moment may be missed: the far side keeps none for us). A host with several open connections thus
 * posts each event once. The registrations are remote calls made on a thread of this class's own,
 * never the opener's: a far side slow to answer them does not slow {@code open} down.
 */
final class HostEvents {

    final DomainEventObservers domains = new DomainEventObservers();
    final NetworkEventObservers networks = new NetworkEventObservers();
    final StorageEventObservers pools = new StorageEventObservers();
    /** Open connections by URI, oldest first; the first follows its host's events. */
    private final Map<String, List<RemoteConnection>> byUri = new HashMap<>();
    /** One thread, ended when idle: registrations in the order they were asked for. */
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        r -> {
            Thread t = new Thread(r, "jvirt-remote-host-events");
            t.setDaemon(true);
            return t;
        });

    HostEvents() {
        worker.allowCoreThreadTimeOut(true);
    }

    private void follow(RemoteConnection c) {
        worker.execute(() -> c.followHostEvents(this));
    }

    /** Waits until the registrations asked for so far are made (tests: an event after this is seen). */
    void settle() throws InterruptedException, ExecutionException {
        worker.submit(() -> { }).get();
    }

    AutoCloseable observeDomains(DomainEventObserver o) {
        AutoCloseable r = domains.add(o);
        followAll();
        return r;
    }

    AutoCloseable observeNetworks(NetworkEventObserver o) {
        AutoCloseable r = networks.add(o);
        followAll();
        return r;
    }

    AutoCloseable observePools(StorageEventObserver o) {
        AutoCloseable r = pools.add(o);
        followAll();
        return r;
    }

    private boolean observed() {
        return domains.size() > 0 || networks.size() > 0 || pools.size() > 0;
    }

    /** A connection opened: it follows its host when it is the first one to its URI. */
    void opened(RemoteConnection c) {
        boolean first;
        synchronized (byUri) {
            List<RemoteConnection> same = byUri.computeIfAbsent(c.uri(), k -> new ArrayList<>());
            same.add(c);
            first = same.size() == 1;
        }
        c.whenGone(() -> gone(c));
        if (first && observed()) {
            follow(c);
        }
    }

    /** A connection closed or dropped: the next one to its URI takes over when it was the follower. */
    private void gone(RemoteConnection c) {
        RemoteConnection next = null;
        synchronized (byUri) {
            List<RemoteConnection> same = byUri.get(c.uri());
            if (same == null) {
                return;
            }
            boolean wasFirst = !same.isEmpty() && same.get(0) == c;
            same.remove(c);
            if (same.isEmpty()) {
                byUri.remove(c.uri());
            } else if (wasFirst) {
                next = same.get(0);
            }
        }
        if (next != null && observed()) {
            follow(next);
        }
    }

    /** An observer came: every followed host registers what it lacks. */
    private void followAll() {
        List<RemoteConnection> firsts = new ArrayList<>();
        synchronized (byUri) {
            for (List<RemoteConnection> same : byUri.values()) {
                firsts.add(same.get(0));
            }
        }
        for (RemoteConnection c : firsts) {
            follow(c);
        }
    }
}
