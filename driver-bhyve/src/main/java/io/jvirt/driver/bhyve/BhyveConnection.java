package io.jvirt.driver.bhyve;

import io.jvirt.api.CreateFlag;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Flag;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.XmlFlag;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.local.HostProcFs;
import io.jvirt.core.kit.local.LocalDriverConnection;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * A connection to {@code bhyve:///system}: libvirt's bhyve driver table (bhyve_driver.c) over the
 * one {@link BhyveHost}, each change in the domain's job. Define, createXml, undefine, autostart,
 * the XML dump and isUpdated are the kit's; suspend, resume and managed save are not in libvirt's
 * bhyve driver and stay the driver table's NO_SUPPORT.
 */
final class BhyveConnection extends LocalDriverConnection<BhyveSlot> {

    private final BhyveHost host;

    BhyveConnection(BhyveHost host) {
        super(host);
        this.host = host;
    }

    @Override
    public String type() {
        return "BHYVE";
    }

    @Override
    public void close() {
        // the host and its domains outlive connections
    }

    /**
     * bhyveConnectGetVersion: the kernel's release ({@code uname -r}) as libvirt's
     * virParseVersionString reads it (major.minor.micro, trailing text allowed), major * 1000000 +
     * minor * 1000 + micro. On FreeBSD that is the OS, whose part bhyve is.
     */
    @Override
    public long hypervisorVersion() {
        return version(System.getProperty("os.version", ""));
    }

    static long version(String release) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d{1,9})(?:\\.(\\d{1,9}))?(?:\\.(\\d{1,9}))?").matcher(release);
        if (!m.find()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.BHYVE, "Unknown release: " + release);
        }
        long major = Long.parseLong(m.group(1));
        long minor = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        long micro = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        if (minor > 999 || micro > 999) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.BHYVE, "Unknown release: " + release);
        }
        return major * 1_000_000 + minor * 1000 + micro;
    }

    /** bhyveDomainCreateXML: AUTODESTROY and VALIDATE; no paused start. */
    @Override
    protected Flag[] createXmlFlags() {
        return new Flag[] {CreateFlag.VALIDATE};
    }

    @Override
    protected Flag[] xmlDescFlags() {
        return new Flag[] {XmlFlag.SECURE, XmlFlag.INACTIVE, XmlFlag.UPDATE_CPU, XmlFlag.MIGRATABLE};
    }

    /** bhyveDomainUndefineFlags accepts no flag. */
    @Override
    protected Flag[] undefineFlags() {
        return new Flag[0];
    }

    @Override
    public String domainXmlToNative(String format, String xml) {
        requireArgv(format);
        return BhyveArgv.toNative(DomainXml.parse(xml, false, BhyveDomainRules.defaults(host.caps)), host.caps);
    }

    @Override
    public String domainXmlFromNative(String format, String config) {
        requireArgv(format);
        return BhyveArgv.fromNative(config, host.caps);
    }

    /** bhyveConnectDomainXMLToNative: "Unsupported config type %s" (CONFIG_UNSUPPORTED). */
    private static void requireArgv(String format) {
        if (!BhyveArgv.FORMAT.equals(format)) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.BHYVE, "Unsupported config type " + format);
        }
    }

    /** bhyveDomainGetInfo: the definition's memory and vCPUs, the CPU time of the bhyve process. */
    @Override
    public DomainInfo domainInfo(DomainRef ref) {
        DomainObject<BhyveSlot> d = dom(ref);
        DomainDef def = d.def();
        BhyveRun run = d.runtime().run();
        long cpu = d.isActive() && run != null ? HostProcFs.cpuTimeNs(run.pid()) : 0;
        return new DomainInfo(d.state().state(), def.memoryKiB(), def.currentMemoryKiB(), def.vcpus(), cpu);
    }

    @Override
    public void domainCreate(DomainRef ref, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.BHYVE, "bhyveDomainCreateWithFlags");
        host.domains().run(dom(ref), "virDomainCreateWithFlags", d -> {
            d.requireInactive();
            host.start(d, false);
        });
    }

    /** bhyveDomainShutdownFlags: SIGTERM (bhyve's ACPI power button); the guest's power off is seen when bhyve exits. */
    @Override
    public void domainShutdown(DomainRef ref, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.BHYVE, "bhyveDomainShutdownFlags");
        host.domains().run(dom(ref), "virDomainShutdownFlags", d -> {
            requireActive(d);
            host.powerButton(d, false);
        });
    }

    /** bhyveDomainReboot: the monitor told to restart, then SIGTERM. */
    @Override
    public void domainReboot(DomainRef ref, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.BHYVE, "bhyveDomainReboot");
        host.domains().run(dom(ref), "virDomainReboot", d -> {
            requireActive(d);
            host.powerButton(d, true);
        });
    }

    /** bhyveDomainDestroyFlags: {@code bhyvectl --destroy}, shut off (destroyed). */
    @Override
    public void domainDestroy(DomainRef ref, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.BHYVE, "bhyveDomainDestroyFlags");
        host.domains().run(dom(ref), "virDomainDestroyFlags", d -> {
            requireActive(d);
            host.stop(d, StateReason.SHUTOFF_DESTROYED);
        });
    }

    /** virDomainObjCheckActive: "domain is not running" (OPERATION_INVALID). */
    private static void requireActive(DomainObject<BhyveSlot> d) {
        if (!d.isActive()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
        }
    }
}
