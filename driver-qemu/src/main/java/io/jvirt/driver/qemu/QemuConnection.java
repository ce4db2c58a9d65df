package io.jvirt.driver.qemu;

import java.nio.file.Path;

import io.jvirt.api.ConsoleFlag;
import io.jvirt.api.CreateFlag;
import io.jvirt.api.DestroyFlag;
import io.jvirt.api.DomainConsole;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.MemoryStats;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.ShutdownFlag;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.kit.DefinitionImpact;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.local.HostProcFs;
import io.jvirt.core.kit.local.LocalDriverConnection;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * A connection to a {@link QemuHost}: the QEMU driver's part of libvirt's driver table. Define,
 * createXml, undefine, autostart, the XML dump, isUpdated and the node facts are the kit's
 * ({@link LocalDriverConnection}); what is here talks to QEMU.
 */
final class QemuConnection extends LocalDriverConnection<QemuRun.Slot> {

    private static final int AFFECT_LIVE = ModificationImpact.LIVE.bit();
    private static final int AFFECT_CONFIG = ModificationImpact.CONFIG.bit();
    private static final int MEM_MAXIMUM = ModificationImpact.MAXIMUM.bit();

    private final QemuHost host;
    private final Path emulator;

    QemuConnection(QemuHost host, Path emulator) {
        super(host);
        this.host = host;
        this.emulator = emulator;
    }

    private long timeout() {
        return host.settings.commandTimeoutMs();
    }

    // ---------- connection ----------

    @Override
    public String type() {
        return "QEMU";
    }

    @Override
    public void close() {
        // the host and its guests outlive connections
    }

    @Override
    public long hypervisorVersion() {
        return host.caps.get(emulator).version();
    }

    @Override
    public String capabilities() {
        return QemuCapabilities.capabilitiesXml(host.caps.get(emulator), System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch"));
    }

    @Override
    public int maxVcpus(String type) {
        return 255;
    }

    @Override
    public String domainXmlToNative(String format, String xml) {
        if (!"qemu-argv".equals(format)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, "unsupported config type " + format);
        }
        DomainDef def = host.parse(xml, false);
        boolean kvm = QemuStarter.useKvm(def, host.caps.get(emulator));
        return QemuCommandLine.toShell(QemuCommandLine.build(def, emulator.toString(), kvm, QemuStarter.runFiles(host, def)));
    }

    // ---------- domains ----------

    @Override
    public DomainInfo domainInfo(DomainRef ref) {
        DomainObject<QemuRun.Slot> d = dom(ref);
        DomainDef def = d.def();
        QemuRun run = d.runtime().run;
        long cpu = run == null ? 0 : HostProcFs.cpuTimeNs(run.pid());
        return new DomainInfo(d.state().state(), def.memoryKiB(), def.currentMemoryKiB(), def.currentVcpus(), cpu);
    }

    /** In the domain's job, as libvirt's QUERY job: the monitor answers one command at a time anyway. */
    @Override
    public MemoryStats domainMemoryStats(DomainRef ref) {
        return host.domains.job(dom(ref), "virDomainMemoryStats",
            d -> QemuMemoryStats.of(d.def(), running(d), timeout()));
    }

    /**
     * libvirt's {@code qemuDomainOpenConsole}: the flags first, then the domain, which must run;
     * the device by alias or the first console ({@link QemuConsoles}); one session per pty
     * (FORCE takes it over, SAFE is what this driver always guarantees).
     */
    @Override
    public DomainConsole domainOpenConsole(DomainRef ref, String devName, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.QEMU, "qemuDomainOpenConsole", ConsoleFlag.SAFE, ConsoleFlag.FORCE);
        DomainObject<QemuRun.Slot> d = dom(ref);
        QemuRun run = d.runtime().run;
        if (!d.isActive() || run == null) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
        }
        QemuConsoles.Choice chr = QemuConsoles.choose(d.def(), devName);
        return run.consoles.open(chr.path(), chr.name(), (flags & ConsoleFlag.FORCE.bit()) != 0);
    }

    @Override
    public void domainCreate(DomainRef ref, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.QEMU, "qemuDomainCreateWithFlags",
            CreateFlag.PAUSED, CreateFlag.AUTODESTROY, CreateFlag.BYPASS_CACHE, CreateFlag.FORCE_BOOT);
        host.domains.run(dom(ref), "virDomainCreateWithFlags", d -> {
            if (d.isActive()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU, "domain is already running");
            }
            QemuStarter.start(host, d, (flags & CreateFlag.PAUSED.bit()) != 0);
        });
    }

    @Override
    public void domainShutdown(DomainRef ref, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.QEMU, "qemuDomainShutdownFlags",
            ShutdownFlag.ACPI_POWER_BTN, ShutdownFlag.GUEST_AGENT);
        // asynchronous, as in libvirt: the guest decides; SHUTDOWN and the end of QEMU follow
        pressPowerButton(ref, flags, "virDomainShutdownFlags", "shutdown", false);
    }

    @Override
    public void domainReboot(DomainRef ref, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.QEMU, "qemuDomainReboot",
            ShutdownFlag.ACPI_POWER_BTN, ShutdownFlag.GUEST_AGENT);
        // the guest powers off on the button; its SHUTDOWN then resets it instead of ending QEMU
        pressPowerButton(ref, flags, "virDomainReboot", "reboot", true);
    }

    /** Shutdown and reboot both press the ACPI power button; {@code reboot} says what its SHUTDOWN means. */
    private void pressPowerButton(DomainRef ref, int flags, String function, String mode, boolean reboot) {
        if ((flags & ~ShutdownFlag.ACPI_POWER_BTN.bit()) != 0) {
            throw new VirtException(ErrorCode.ARGUMENT_UNSUPPORTED, ErrorDomain.QEMU,
                "only the ACPI power button " + mode + " mode is supported by the QEMU driver so far");
        }
        host.domains.run(dom(ref), function, d -> {
            QemuRun run = running(d);
            run.setRebootRequested(reboot);
            run.monitor.execute("system_powerdown", null, timeout());
        });
    }

    @Override
    public void domainReset(DomainRef ref) {
        host.domains.run(dom(ref), "virDomainReset", d -> {
            QemuRun run = running(d);
            run.monitor.execute("system_reset", null, timeout());
            if (d.state().state() == DomainState.CRASHED) {
                host.recordState(d, DomainState.RUNNING, StateReason.RUNNING_BOOTED);
            }
        });
    }

    @Override
    public void domainDestroy(DomainRef ref, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.QEMU, "qemuDomainDestroyFlags", DestroyFlag.GRACEFUL);
        host.domains.run(dom(ref), "virDomainDestroyFlags", d -> {
            QemuRun run = d.runtime().run;
            if (!d.isActive() || run == null) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
            }
            run.setStopping(true);
            if (run.monitor != null) {
                run.monitor.close();
            }
            if (!run.terminate(host.settings.destroyTimeoutMs())) {
                throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU,
                    "Failed to terminate process " + run.pid() + " with SIGKILL: Device or resource busy");
            }
            host.stopped(d, StateReason.SHUTOFF_DESTROYED, DomainEvent.STOPPED_DESTROYED);
        });
    }

    @Override
    public void domainSuspend(DomainRef ref) {
        host.domains.run(dom(ref), "virDomainSuspend", d -> {
            QemuRun run = running(d);
            if (d.state().state() != DomainState.PAUSED) {
                run.monitor.execute("stop", null, timeout());
                host.recordState(d, DomainState.PAUSED, StateReason.PAUSED_USER);
                host.emit(d, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
            }
        });
    }

    @Override
    public void domainResume(DomainRef ref) {
        host.domains.run(dom(ref), "virDomainResume", d -> {
            QemuRun run = running(d);
            if (d.state().state() == DomainState.PAUSED) {
                run.monitor.execute("cont", null, timeout());
                host.recordState(d, DomainState.RUNNING, StateReason.RUNNING_UNPAUSED);
                host.emit(d, DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED);
            }
        });
    }

    @Override
    public void domainSetMaxMemory(DomainRef ref, long kib) {
        domainSetMemory(ref, kib, MEM_MAXIMUM); // qemuDomainSetMaxMemory
    }

    /**
     * libvirt's {@code qemuDomainSetMemoryFlags}: the maximum only in the persistent definition; the
     * current memory of a running guest through its balloon (QMP {@code balloon}), of the
     * persistent definition by rewriting it.
     */
    @Override
    public void domainSetMemory(DomainRef ref, long kib, int flags) {
        DriverConnection.checkFlags(flags, AFFECT_LIVE | AFFECT_CONFIG | MEM_MAXIMUM, ErrorDomain.QEMU, "qemuDomainSetMemoryFlags");
        host.domains.run(dom(ref), "virDomainSetMemoryFlags", d -> {
            DefinitionImpact impact = DefinitionImpact.of(d, flags);
            if ((flags & MEM_MAXIMUM) != 0) {
                if (impact.live()) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                        "cannot resize the maximum memory on an active domain");
                }
                saveConfig(d, impact, x -> {
                    x.memoryKiB(kib);
                    if (x.currentMemoryKiB() > kib) {
                        x.currentMemoryKiB(kib);
                    }
                });
                return;
            }
            if ((impact.live() && kib > d.def().memoryKiB()) || (impact.config() && kib > d.persistentDef().memoryKiB())) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, "cannot set memory higher than max memory");
            }
            if (impact.live()) {
                QemuRun run = running(d);
                if (!QemuMemoryStats.hasBalloon(d.def())) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                        "Unable to change memory of active domain without the balloon device and guest OS balloon driver");
                }
                // the target only: the guest's driver gives memory back at its own pace (BALLOON_CHANGE)
                run.monitor.execute("balloon", java.util.Map.of("value", kib * 1024), timeout());
                new DefinitionImpact(true, false).apply(d, x -> x.currentMemoryKiB(kib));
                host.saveStatus(d);
            }
            if (impact.config()) {
                saveConfig(d, new DefinitionImpact(false, true), x -> x.currentMemoryKiB(kib));
            }
        });
    }

    /** Changes the persistent definition through {@code impact} and writes it before returning. */
    private void saveConfig(DomainObject<QemuRun.Slot> d, DefinitionImpact impact, java.util.function.Consumer<DomainDef> change) {
        impact.apply(d, change);
        host.saveConfig(d);
    }

    /** The run of an active domain with a live monitor, else libvirt's "domain is not running". */
    private static QemuRun running(DomainObject<QemuRun.Slot> d) {
        QemuRun run = d.runtime().run;
        if (!d.isActive() || run == null) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
        }
        if (run.monitor == null || !run.monitor.isOpen()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU, "monitor must not be NULL");
        }
        return run;
    }
}
