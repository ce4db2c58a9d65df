package io.jvirt.driver.remote;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import io.jvirt.api.ErrorDomain;
import io.jvirt.core.kit.remote.RemoteAccessPolicy;
import io.jvirt.core.kit.remote.RemoteLogin;
import io.jvirt.core.kit.rpc.RpcTransport;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DomainEventObserver;
import io.jvirt.core.spi.NetworkEventObserver;
import io.jvirt.core.spi.StorageEventObserver;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * The remote driver service (libvirt's remote driver): URIs {@code DRIVER+unix:///PATH[?socket=...]},
 * {@code DRIVER+tcp://HOST[:PORT]/PATH}, {@code DRIVER+tls://HOST[:PORT]/PATH[?pkipath=...]},
 * {@code DRIVER+ssh://[USER@]HOST/PATH}, and {@code DRIVER://HOST/PATH} meaning TLS as in libvirt,
 * any driver name (the far side decides what it serves). Stateless: every connection is a client
 * of a libvirtd or a jvirt server, and nothing is kept locally. Its schemes are the core's
 * transport patterns ({@code *+unix}, {@code *+tcp}, {@code *+tls}, {@code *+ssh}) and the
 * fallback ({@code *}: a URI with a host that every other driver declined, as libvirt tries its
 * remote driver last).
 */
@Component(service = HypervisorDriver.class, configurationPid = RemoteDriver.PID, property = {
    HypervisorDriver.PROP_NAME + "=remote",
    HypervisorDriver.PROP_SCHEMES + "=*+unix",
    HypervisorDriver.PROP_SCHEMES + "=*+tcp",
    HypervisorDriver.PROP_SCHEMES + "=*+ssh",
    HypervisorDriver.PROP_SCHEMES + "=*+tls",
    HypervisorDriver.PROP_SCHEMES + "=" + HypervisorDriver.SCHEME_FALLBACK,
    HypervisorDriver.PROP_STATEFUL + ":Boolean=false"
})
@Designate(ocd = RemoteConfig.class)
public final class RemoteDriver implements HypervisorDriver {

    static final String PID = "io.jvirt.driver.remote";

    private volatile RemoteSettings settings;
    private volatile RemoteLogin login;
    private final HostEvents hostEvents = new HostEvents();

    /** The DS constructor; settings come from {@link #activate}. */
    public RemoteDriver() {
        this(RemoteSettings.defaults());
    }

    /** For use without OSGi (and tests): read-only connections reach no server with a URI of their own. */
    public RemoteDriver(RemoteSettings settings) {
        this(settings, RemoteAccessPolicy.STRICT);
    }

    /** For use without OSGi (and tests), with the servers read-only connections may reach ({@code readonly.hosts}). */
    public RemoteDriver(RemoteSettings settings, RemoteAccessPolicy policy) {
        apply(settings, policy);
    }

    @Activate
    @Modified
    void activate(RemoteConfig config) {
        apply(RemoteSettings.from(config), RemoteAccessPolicy.of(null, null, null, config.readonly_hosts()));
    }

    private void apply(RemoteSettings s, RemoteAccessPolicy policy) {
        settings = s;
        // ssh's own default: the local user's name when neither the URI, the auth file nor the callback names one
        login = new RemoteLogin(policy, s.authFile(), System::getenv, System.getProperty("user.name"),
            ErrorDomain.REMOTE, PID);
    }

    @Override
    public String name() {
        return "remote";
    }

    @Override
    public Class<? extends DriverConnection> connectionType() {
        return RemoteConnection.class;
    }

    @Override
    public DriverConnection open(ConnectRequest request) {
        RemoteUri remote = RemoteUri.parse(request.uri());
        if (remote == null) {
            return null;
        }
        RemoteSettings s = settings;
        if (request.keepalive() != null) {
            // a named connection's own keepalive (ConnectRequest.keepalive) over the driver's
            s = new RemoteSettings(s.connectTimeout(), s.callTimeout(), request.keepalive().interval(),
                request.keepalive().count(), s.ssh(), s.authFile());
        }
        RpcTransport transport = RemoteTransports.connect(remote, request, s, login);
        RemoteConnection c = RemoteConnection.open(request.uri().toString(), remote, transport, request.readOnly(), s);
        hostEvents.opened(c);
        return c;
    }

    /**
     * Every domain event of every remote host with an open connection, for the core's EventAdmin
     * bridge: the remote driver keeps no hosts of its own, so a host is followed while a
     * connection to it is open ({@link HostEvents}).
     */
    @Override
    public AutoCloseable observeDomainEvents(DomainEventObserver observer) {
        return hostEvents.observeDomains(observer);
    }

    /** Tests: waits until the host-event registrations asked for so far are made. */
    void settleHostEvents() throws InterruptedException, java.util.concurrent.ExecutionException {
        hostEvents.settle();
    }

    @Override
    public AutoCloseable observeNetworkEvents(NetworkEventObserver observer) {
        return hostEvents.observeNetworks(observer);
    }

    @Override
    public AutoCloseable observeStoragePoolEvents(StorageEventObserver observer) {
        return hostEvents.observePools(observer);
    }
}
