package io.jvirt.driver.qemu;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainState;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.DomainStatus;
import io.jvirt.core.kit.local.HostProcFs;

/**
 * Finding a guest again after the driver (or the whole container) restarted, libvirt's
 * {@code qemuProcessReconnect}, for one domain the kit's load found a status file of (its live
 * definition, id and state adopted, its job held): its process must be alive, be the same process
 * (start time in {@code /proc/PID/stat} equal to the recorded one; a reused pid has another), carry
 * the monitor socket on its command line, and answer QMP. Then it is running or paused as QEMU says.
 * Otherwise it is shut off, its status file removed, and a transient domain disappears.
 */
final class QemuReconnect {

    private static final Logger LOG = LoggerFactory.getLogger(QemuReconnect.class);

    private QemuReconnect() {
    }

    static void reconnect(QemuHost host, DomainObject<QemuRun.Slot> d, DomainStatus st) {
        // the pidfile lies beside the recorded socket: the run directory may have changed since
        Path monitorPath = Path.of(st.monitor());
        QemuRun run = new QemuRun(st.pid(), st.pidStartTime(), monitorPath,
            st.monitor().isEmpty() ? null : monitorPath.resolveSibling(d.uuid() + ".pid"), host.logDir.resolve(d.name() + ".log"));
        d.runtime().run = run;
        String why = identify(run);
        if (why == null) {
            try {
                run.monitor = QmpMonitor.connect(run.monitorPath, d.name(), host.listener(d, run),
                    host.settings.monitorTimeoutMs(), run::isAlive);
                Map<String, Object> qs = QmpJson.object(run.monitor.execute("query-status", null, host.settings.commandTimeoutMs()));
                String status = String.valueOf(qs.get("status"));
                if (Boolean.TRUE.equals(qs.get("running"))) {
                    if (d.state().state() != DomainState.RUNNING) {
                        d.setState(DomainState.RUNNING, StateReason.RUNNING_UNPAUSED);
                    }
                } else if ("shutdown".equals(status)) {
                    // the guest powered off while nobody listened; QEMU waits (-no-shutdown) for
                    // the driver to finish the shutdown, as libvirt's reconnect does
                    LOG.info("{}: domain '{}' powered off while the driver was away: ending QEMU {}", host.uri, d.name(), run.pid());
                    host.stopped(d, StateReason.SHUTOFF_SHUTDOWN, DomainEvent.STOPPED_SHUTDOWN);
                    return;
                } else if (d.state().state() != DomainState.PAUSED) {
                    d.setState(DomainState.PAUSED, QemuHost.pausedReason(status));
                }
                host.saveStatus(d);
                LOG.info("{}: reconnected to domain '{}' (pid {}, {})", host.uri, d.name(), run.pid(), status);
                return;
            } catch (VirtException e) {
                why = "its monitor does not answer: " + e.getMessage();
            }
        }
        LOG.warn("{}: domain '{}' is no longer running ({}): marking it shut off", host.uri, d.name(), why);
        // a guest that powers off keeps its QEMU (-no-shutdown) until the driver ends it, so a
        // process found gone was ended by someone else or crashed: which, nobody knows. A process
        // with the pid but another start time is not ours and is never signalled (ProcessRun.terminate).
        host.stopped(d, StateReason.UNKNOWN, DomainEvent.STOPPED_FAILED);
    }

    /** Null when {@code run}'s process is alive and is that QEMU, else why not. */
    static String identify(QemuRun run) {
        if (run.pid() <= 0) {
            return "no pid recorded";
        }
        long st = HostProcFs.startTime(run.pid()).orElse(-1);
        if (st < 0) {
            return "process " + run.pid() + " is gone";
        }
        if (run.pidStartTime() >= 0 && st != run.pidStartTime()) {
            return "pid " + run.pid() + " now belongs to another process (started at " + st + ", not " + run.pidStartTime() + ")";
        }
        List<String> cmd = HostProcFs.cmdline(run.pid());
        if (cmd.stream().noneMatch(a -> a.contains(QemuCommandLine.escape(run.monitorPath.toString())))) {
            return "process " + run.pid() + " is not the QEMU of this domain (monitor " + run.monitorPath + " not on its command line)";
        }
        return null;
    }
}
