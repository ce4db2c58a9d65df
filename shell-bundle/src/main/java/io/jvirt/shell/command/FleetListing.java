package io.jvirt.shell.command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ListFilter;
import io.jvirt.api.NamedConnections;
import io.jvirt.api.VirtException;

/**
 * {@code virt:list --connections A,B} and {@code --all-hosts}: the domains of several named
 * connections in one table, the host first, then virsh's columns. The hosts are asked in parallel
 * (a thread each, at most {@value #MAX_THREADS}, from threads shared by every listing) and waited
 * for together up to the timeout; a host
 * that fails or does not answer in time gives one error row and the others still list.
 * Public for bench's scenario 7, which times this code against libvirtd hosts (the package is not exported).
 */
public final class FleetListing {

    static final int MAX_THREADS = 16;
    /** How long a listing thread waits for the next listing before it ends. */
    static final long IDLE_SECONDS = 60;

    /**
     * The listing threads, shared by every listing: one is started only when none is idle, and ends
     * after {@value #IDLE_SECONDS} s unused. A listing of ten hosts used to start (and end) ten threads,
     * a host listed alone one: on a fleet of quick hosts that was part of what all hosts at once cost
     * more than one. Unbounded, since a listing's hosts that do not answer are interrupted at its
     * timeout, and a listing runs at most {@value #MAX_THREADS} at once.
     */
    private static final ExecutorService THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
        new SynchronousQueue<>(), new ThreadFactory() {
            private final AtomicInteger n = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
                Thread t = new Thread(r, "virt-list-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            }
        });

    /** One host's answer: its rows (cells after the host column), or its error. */
    public record HostRows(String host, List<String[]> rows, String error) {
    }

    private FleetListing() {
    }

    /**
     * Asks every host in {@code hosts} for its rows ({@code rowsOf} runs on the host's connection);
     * the results come back in the order of {@code hosts}.
     */
    public static List<HostRows> query(NamedConnections named, List<String> hosts, Duration timeout,
                                Function<Connection, List<String[]>> rowsOf) throws InterruptedException {
        int n = hosts.size();
        List<CompletableFuture<List<String[]>>> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            results.add(new CompletableFuture<>());
        }
        // at most MAX_THREADS of the shared threads, each taking the next host until none is left
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            int i;
            while ((i = next.getAndIncrement()) < n && !Thread.currentThread().isInterrupted()) {
                try (Connection c = named.connection(hosts.get(i))) {
                    results.get(i).complete(rowsOf.apply(c));
                } catch (Throwable e) {
                    results.get(i).completeExceptionally(e);
                }
            }
        };
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int w = 0; w < Math.min(MAX_THREADS, n); w++) {
                workers.add(THREADS.submit(worker));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            List<HostRows> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                CompletableFuture<List<String[]>> f = results.get(i);
                try {
                    out.add(new HostRows(hosts.get(i), f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), null));
                } catch (TimeoutException e) {
                    out.add(new HostRows(hosts.get(i), List.of(), "no answer within " + timeout.toSeconds() + " s"));
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    out.add(new HostRows(hosts.get(i), List.of(),
                        cause instanceof VirtException ? cause.getMessage() : String.valueOf(cause)));
                }
            }
            return out;
        } finally {
            // a host that did not answer in time is interrupted (its thread goes back to the pool); the hosts
            // no worker took yet are not asked
            next.set(n);
            for (Future<?> w : workers) {
                w.cancel(true);
            }
        }
    }

    /**
     * virsh list's cells of one connection's domains: Id, Name, State (and Title). virsh asks each
     * domain for its state (a call per domain: 100 round trips for 100 domains); here the states
     * come from more listings filtered by state, so a host costs four calls whatever its size (ids
     * come with the listing), made side by side (the state listings on the shared threads while the
     * calling thread lists the domains): one round trip's wait per host. Without a state filter those are paused, shut off and other, and a
     * domain in none of them is running: on a host of running guests the extra listings are nearly
     * empty, where listing the running ones again would decode every domain twice. Only a domain in
     * another state (libvirt's OTHER: crashed, suspended...) is asked its state on its own.
     */
    public static List<String[]> domainRows(Connection c, ListFilter[] filters, Function<Domain, String> title) {
        boolean anyStateFilter = anyStateFilter(filters);
        java.util.Set<ListFilter> asked = java.util.EnumSet.noneOf(ListFilter.class);
        java.util.Collections.addAll(asked, filters);
        List<ListFilter> others = new ArrayList<>(asked);
        others.removeAll(STATE_FILTERS.keySet());
        // the state listings, asked while the domains are listed: over a network a host costs one round trip's
        // wait instead of four (the connection carries calls side by side, as libvirt's does)
        java.util.Map<ListFilter, CompletableFuture<List<Domain>>> byState = new java.util.EnumMap<>(ListFilter.class);
        for (ListFilter state : STATE_FILTERS.keySet()) {
            boolean wanted = anyStateFilter ? asked.contains(state) : state != ListFilter.RUNNING;
            if (wanted) {
                byState.put(state, listAsync(c, others, state));
            }
        }
        // libvirt's OTHER states (crashed, pmsuspended, ...): asked one by one
        CompletableFuture<List<Domain>> other = anyStateFilter ? null : listAsync(c, others, ListFilter.OTHER);
        List<Domain> domains;
        java.util.Map<java.util.UUID, String> states = new java.util.HashMap<>();
        java.util.Set<java.util.UUID> askOwn = new java.util.HashSet<>();
        try {
            domains = c.listAllDomains(filters);
            for (java.util.Map.Entry<ListFilter, CompletableFuture<List<Domain>>> e : byState.entrySet()) {
                for (Domain d : join(e.getValue())) {
                    states.put(d.uuid(), STATE_FILTERS.get(e.getKey()));
                }
            }
            if (other != null) {
                for (Domain d : join(other)) {
                    askOwn.add(d.uuid());
                }
            }
        } finally {
            // the others' results are not wanted when one failed (or this thread was interrupted): not waited for
            byState.values().forEach(f -> f.cancel(false));
            if (other != null) {
                other.cancel(false);
            }
        }
        List<String[]> rows = new ArrayList<>();
        String shutOff = io.jvirt.api.DomainState.SHUTOFF.label();
        String running = io.jvirt.api.DomainState.RUNNING.label();
        for (Domain d : domains) {
            String state = states.get(d.uuid());
            if (state == null && !anyStateFilter && !askOwn.contains(d.uuid())) {
                // in none of paused, shut off and other: running
                state = running;
            } else if (state == null) {
                state = d.state().state().label();
            }
            // an inactive domain has no id (-1); an active one's comes with the listing's handle
            int id = state.equals(shutOff) ? -1 : d.id();
            String idText = id < 0 ? "-" : Integer.toString(id);
            rows.add(title == null ? new String[] {idText, d.name(), state} : new String[] {idText, d.name(), state, title.apply(d)});
        }
        return rows;
    }

    /** The domains of {@code others} plus {@code state}, listed on one of the shared threads. */
    private static CompletableFuture<List<Domain>> listAsync(Connection c, List<ListFilter> others, ListFilter state) {
        List<ListFilter> f = new ArrayList<>(others);
        f.add(state);
        ListFilter[] filter = f.toArray(new ListFilter[0]);
        return CompletableFuture.supplyAsync(() -> c.listAllDomains(filter), THREADS);
    }

    /** The listing's result; its failure as the listing threw it (a VirtException stays one), or interrupted. */
    private static List<Domain> join(CompletableFuture<List<Domain>> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static boolean anyStateFilter(ListFilter[] filters) {
        for (ListFilter f : filters) {
            if (STATE_FILTERS.containsKey(f)) {
                return true;
            }
        }
        return false;
    }

    /** The state filters whose listings give the states, with the state's word in virsh list. */
    private static final java.util.Map<ListFilter, String> STATE_FILTERS = new java.util.EnumMap<>(java.util.Map.of(
        ListFilter.RUNNING, io.jvirt.api.DomainState.RUNNING.label(),
        ListFilter.PAUSED, io.jvirt.api.DomainState.PAUSED.label(),
        ListFilter.SHUTOFF, io.jvirt.api.DomainState.SHUTOFF.label()));

    /**
     * The table: "Host" before virsh's header; a failed host's row has "-" for Id and Name and
     * "error: MESSAGE" for its state.
     *
     * @return how many hosts failed
     */
    static int print(List<HostRows> results, boolean title, java.io.PrintStream out) {
        VirshTable table = title ? new VirshTable("Host", "Id", "Name", "State", "Title") : new VirshTable("Host", "Id", "Name", "State");
        int failed = 0;
        for (HostRows h : results) {
            if (h.error() != null) {
                failed++;
                table.row(title ? new String[] {h.host(), "-", "-", "error: " + h.error(), ""}
                    : new String[] {h.host(), "-", "-", "error: " + h.error()});
                continue;
            }
            for (String[] r : h.rows()) {
                String[] cells = new String[r.length + 1];
                cells[0] = h.host();
                System.arraycopy(r, 0, cells, 1, r.length);
                table.row(cells);
            }
        }
        table.print(out);
        return failed;
    }
}
