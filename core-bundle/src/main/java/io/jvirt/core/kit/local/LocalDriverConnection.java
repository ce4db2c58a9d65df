package io.jvirt.core.kit.local;

import io.jvirt.api.CreateFlag;
import io.jvirt.api.DefineFlag;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.Flag;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.UndefineFlag;
import io.jvirt.api.VirtException;
import io.jvirt.api.XmlFlag;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.kit.StatefulDriverConnection;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The connection half of a local driver: the entry points that do not depend on the hypervisor
 * (define, createXml, undefine, autostart, XML dump, isUpdated, node facts), over a
 * {@link LocalDomainHost}, with libvirt's flag checks. Each names libvirt's C function of the
 * driver ({@code <prefix>DomainDefineXMLFlags}, the prefix being the error domain's name); a driver
 * overrides the few hooks where its libvirt counterpart accepts other flags or uses other words.
 *
 * @param <S> the driver's per-domain runtime data
 */
@ConsumerType
public abstract class LocalDriverConnection<S> extends StatefulDriverConnection<S> {

    private final LocalDomainHost<S> host;

    protected LocalDriverConnection(LocalDomainHost<S> host) {
        super(host.domains(), host.events(), host.errorDomain());
        this.host = host;
    }

    // ---------- hooks ----------

    /** The flags libvirt's {@code <prefix>DomainCreateXML} of this driver accepts. */
    protected Flag[] createXmlFlags() {
        return new Flag[] {CreateFlag.PAUSED, CreateFlag.AUTODESTROY, CreateFlag.VALIDATE};
    }

    /** libvirt's C function behind createXml ("qemuDomainCreateXML", "lxcDomainCreateXMLWithFiles"). */
    protected String createXmlFunction() {
        return functionPrefix() + "DomainCreateXML";
    }

    /** The flags libvirt's {@code <prefix>DomainGetXMLDesc} of this driver accepts. */
    protected Flag[] xmlDescFlags() {
        return XmlFlag.values();
    }

    /** The flags libvirt's {@code <prefix>DomainUndefineFlags} of this driver accepts. */
    protected Flag[] undefineFlags() {
        return UndefineFlag.values();
    }

    /**
     * The refusal of an operation on a transient domain ({@code what}: "undefine", "set autostart
     * for"): OPERATION_INVALID "cannot undefine transient domain", QEMU's words.
     */
    protected VirtException transientRefused(String what) {
        return new VirtException(ErrorCode.OPERATION_INVALID, host.errorDomain(), "cannot " + what + " transient domain");
    }

    // ---------- connection ----------

    @Override
    public String uri() {
        return host.uri();
    }

    @Override
    public boolean isAlive() {
        return !host.isClosed();
    }

    @Override
    public NodeInfo nodeInfo() {
        return host.node().nodeInfo();
    }

    @Override
    public String hostname() {
        return host.node().hostname();
    }

    @Override
    public DomainRef defineXml(String xml, int flags) {
        DriverConnection.checkFlags(flags, host.errorDomain(), functionPrefix() + "DomainDefineXMLFlags", DefineFlag.VALIDATE);
        DomainDef def = host.parse(xml, (flags & DefineFlag.VALIDATE.bit()) != 0);
        return host.define(def);
    }

    @Override
    public DomainRef createXml(String xml, int flags) {
        DriverConnection.checkFlags(flags, host.errorDomain(), createXmlFunction(), createXmlFlags());
        DomainDef def = host.parse(xml, (flags & CreateFlag.VALIDATE.bit()) != 0);
        return host.createXml(def, (flags & CreateFlag.PAUSED.bit()) != 0);
    }

    // ---------- domains ----------

    @Override
    public String domainXmlDesc(DomainRef ref, int flags) {
        DriverConnection.checkFlags(flags, host.errorDomain(), functionPrefix() + "DomainGetXMLDesc", xmlDescFlags());
        return host.xmlDesc(dom(ref), flags);
    }

    @Override
    public boolean domainIsUpdated(DomainRef ref) {
        return host.isUpdated(dom(ref));
    }

    @Override
    public void domainUndefine(DomainRef ref, int flags) {
        DriverConnection.checkFlags(flags, host.errorDomain(), functionPrefix() + "DomainUndefineFlags", undefineFlags());
        host.domains().run(dom(ref), "virDomainUndefineFlags", d -> {
            if (!d.isPersistent()) {
                throw transientRefused("undefine");
            }
            host.undefine(d);
        });
    }

    @Override
    public void domainSetAutostart(DomainRef ref, boolean autostart) {
        host.domains().run(dom(ref), "virDomainSetAutostart", d -> {
            if (!d.isPersistent()) {
                throw transientRefused("set autostart for");
            }
            host.setAutostart(d, autostart);
        });
    }
}
