package io.jvirt.driver.lxc;

import io.jvirt.api.CreateFlag;
import io.jvirt.api.DomainConsole;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Flag;
import io.jvirt.api.MemoryStatTag;
import io.jvirt.api.MemoryStats;
import io.jvirt.api.ShutdownFlag;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.XmlFlag;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.local.LocalDriverConnection;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * A connection to {@code lxc:///}: the LXC driver's table over the one {@link LxcHost}. Define,
 * createXml, undefine, autostart, the XML dump, isUpdated and the node facts are the kit's
 * ({@link LocalDriverConnection}), with libvirt's LXC flags and words.
 */
final class LxcConnection extends LocalDriverConnection<LxcRuntime> {

    private final LxcHost host;

    LxcConnection(LxcHost host) {
        super(host);
        this.host = host;
    }

    @Override
    public String type() {
        return "LXC";
    }

    @Override
    public void close() {
        // the host and its containers outlive connections
    }

    @Override
    public long hypervisorVersion() {
        // libvirt reports the kernel version as major * 1000000 + minor * 1000 + micro
        String[] v = System.getProperty("os.version", "0.0.0").split("[^0-9]+");
        long major = v.length > 0 && !v[0].isEmpty() ? Long.parseLong(v[0]) : 0;
        long minor = v.length > 1 ? Long.parseLong(v[1]) : 0;
        long micro = v.length > 2 ? Long.parseLong(v[2]) : 0;
        return major * 1_000_000 + minor * 1000 + micro;
    }

    @Override
    public String domainXmlFromNative(String format, String config) {
        if (!"lxc-tools".equals(format)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LXC, "unsupported config type " + format);
        }
        return LxcNativeConfig.toDomainXml(config);
    }

    @Override
    protected String createXmlFunction() {
        return "lxcDomainCreateXMLWithFiles";
    }

    @Override
    protected Flag[] xmlDescFlags() {
        return new Flag[] {XmlFlag.SECURE, XmlFlag.INACTIVE, XmlFlag.MIGRATABLE};
    }

    /** libvirt's LXC driver takes no undefine flag. */
    @Override
    protected Flag[] undefineFlags() {
        return new Flag[0];
    }

    /** libvirt's LXC words: "Cannot undefine transient domain", in the domain error domain. */
    @Override
    protected VirtException transientRefused(String what) {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "Cannot " + what + " transient domain");
    }

    @Override
    public DomainInfo domainInfo(DomainRef ref) {
        DomainObject<LxcRuntime> d = dom(ref);
        DomainDef def = d.def();
        ContainerRun run = d.runtime().run;
        long memKiB = def.currentMemoryKiB();
        long cpu = 0;
        if (run != null) {
            try {
                cpu = run.cgroup.cpuTimeNs();
                memKiB = run.cgroup.memoryBytes() / 1024;
            } catch (VirtException e) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.LXC, "Cannot read cputime for domain", e);
            }
        }
        return new DomainInfo(d.state().state(), def.memoryKiB(), memKiB, def.vcpus(), cpu);
    }

    /**
     * libvirt's {@code lxcDomainMemoryStats}, in the domain's job: actual (the current memory of
     * the definition), swap_in (what the cgroup's swap accounting reads, see
     * {@link Cgroup#memSwapBytes}) and rss (the cgroup's memory usage). Where the kernel accounts
     * no swap, libvirt fails the whole call; jvirt leaves swap_in out instead.
     */
    @Override
    public MemoryStats domainMemoryStats(DomainRef ref) {
        return host.domains.job(dom(ref), "virDomainMemoryStats", d -> {
            d.requireActive();
            Cgroup cg = d.runtime().run.cgroup;
            MemoryStats.Builder b = MemoryStats.builder().add(MemoryStatTag.ACTUAL_BALLOON, d.def().currentMemoryKiB());
            Long swap = cg.memSwapBytes();
            if (swap != null) {
                b.add(MemoryStatTag.SWAP_IN, swap / 1024);
            }
            return b.add(MemoryStatTag.RSS, cg.memoryBytes() / 1024).build();
        });
    }

    /**
     * libvirt's {@code lxcDomainOpenConsole}: no flag (FORCE and SAFE included: the LXC driver has
     * no session table to force or guard, see {@link LxcConsoles}), a running domain, then the
     * console of the live definition opened read-write as a stream. No job, as in libvirt: the
     * live definition is read once, as libvirt reads it under the domain's lock.
     */
    @Override
    public DomainConsole domainOpenConsole(DomainRef ref, String devName, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.LXC, "lxcDomainOpenConsole");
        DomainObject<LxcRuntime> d = dom(ref);
        d.requireActive(); // virDomainObjCheckActive: OPERATION_INVALID in the domain error domain
        // the live definition in force (a stop racing this call leaves a pty without a path: refused)
        ContainerRun run = d.runtime().run;
        ConsoleRelay.Relay relay = run == null ? null : run.console;
        return LxcConsoles.open(d.def(), devName, relay == null ? null : relay.hostTty());
    }

    @Override
    public void domainCreate(DomainRef ref, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.LXC, "lxcDomainCreateWithFiles", CreateFlag.PAUSED, CreateFlag.AUTODESTROY);
        host.domains.run(dom(ref), "virDomainCreateWithFlags", d -> {
            d.requireInactive();
            host.control.start(d, (flags & CreateFlag.PAUSED.bit()) != 0);
        });
    }

    @Override
    public void domainShutdown(DomainRef ref, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.LXC, "lxcDomainShutdownFlags", ShutdownFlag.INITCTL, ShutdownFlag.SIGNAL);
        refuseInitctlOnly(flags, "shutdown");
        host.domains.run(dom(ref), "virDomainShutdownFlags", host.control::shutdown);
    }

    @Override
    public void domainReboot(DomainRef ref, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.LXC, "lxcDomainReboot", ShutdownFlag.INITCTL, ShutdownFlag.SIGNAL);
        refuseInitctlOnly(flags, "reboot");
        host.domains.run(dom(ref), "virDomainReboot", host.control::reboot);
    }

    /**
     * The container's init is signalled (libvirt's SIGNAL method); its initctl FIFO is not used,
     * so a request for initctl alone is refused rather than answered with a signal.
     */
    private static void refuseInitctlOnly(int flags, String mode) {
        if (flags == ShutdownFlag.INITCTL.bit()) {
            throw new VirtException(ErrorCode.ARGUMENT_UNSUPPORTED, ErrorDomain.LXC,
                "the initctl " + mode + " method is not supported by the LXC driver; use the signal method");
        }
    }

    @Override
    public void domainDestroy(DomainRef ref, int flags) {
        // libvirt's LXC driver takes no destroy flag (GRACEFUL included)
        DriverConnection.checkFlags(flags, 0, ErrorDomain.LXC, "lxcDomainDestroyFlags");
        host.domains.run(dom(ref), "virDomainDestroyFlags", d -> {
            d.requireActive();
            host.control.stop(d, StateReason.SHUTOFF_DESTROYED);
        });
    }

    @Override
    public void domainSuspend(DomainRef ref) {
        host.domains.run(dom(ref), "virDomainSuspend", host.control::suspend);
    }

    @Override
    public void domainResume(DomainRef ref) {
        host.domains.run(dom(ref), "virDomainResume", host.control::resume);
    }
}
