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
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * The remote driver service (libvirt's remote driver): URIs {@code DRIVER+unix:///PATH[?socket=...]}
 * and {@code DRIVER+tcp://HOST[:PORT]/PATH}, any driver name (the far side decides what it serves).
 * Stateless: every connection is a client of a libvirtd or a jvirt server, and nothing is kept
 * locally. Its schemes are the core's transport patterns ({@code *+unix}, {@code *+tcp}).
 */
@Component(service = HypervisorDriver.class, configurationPid = RemoteDriver.PID, property = {
    HypervisorDriver.PROP_NAME + "=remote",
    HypervisorDriver.PROP_SCHEMES + "=*+unix",
    HypervisorDriver.PROP_SCHEMES + "=*+tcp",
    HypervisorDriver.PROP_SCHEMES + "=*+ssh",
    HypervisorDriver.PROP_STATEFUL + ":Boolean=false"
})
@Designate(ocd = RemoteConfig.class)
public final class RemoteDriver implements HypervisorDriver {

    static final String PID = "io.jvirt.driver.remote";

    private volatile RemoteSettings settings;
    private volatile RemoteLogin login;

    /** The DS constructor; settings come from {@link #activate}. */
    public RemoteDriver() {
        this(RemoteSettings.defaults());
    }

    /** For use without OSGi (and tests). */
    public RemoteDriver(RemoteSettings settings) {
        apply(settings);
    }

    @Activate
    @Modified
    void activate(RemoteConfig config) {
        apply(RemoteSettings.from(config));
    }

    private void apply(RemoteSettings s) {
        settings = s;
        // ssh's own default: the local user's name when neither the URI, the auth file nor the callback names one
        login = new RemoteLogin(RemoteAccessPolicy.STRICT, s.authFile(), System::getenv, System.getProperty("user.name"),
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
        return RemoteConnection.open(request.uri().toString(), remote, transport, request.readOnly(), s);
    }
}
