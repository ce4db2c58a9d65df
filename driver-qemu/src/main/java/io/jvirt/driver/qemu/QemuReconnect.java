package io.jvirt.driver.qemu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainState;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.DomainStatus;

/**
 * Finding guests again after the driver (or the whole container) restarted, libvirt's
 * {@code qemuProcessReconnect}. First every persistent config and every status file is loaded, so
 * that the registry knows all names and UUIDs; only then is each formerly running domain checked:
 * its process must be alive, be the same process (start time in {@code /proc/PID/stat} equal to
 * the recorded one; a reused pid has another), carry the monitor socket on its command line, and
 * answer QMP. Then it is running or paused as QEMU says. Otherwise it is shut off, its status file
 * removed, and a transient domain disappears.
 */
final class QemuReconnect {

    private static final Logger LOG = LoggerFactory.getLogger(QemuReconnect.class);
    /** Reconnects at a time: enough to overlap the monitors' answers, few enough for a small host. */
    private static final int RECONNECT_THREADS = 8;

    private QemuReconnect() {
    }

    static void loadAndReconnect(QemuHost host) {
        // stored definitions load with the lenient defaults: a probe that fails or a machine type
        // a new QEMU dropped must not make a definition unloadable (it fails at start instead)
        for (Map.Entry<String, String> e : host.store.loadConfigs((name, xml) -> checkName(name, host.parseStored(xml))).entrySet()) {
            try {
                DomainDef def = host.parseStored(e.getValue());
                DomainObject<QemuRun.Slot> d = host.domains.addOrFind(def, true, QemuRun.Slot::new);
                d.setAutostart(host.store.isAutostart(def.name()));
            } catch (VirtException ex) {
                LOG.error("{}: cannot load the config of '{}': {}", host.uri, e.getKey(), ex.getMessage());
            }
        }
        List<DomainObject<QemuRun.Slot>> wasRunning = new ArrayList<>();
        Map<String, DomainStatus> statuses = host.store.loadStatuses((name, xml) -> checkName(name, host.parseStored(xml)));
        for (Map.Entry<String, DomainStatus> e : statuses.entrySet()) {
            DomainStatus st = e.getValue();
            try {
                DomainDef live = host.parseStored(st.liveXml());
                DomainObject<QemuRun.Slot> d = host.domains.findByUuid(live.uuid());
                if (d == null) {
                    d = host.domains.addOrFind(live, false, QemuRun.Slot::new);
                } else {
                    d.setNewDef(d.def());
                    d.setDef(live);
                }
                d.setPersistent(d.newDef() != null);
                host.domains.assignId(d, st.id());
                d.setState(st.state().state(), st.state().reason());
                // the pidfile lies beside the recorded socket: the run directory may have changed since
                Path monitor = Path.of(st.monitor());
                d.runtime().run = new QemuRun(st.pid(), st.pidStartTime(), monitor,
                    st.monitor().isEmpty() ? null : monitor.resolveSibling(live.uuid() + ".pid"),
                    host.logDir.resolve(live.name() + ".log"));
                wasRunning.add(d);
            } catch (VirtException ex) {
                LOG.error("{}: cannot load the status of '{}': {}", host.uri, e.getKey(), ex.getMessage());
                host.store.deleteStatus(e.getKey());
            }
        }
        reconnectAll(host, wasRunning);
        host.store.unloadedConfigs().forEach((name, why) -> LOG.error(
            "{}: the config of '{}' stays unloaded ({}); the name is reserved until it loads", host.uri, name, why));
        LOG.info("{}: {} domains, {} running", host.uri, host.domains.size(), host.domains.countActive());
    }

    /**
     * Reconnects every formerly running domain, several at a time as libvirt does (a thread per
     * domain there): each waits mostly for its QEMU's monitor, not for the CPU. Returns when all are
     * done, so the driver answers nothing before it knows which guests are really running.
     */
    private static void reconnectAll(QemuHost host, List<DomainObject<QemuRun.Slot>> wasRunning) {
        if (wasRunning.isEmpty()) {
            return;
        }
        int threads = Math.min(RECONNECT_THREADS, wasRunning.size());
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "jvirt-qemu-reconnect-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (DomainObject<QemuRun.Slot> d : wasRunning) {
                done.add(pool.submit(() -> {
                    try {
                        host.domains.run(d, "qemuProcessReconnect", x -> reconnect(host, x));
                    } catch (VirtException ex) {
                        LOG.error("{}: reconnecting to '{}' failed: {}", host.uri, d.name(), ex.getMessage());
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.error("{}: reconnecting failed", host.uri, e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private static void checkName(String name, DomainDef def) {
        if (!name.equals(def.name())) {
            throw new IllegalArgumentException("file of '" + name + "' holds domain '" + def.name() + "'");
        }
    }

    private static void reconnect(QemuHost host, DomainObject<QemuRun.Slot> d) {
        QemuRun run = d.runtime().run;
        String why = identify(run);
        if (why == null) {
            try {
                run.monitor = QmpMonitor.connect(run.monitorPath, d.name(), host.listener(d, run),
                    host.settings.monitorTimeoutMs(), () -> QemuProcess.isAlive(run.pid, run.startTime));
                Map<String, Object> st = QmpJson.object(run.monitor.execute("query-status", null, host.settings.commandTimeoutMs()));
                String status = String.valueOf(st.get("status"));
                if (Boolean.TRUE.equals(st.get("running"))) {
                    if (d.state().state() != DomainState.RUNNING) {
                        d.setState(DomainState.RUNNING, StateReason.RUNNING_UNPAUSED);
                    }
                } else if ("shutdown".equals(status)) {
                    // the guest powered off while nobody listened; QEMU waits (-no-shutdown) for
                    // the driver to finish the shutdown, as libvirt's reconnect does
                    LOG.info("{}: domain '{}' powered off while the driver was away: ending QEMU {}", host.uri, d.name(), run.pid);
                    host.stopped(d, StateReason.SHUTOFF_SHUTDOWN, io.jvirt.api.DomainEvent.STOPPED_SHUTDOWN);
                    return;
                } else if (d.state().state() != DomainState.PAUSED) {
                    d.setState(DomainState.PAUSED, QemuHost.pausedReason(status));
                }
                host.saveStatus(d);
                LOG.info("{}: reconnected to domain '{}' (pid {}, {})", host.uri, d.name(), run.pid, status);
                return;
            } catch (VirtException e) {
                why = "its monitor does not answer: " + e.getMessage();
            }
        }
        LOG.warn("{}: domain '{}' is no longer running ({}): marking it shut off", host.uri, d.name(), why);
        // a guest that powers off keeps its QEMU (-no-shutdown) until the driver ends it, so a
        // process found gone was ended by someone else or crashed: which, nobody knows
        host.stopped(d, StateReason.UNKNOWN, io.jvirt.api.DomainEvent.STOPPED_FAILED);
    }

    /** Null when {@code run}'s process is alive and is that QEMU, else why not. */
    static String identify(QemuRun run) {
        if (run.pid <= 0) {
            return "no pid recorded";
        }
        long st = QemuProcess.startTime(run.pid);
        if (st < 0) {
            return "process " + run.pid + " is gone";
        }
        if (run.startTime >= 0 && st != run.startTime) {
            return "pid " + run.pid + " now belongs to another process (started at " + st + ", not " + run.startTime + ")";
        }
        List<String> cmd = QemuProcess.cmdline(run.pid);
        if (cmd.stream().noneMatch(a -> a.contains(QemuCommandLine.escape(run.monitorPath.toString())))) {
            return "process " + run.pid + " is not the QEMU of this domain (monitor " + run.monitorPath + " not on its command line)";
        }
        return null;
    }
}
