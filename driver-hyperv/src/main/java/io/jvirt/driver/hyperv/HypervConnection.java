package io.jvirt.driver.hyperv;

import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.StateReason;
import io.jvirt.core.kit.remote.RemoteDriverConnection;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * One connection to a Hyper-V host: the driver table over a {@link WsmanClient}. Stateless as
 * libvirt's: every call asks the host (WinRM keeps no session; each request carries the Basic
 * credentials). Lookups and listings are the kit's ({@link RemoteDriverConnection} over
 * {@link HypervInventory}); every entry point checks its flags first, as libvirt's virCheckFlags.
 */
final class HypervConnection extends RemoteDriverConnection<Vm> {

    private final String uriString;
    private final HypervUri uri;
    private final String osVersion;
    private final HostFacts host;
    private final Lifecycle lifecycle;

    HypervConnection(String uriString, HypervUri uri, WsmanClient wsman, String osVersion) {
        super(new HypervInventory(wsman), ErrorDomain.HYPERV, "hypervConnectListAllDomains");
        this.uriString = uriString;
        this.uri = uri;
        this.osVersion = osVersion;
        this.host = new HostFacts(wsman);
        this.lifecycle = new Lifecycle(wsman);
    }

    @Override
    public String type() {
        return "Hyper-V";
    }

    @Override
    public String uri() {
        return uriString;
    }

    /** libvirt's hypervConnectIsEncrypted: only https is. */
    boolean isEncrypted() {
        return !uri.plainHttp();
    }

    /** libvirt's hypervConnectIsSecure: only https is. */
    boolean isSecure() {
        return !uri.plainHttp();
    }

    @Override
    public long hypervisorVersion() {
        return HostFacts.packVersion(osVersion);
    }

    @Override
    public String hostname() {
        return host.hostname();
    }

    @Override
    public NodeInfo nodeInfo() {
        return host.nodeInfo();
    }

    // ---------- domains ----------

    @Override
    public int domainId(DomainRef dom) {
        return domain(dom).id();
    }

    @Override
    public String domainOsType(DomainRef dom) {
        domain(dom);
        return "hvm";
    }

    @Override
    public DomainInfo domainInfo(DomainRef dom) {
        return lifecycle.info(domain(dom));
    }

    @Override
    public StateReason domainState(DomainRef dom) {
        // libvirt's hypervDomainGetState: the reason is always 0
        return new StateReason(domain(dom).state(), StateReason.UNKNOWN);
    }

    @Override
    public boolean domainIsActive(DomainRef dom) {
        return domain(dom).active();
    }

    @Override
    public boolean domainIsPersistent(DomainRef dom) {
        domain(dom);
        return true;
    }

    @Override
    public boolean domainIsUpdated(DomainRef dom) {
        domain(dom);
        return false;
    }

    @Override
    public boolean domainHasManagedSaveImage(DomainRef dom) {
        return EnabledState.saved(domain(dom).enabledState());
    }

    @Override
    public void domainCreate(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.HYPERV, "hypervDomainCreateWithFlags");
        lifecycle.start(domain(dom));
    }

    @Override
    public void domainShutdown(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.HYPERV, "hypervDomainShutdownFlags");
        lifecycle.shutdown(domain(dom));
    }

    @Override
    public void domainReboot(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.HYPERV, "hypervDomainReboot");
        lifecycle.reboot(domain(dom));
    }

    @Override
    public void domainReset(DomainRef dom) {
        lifecycle.reset(domain(dom));
    }

    @Override
    public void domainDestroy(DomainRef dom, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.HYPERV, "hypervDomainDestroyFlags");
        lifecycle.destroy(domain(dom));
    }

    @Override
    public void domainSuspend(DomainRef dom) {
        lifecycle.suspend(domain(dom));
    }

    @Override
    public void domainResume(DomainRef dom) {
        lifecycle.resume(domain(dom));
    }
}
